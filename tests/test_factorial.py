"""The joint factorial's runs and what they show (:class:`lcstudy.compare.factorial.Robustness`):
rank and verdict summaries over runs, and a small hand-made factorial."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.factorial import FACTORS, Robustness, rank_summary, verdict_shares

NAN = math.nan


#: (exact ranks or interval ranks per run, expected best, worst, median_best, median_worst)
RANKS = [
    # exact ranks 1, 3, 2: best 1, worst 3, median 2
    ({"rank": [1, 3, 2]}, "rank", (1, 3, 2, 2)),
    # an unranked run is counted in runs but not used
    ({"rank": [1, NAN, 2]}, "rank", (1, 2, 1.5, 1.5)),
    # interval ranks [1, 2], [2, 3], [1, 1]: best 1, worst 3; medians 1 and 2
    ({"lo": [1, 2, 1], "hi": [2, 3, 1]}, ("lo", "hi"), (1, 3, 1, 2)),
]


@pytest.mark.parametrize(("columns", "rank", "expected"), RANKS)
def test_rank_summary(columns, rank, expected) -> None:
    runs = pd.DataFrame({"place_id": ["a"] * 3, **columns})
    out = rank_summary(runs, rank).iloc[0]
    assert out[["best", "worst", "median_best", "median_worst"]].tolist() == list(expected)
    assert out["runs"] == 3
    assert out["ranked"] == int(np.isfinite(runs.iloc[:, 1]).sum())


def test_verdict_shares() -> None:
    # a-b: 2 of 4 dominates, 1 undecided, 1 not_comparable; b-a: the mirror
    verdicts = ["dominates", "undecided", "dominates", "not_comparable"]
    mirror = ["dominated", "undecided", "dominated", "not_comparable"]
    runs = pd.DataFrame({"place_id": ["a"] * 4 + ["b"] * 4, "other_id": ["b"] * 4 + ["a"] * 4,
                         "verdict": verdicts + mirror})
    out = verdict_shares(runs)
    assert out.columns.tolist() == ["place_id", "other_id", "runs", "dominates",
                                    "dominated", "undecided", "not_comparable"]
    assert out.iloc[:, 2:].to_numpy().tolist() == [[4, 0.5, 0, 0.25, 0.25],
                                                   [4, 0, 0.5, 0.25, 0.25]]


def test_verdict_shares_refuses_unknown_or_missing_verdicts() -> None:
    runs = pd.DataFrame({"place_id": ["a", "a"], "other_id": ["b", "b"],
                         "verdict": ["better", None]})
    with pytest.raises(ValueError, match=r"`verdict` must be verdicts among dominates"):
        verdict_shares(runs)


def _small_factorial() -> Robustness:
    """Two cities, one group; window and normalisation vary, the rest fixed.

    Under the window ``2021`` the one comparison is drawn over another period
    and the pair verdict turns from undecided to dominates; the
    normalisation swaps the two cities' ranks.
    """
    base = {factor: "x" for factor in FACTORS}
    runs = pd.DataFrame([{**base, "run": i, "window": w, "normalisation": m}
                         for i, (w, m) in enumerate([("own", "minmax"), ("own", "rank"),
                                                     ("2021", "minmax"), ("2021", "rank")])])
    pairs = pd.DataFrame({"run": range(4), "group": "overall", "place_id": "a", "other_id": "b",
                          "verdict": ["undecided", "undecided", "dominates", "dominates"],
                          "indicators": 2, "compared": [1, 1, 2, 2], "refused": [1, 1, 0, 0]})
    ranks = pd.DataFrame([{"run": r, "group": "overall", "place_id": c, "best": b, "worst": b,
                           "copeland_lower": 0, "copeland_upper": 0, "note": ""}
                          for r in range(4) for c, b in (("a", 1 + r % 2), ("b", 2 - r % 2))])
    comparisons = pd.DataFrame([{**{f: "x" for f in FACTORS[:4]}, "window": w,
                                 "indicator_id": "awards", "measure": "total", "city_a": "a",
                                 "city_b": "b", "period": period, "verdict": verdict,
                                 "reason_code": code}
                                for w, period, verdict, code in
                                (("own", "2017-2024", "undecided", "overlap"),
                                 ("2021", "2021-2024", "higher", "ordered"))])
    return Robustness(runs=runs, ranks=ranks, pairs=pairs, comparisons=comparisons)


def test_changes_counts_what_each_factor_moves_and_marks_inert_factors() -> None:
    """Two factors vary; only the window moves the verdict, only the scaling the rank."""
    changes = _small_factorial().changes().set_index("factor")
    assert changes.loc["window", ["comparisons", "verdicts", "ranks", "inert"]].tolist() == [
        1, 1, 0, False]
    assert changes.loc["normalisation", ["comparisons", "verdicts", "ranks", "inert"]].tolist() \
        == [0, 0, 2, False]
    assert changes.loc["aggregation", ["levels", "inert"]].tolist() == [1, True]
    assert changes["of_verdicts"].eq(1).all() and changes["of_cities"].eq(2).all()
    assert changes["of_comparisons"].eq(1).all()


def test_changed_lists_each_moved_result_with_its_value_under_each_level() -> None:
    changed = _small_factorial().changed()
    window = changed[changed["factor"] == "window"].set_index("result")
    assert window.loc["verdict", "values"] == "own: undecided; 2021: dominates"
    assert window.loc["comparison", "values"] == (
        "own: undecided over 2017-2024; 2021: higher over 2021-2024")
    assert window.loc["verdict", ["moved_in", "sets"]].tolist() == [2, 2]
    ranks = changed[(changed["factor"] == "normalisation") & (changed["result"] == "rank")]
    assert ranks.set_index("place_id")["values"].to_dict() == {
        "a": "minmax: 1; rank: 2", "b": "minmax: 2; rank: 1"}
    assert set(changed["factor"]) == {"window", "normalisation"}


def test_by_level_shows_the_period_each_window_compares_over() -> None:
    by_window = _small_factorial().by_level("window")
    assert by_window[["level", "period", "period_changed", "verdict_changed"]].to_numpy(
        ).tolist() == [["own", "2017-2024", False, False], ["2021", "2021-2024", True, True]]
    with pytest.raises(ValueError, match="factor"):
        _small_factorial().by_level("normalisation")


def test_verdict_shares_carry_the_compared_and_refused_counts() -> None:
    shares = _small_factorial().verdict_shares().iloc[0]
    assert shares[["indicators", "compared_min", "compared_max", "refused_min",
                   "refused_max"]].tolist() == [2, 1, 2, 0, 1]
    assert shares[["dominates", "undecided"]].tolist() == [0.5, 0.5]
