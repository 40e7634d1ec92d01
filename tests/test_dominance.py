"""Pairwise dominance and Copeland intervals, worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcstudy.compare.dominance import copeland, pair_verdicts, pairwise

INF, NAN = math.inf, math.nan


def _frame(values: dict[str, dict[str, tuple[float, float]]], direction: str = "higher"
           ) -> pd.DataFrame:
    """``{place: {indicator: (lower, upper)}}`` as a tidy frame, one direction for all."""
    rows = [(place, indicator, float(lo), float(hi), direction)
            for place, cells in values.items() for indicator, (lo, hi) in cells.items()]
    return pd.DataFrame(rows, columns=["place_id", "indicator_id", "lower", "upper", "direction"])


#: The module's worked example: x: a = 5, b = 3, c = 4..6; y: a = 1, b = 2, c = 0.
EXAMPLE = {"a": {"x": (5, 5), "y": (1, 1)}, "b": {"x": (3, 3), "y": (2, 2)},
           "c": {"x": (4, 6), "y": (0, 0)}}


#: (A's interval, B's interval, direction, verdict, possibly_better, possibly_worse)
ONE_INDICATOR = [
    ((5, 5), (3, 3), "higher", "surely_better", True, False),
    ((3, 3), (5, 5), "higher", "surely_worse", False, True),
    ((1, 1), (3, 3), "lower", "surely_better", True, False),  # fewer is better here
    ((5, 5), (5, 5), "higher", "equal", False, False),
    ((2, 4), (3, 5), "higher", "undecided", True, True),
    ((5, 7), (3, 5), "higher", "undecided", True, False),  # touching: A never worse
    ((5, 7), (3, 5), "lower", "undecided", False, True),
    ((101, INF), (50, 50), "higher", "surely_better", True, False),
    ((101, INF), (200, 200), "higher", "undecided", True, True),  # open: may exceed 200
    ((101, INF), (101, INF), "higher", "undecided", True, True),  # both open: not equal
    ((101, INF), (50, 50), "lower", "surely_worse", False, True),
    ((4, 4), (NAN, NAN), "higher", "not_reported", True, True),  # unknown: either way
]


@pytest.mark.parametrize(("a", "b", "direction", "verdict", "better", "worse"), ONE_INDICATOR)
def test_one_indicator(a, b, direction, verdict, better, worse) -> None:
    out = pair_verdicts(_frame({"A": {"x": a}, "B": {"x": b}}, direction))
    first = out.iloc[0]
    assert (first["place_id"], first["other_id"]) == ("A", "B")
    assert (first["verdict"], first["possibly_better"], first["possibly_worse"]) == \
        (verdict, better, worse)


def test_verdicts_are_mirrored_between_the_two_orders() -> None:
    out = pair_verdicts(_frame(EXAMPLE)).set_index(["indicator_id", "place_id", "other_id"])
    mirror = {"surely_better": "surely_worse", "surely_worse": "surely_better"}
    for (indicator, a, b), row in out.iterrows():
        back = out.loc[(indicator, b, a)]
        assert back["verdict"] == mirror.get(row["verdict"], row["verdict"])
        assert back["possibly_better"] == row["possibly_worse"]


#: (A on x, y; B on x, y; necessary, possible) with higher better.
DOMINANCE = [
    # better on x, equal on y: A dominates necessarily (and so possibly)
    ((5, 5), (5, 5), (3, 3), (5, 5), True, True),
    # touching on y (A >= B always) and better on x: still necessary
    ((5, 5), (5, 7), (3, 3), (3, 5), True, True),
    # overlap on x, equal on y: A may be better, never surely
    ((5, 7), (5, 5), (3, 6), (5, 5), False, True),
    # equal everywhere: no strict gain possible
    ((5, 5), (5, 5), (5, 5), (5, 5), False, False),
    # better on x, worse on y: neither
    ((5, 5), (1, 1), (3, 3), (2, 2), False, False),
    # nothing reported on one side: nothing compared, no dominance either way
    ((5, 5), (5, 5), (NAN, NAN), (NAN, NAN), False, False),
    # open bound against a larger value: possible only
    ((1, INF), (5, 5), (3, 3), (5, 5), False, True),
]


@pytest.mark.parametrize(("ax", "ay", "bx", "by", "necessary", "possible"), DOMINANCE)
def test_necessary_and_possible_dominance(ax, ay, bx, by, necessary, possible) -> None:
    out = pairwise(_frame({"A": {"x": ax, "y": ay}, "B": {"x": bx, "y": by}}))
    first = out.iloc[0]
    assert (first["necessary"], first["possible"]) == (necessary, possible)
    # necessary implies possible
    assert not (out["necessary"] & ~out["possible"]).any()


def test_worked_example_counts() -> None:
    out = pairwise(_frame(EXAMPLE)).set_index(["place_id", "other_id"])
    columns = ["surely_better", "surely_worse", "equal", "undecided", "possibly_better",
               "possibly_worse", "n_compared"]
    # a v c: x undecided (both ways possible), y surely better
    assert out.loc[("a", "c"), columns].tolist() == [1, 0, 0, 1, 2, 1, 2]
    # c v a: the mirror image
    assert out.loc[("c", "a"), columns].tolist() == [0, 1, 0, 1, 1, 2, 2]
    # a v b: one surely better, one surely worse
    assert out.loc[("a", "b"), columns].tolist() == [1, 1, 0, 0, 1, 1, 2]
    assert out.loc[("a", "c"), ["necessary", "possible"]].tolist() == [False, True]


def test_worked_example_copeland() -> None:
    # a v b draw, b v c draw, a v c: a wins or draws; so a 0..1, b 0..0, c -1..0
    out = copeland(pairwise(_frame(EXAMPLE)))
    assert out[["place_id", "surely_wins", "possible_wins", "surely_losses",
                "possible_losses", "lower", "upper"]].to_numpy().tolist() == [
        ["a", 0, 1, 0, 0, 0, 1], ["b", 0, 0, 0, 0, 0, 0], ["c", 0, 0, 0, 1, -1, 0]]


def test_copeland_sure_win_and_uncompared_opponent() -> None:
    # a beats b on both; d reports nothing: uncompared for all, a possible win or loss
    # against everyone (unknown, not a tie)
    data = _frame({"a": {"x": (5, 5), "y": (5, 5)}, "b": {"x": (1, 1), "y": (1, 1)},
                   "d": {"x": (NAN, NAN), "y": (NAN, NAN)}})
    out = copeland(pairwise(data)).set_index("place_id")
    assert out.loc["a", ["opponents", "uncompared", "lower", "upper"]].tolist() == [2, 1, 0, 2]
    assert out.loc["b", ["lower", "upper"]].tolist() == [-2, 0]
    assert out.loc["d", ["uncompared", "lower", "upper"]].tolist() == [2, -2, 2]
    # without d, a's win is sure
    sure = copeland(pairwise(data[data["place_id"] != "d"])).set_index("place_id")
    assert sure.loc["a", ["lower", "upper"]].tolist() == [1, 1]


def test_groups_and_missing_rows() -> None:
    # b has no row for y: not reported there; y alone makes group "two"
    data = _frame({"a": {"x": (5, 5), "y": (5, 5)}, "b": {"x": (1, 1)}})
    out = pairwise(data, framework={"one": ["x", "y"], "two": ["y"]})
    assert out[["group", "place_id", "surely_better", "not_reported", "n_compared"]
               ].to_numpy().tolist() == [["one", "a", 1, 1, 1], ["one", "b", 0, 1, 1],
                                         ["two", "a", 0, 1, 0], ["two", "b", 0, 1, 0]]
    verdicts = pair_verdicts(data, framework={"two": ["y"]})
    assert verdicts["reason"].tolist() == ["b not reported", "b not reported"]


def test_comparable_flag_excludes_and_counts() -> None:
    data = _frame(EXAMPLE).assign(comparable=[True, True, True, True, False, True])  # c on x
    out = pairwise(data, comparable="comparable").set_index(["place_id", "other_id"])
    # a v c: y surely better, x refused and so unknown: a dominates c possibly, not necessarily
    assert out.loc[("a", "c"), ["not_comparable", "n_compared", "necessary", "possible"]
                   ].tolist() == [1, 1, False, True]
    assert out.loc[("a", "b"), "not_comparable"] == 0
    reasons = pair_verdicts(data, comparable="comparable").query("verdict == 'not_comparable'")
    assert sorted(reasons["reason"]) == ["c flagged not comparable"] * 4


def test_comparability_frame_in_either_order() -> None:
    data = _frame({"a": {"x": (5, 5)}, "b": {"x": (3, 3)}, "c": {"x": (1, 1)}})
    verdicts = pd.DataFrame({"indicator_id": ["x"] * 3, "place_id": ["a", "c", "b"],
                             "other_id": ["b", "a", "c"], "comparable": [True, False, True],
                             "reason": ["", "no common window", ""]})
    out = pair_verdicts(data, comparability=verdicts)
    excluded = out[out["verdict"] == "not_comparable"]
    found = zip(excluded["place_id"], excluded["other_id"], excluded["reason"], strict=True)
    assert sorted(found) == [
        ("a", "c", "no common window"), ("c", "a", "no common window")]
    with pytest.raises(ValueError, match=r"no verdict for indicator_id='x', pair \('a', 'c'\)"):
        pair_verdicts(data, comparability=verdicts.iloc[[0, 2]])


@pytest.mark.parametrize(("directions", "message"), [
    (["none", "none"], "`direction of 'x'` must be one of 'higher', 'lower'; got 'none'"),
    (["higher", "lower"], ("`direction of 'x'` must be one of 'higher', 'lower'; "
                          "got ['higher', 'lower']")),
])
def test_bad_direction(directions, message) -> None:
    data = _frame({"a": {"x": (1, 1)}, "b": {"x": (2, 2)}}).assign(direction=directions)
    with pytest.raises(ValueError) as error:
        pairwise(data)
    assert message in str(error.value)


def test_input_untouched() -> None:
    data = _frame(EXAMPLE, "lower")
    before = data.copy()
    pairwise(data)
    pd.testing.assert_frame_equal(data, before)


def test_by_runs_in_one_call_equals_one_call_per_run() -> None:
    # run 2 makes c's x 4, below a's 5: a beats c surely; a v b is still a draw, so
    # Copeland a 1..1, c -1..-1
    one = _frame(EXAMPLE).assign(run=1)
    two = _frame({**EXAMPLE, "c": {"x": (4, 4), "y": (0, 0)}}).assign(run=2)
    verdicts = pd.DataFrame({"run": [2], "indicator_id": ["y"], "place_id": ["a"],
                             "other_id": ["b"], "comparable": [False]})
    together = pairwise(pd.concat([one, two], ignore_index=True), by=["run"])
    assert together.columns.tolist()[:4] == ["run", "group", "place_id", "other_id"]
    separate = pd.concat([pairwise(one).assign(run=1), pairwise(two).assign(run=2)],
                         ignore_index=True)
    pd.testing.assert_frame_equal(together, separate[together.columns.tolist()])
    scores = copeland(together)
    assert scores[["run", "place_id", "lower", "upper"]].to_numpy().tolist() == [
        [1, "a", 0, 1], [1, "b", 0, 0], [1, "c", -1, 0],
        [2, "a", 1, 1], [2, "b", 0, 0], [2, "c", -1, -1]]
    # a verdict table for one run only: run 1 has no row for its pairs -> refused
    with pytest.raises(ValueError, match="no verdict"):
        pair_verdicts(pd.concat([one, two]), by=["run"], comparability=verdicts)
