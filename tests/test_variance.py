"""Exact variance decomposition over full factorials, and rank/verdict summaries, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcstudy.compare.design import full_factorial
from lcstudy.compare.variance import effects

NAN = math.nan


def _runs(levels: dict[str, list], y: list[float], **extra: list) -> pd.DataFrame:
    """A full factorial (last factor fastest) with output ``y``."""
    return full_factorial(levels).assign(y=y, **extra)


#: (levels, y, expected {factor: (first_order, total)}); hand computation in the comment.
CASES = [
    # 2x2, y = a + 2b: 0, 2, 1, 3. Var y = 1.25. E[y|a] = 1, 2 -> var 0.25 -> S_a = 0.2;
    # E[y|b] = 0.5, 2.5 -> var 1 -> S_b = 0.8; additive, so total = first order.
    ({"a": [0, 1], "b": [0, 1]}, [0, 2, 1, 3], {"a": (0.2, 0.2), "b": (0.8, 0.8)}),
    # 2x2 interaction only, y = a xor b: 0, 1, 1, 0. Var y = 0.25; E[y|a] = E[y|b] = 0.5
    # -> S = 0; with b fixed, y takes 0 and 1 -> var 0.25 -> total 1.
    ({"a": [0, 1], "b": [0, 1]}, [0, 1, 1, 0], {"a": (0.0, 1.0), "b": (0.0, 1.0)}),
    # 2x3: rows a1: 0 1 2, a2: 1 3 5. Mean 2, Var y = 16/6 = 8/3.
    # E[y|a] = 1, 3 -> var 1 -> S_a = 3/8. E[y|b] = 0.5, 2, 3.5 -> var 1.5 -> S_b = 9/16.
    # Var over a for each b: 1/4, 1, 9/4 -> mean 7/6 -> ST_a = 7/16.
    # Var over b for each a: 2/3, 8/3 -> mean 5/3 -> ST_b = 5/8. (Interaction share 1/16.)
    ({"a": ["a1", "a2"], "b": ["b1", "b2", "b3"]}, [0, 1, 2, 1, 3, 5],
     {"a": (3 / 8, 7 / 16), "b": (9 / 16, 5 / 8)}),
    # one factor: it explains everything
    ({"a": ["p", "q", "r"]}, [1, 2, 6], {"a": (1.0, 1.0)}),
    # a factor that does nothing: y = 3b over 2x2 -> S_a = ST_a = 0
    ({"a": [0, 1], "b": [0, 1]}, [0, 3, 0, 3], {"a": (0.0, 0.0), "b": (1.0, 1.0)}),
]


@pytest.mark.parametrize(("levels", "y", "expected"), CASES)
def test_shares_by_hand(levels, y, expected) -> None:
    out = effects(_runs(levels, y), list(levels), "y").set_index("factor")
    for factor, (first, total) in expected.items():
        assert out.loc[factor, "first_order"] == pytest.approx(first, abs=1e-12)
        assert out.loc[factor, "total"] == pytest.approx(total, abs=1e-12)
        assert out.loc[factor, "note"] == ""
    assert (out["total"] >= out["first_order"] - 1e-12).all()


def test_missing_value_levels_are_levels() -> None:
    # cap None (open) or 100; the 2x2 of the first case with a = None, 100: S_a = 0.2
    runs = _runs({"cap": [None, 100], "b": [0, 1]}, [0, 2, 1, 3])
    out = effects(runs, ["cap", "b"], "y").set_index("factor")
    assert out.loc["cap", ["levels", "first_order", "total"]].tolist() == \
        [2, pytest.approx(0.2), pytest.approx(0.2)]
    # a dead None level is left out like any other
    dead = _runs({"cap": [None, 100, 200], "b": [0, 1]}, [NAN, NAN, 0, 2, 1, 3])
    out = effects(dead, ["cap", "b"], "y").set_index("factor")
    assert out.loc["cap", "note"] == "over the runs without cap=None (2 runs): all inapplicable"
    assert out.loc["b", "first_order"] == pytest.approx(0.8)


def test_run_order_does_not_matter() -> None:
    runs = _runs({"a": ["a1", "a2"], "b": ["b1", "b2", "b3"]}, [0, 1, 2, 1, 3, 5])
    shuffled = runs.iloc[[4, 0, 5, 2, 1, 3]]
    pd.testing.assert_frame_equal(
        effects(runs, ["a", "b"], "y").set_index("factor").sort_index(),
        effects(shuffled, ["a", "b"], "y").set_index("factor").sort_index())


def test_whole_inapplicable_level_is_left_out_and_said() -> None:
    # the 2x3 case plus a level a3 whose three runs are all inapplicable: same shares
    runs = _runs({"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]},
                 [0, 1, 2, 1, 3, 5, NAN, NAN, NAN])
    out = effects(runs, ["a", "b"], "y").set_index("factor")
    assert out.loc["a", "first_order"] == pytest.approx(3 / 8)
    assert out.loc["b", "total"] == pytest.approx(5 / 8)
    assert out.loc["a", "levels"] == 2 and out.loc["a", "runs"] == 6
    assert out.loc["a", "note"] == "over the runs without a=a3 (3 runs): all inapplicable"


def test_scattered_inapplicable_runs_make_it_not_computable() -> None:
    runs = _runs({"a": [0, 1], "b": [0, 1]}, [NAN, 2, 1, 3],
                 why=["geometric mean of a zero", "", "", ""])
    out = effects(runs, ["a", "b"], "y", reason="why")
    assert out["first_order"].isna().all() and out["total"].isna().all()
    assert out["note"].tolist() == [("not computable: 1 of 4 runs inapplicable (geometric mean "
                                    "of a zero), not whole levels: no exact decomposition")] * 2


def test_every_run_inapplicable() -> None:
    runs = _runs({"a": [0, 1]}, [NAN, NAN], why=["no city reported", "no city reported"])
    out = effects(runs, ["a"], "y", reason="why")
    assert out["note"].tolist() == ["not computable: 2 of 2 runs inapplicable (no city reported)"]


def test_no_variation_is_said_not_divided() -> None:
    out = effects(_runs({"a": [0, 1], "b": [0, 1]}, [7, 7, 7, 7]), ["a", "b"], "y")
    assert out["first_order"].isna().all()
    assert out["note"].tolist() == ["no variation: the output is 7 in every run"] * 2


def test_one_level_factor_is_said() -> None:
    out = effects(_runs({"a": [0], "b": [0, 1]}, [1, 5]), ["a", "b"], "y").set_index("factor")
    assert out.loc["a", ["first_order", "total", "note"]].tolist() == \
        [0.0, 0.0, "one level: not varied"]
    assert out.loc["b", "first_order"] == 1.0


def test_by_groups_are_decomposed_separately() -> None:
    one = _runs({"a": [0, 1], "b": [0, 1]}, [0, 2, 1, 3]).assign(place_id="x")
    two = _runs({"a": [0, 1], "b": [0, 1]}, [0, 1, 1, 0]).assign(place_id="y")
    out = effects(pd.concat([one, two]), ["a", "b"], "y", by=["place_id"])
    assert out[["place_id", "factor", "first_order", "total"]].to_numpy().tolist() == [
        ["x", "a", pytest.approx(0.2), pytest.approx(0.2)],
        ["x", "b", pytest.approx(0.8), pytest.approx(0.8)],
        ["y", "a", 0.0, 1.0], ["y", "b", 0.0, 1.0]]


@pytest.mark.parametrize(("runs", "message"), [
    (_runs({"a": [0, 1], "b": [0, 1]}, [0, 2, 1, 3]).iloc[:3],
     "unbalanced grid: 3 of 4 combinations, missing {'a': 1, 'b': 1}: expected a full factorial"),
    (pd.concat([_runs({"a": [0, 1], "b": [0, 1]}, [0, 2, 1, 3]),
                _runs({"a": [0], "b": [0]}, [9])]),
     "runs has more than one row for {'a': 0, 'b': 0}"),
])
def test_unbalanced_grids_are_refused(runs, message) -> None:
    with pytest.raises(ValueError) as error:
        effects(runs, ["a", "b"], "y")
    assert message in str(error.value)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"factors": ["a", "c"]}, "`runs column` must be a column of runs"),
    ({"factors": []}, "`factors` must be at least one factor"),
    ({"factors": ["a", "b"], "by": ["a"]}, "none also in by"),
])
def test_bad_parameters(kwargs, message) -> None:
    runs = _runs({"a": [0, 1], "b": [0, 1]}, [0, 2, 1, 3])
    with pytest.raises(ValueError, match=message):
        effects(runs, output="y", **kwargs)
