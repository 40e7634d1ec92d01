"""Summaries per KFLC area: headline intervals, dominance and aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.framework import framework
from lcstudy.compare.summaries import (
    aggregate_summary,
    comparable_pairs,
    dominance_summary,
    headline,
    scores,
)


def _cells(rows: list[tuple[str, str, str, str, float, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "measure", "place_id", "state", "lower",
                                       "upper", "complete"])


CELLS = _cells([
    ("x", "total", "a", "exact", 5.0, 5.0, True),
    ("x", "total", "b", "exact", 2.0, 2.0, False),
    ("y", "total", "a", "exact", 9.0, 9.0, False),
    ("y", "per_100k", "a", "lower_bound", 3.0, np.inf, False),
    ("y", "per_100k", "b", "exact", 1.0, 1.0, False),
    ("z", "total", "a", "not_reported", np.nan, np.nan, False),
    ("z", "total", "b", "known_zero", 0.0, 0.0, True),
])


def test_headline_uses_per_capita_measure_and_opens_incomplete_counts(
        catalogue: pd.DataFrame) -> None:
    out = headline(CELLS, catalogue)
    assert out[["indicator_id", "measure", "place_id"]].to_numpy().tolist() == [
        ["x", "total", "a"], ["x", "total", "b"], ["y", "per_100k", "a"],
        ["y", "per_100k", "b"], ["z", "total", "a"], ["z", "total", "b"]]
    assert out["upper"].tolist()[:4] == [5.0, np.inf, np.inf, np.inf]
    assert out["upper"].tolist()[5] == 0.0  # a known zero is exact
    assert CELLS["upper"].tolist()[1] == 2.0  # input untouched


def _pairs(verdicts: dict[str, str]) -> pd.DataFrame:
    """Engine rows for the pair (a, b): verdict per indicator, a's and b's headline bounds."""
    bounds = {"x": (5.0, 5.0, 2.0, 2.0), "y": (3.0, np.inf, 1.0, np.inf),
              "z": (np.nan, np.nan, 0.0, 0.0)}
    rows = []
    for indicator, text in verdicts.items():
        measure, verdict = text.split(":")
        a_lo, a_hi, b_lo, b_hi = bounds[indicator]
        rows.append({"indicator_id": indicator, "measure": measure, "city_a": "a",
                     "city_b": "b", "period": "2020-2020", "verdict": verdict,
                     "better": "a" if verdict == "higher" else "",
                     "reason_code": "overlap" if verdict == "undecided" else
                     "not_reported" if verdict == "not_comparable" else "ordered",
                     "reason": "" if verdict != "not_comparable" else "why",
                     "a_lower": a_lo, "a_upper": a_hi, "b_lower": b_lo, "b_upper": b_hi})
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("verdicts", "expected"), [
    # x and y undecided by the engine, z refused: counted as not comparable, never a tie
    ({"x": "total:undecided", "y": "per_100k:undecided", "z": "total:not_comparable"},
     {"undecided": 2, "not_comparable": 1, "necessary": False, "possible": True}),
    ({"x": "total:not_comparable", "y": "per_100k:not_comparable", "z": "total:not_comparable"},
     {"undecided": 0, "not_comparable": 3, "necessary": False, "possible": False}),
    # the engine's order is taken as it is: nothing is recomputed from the cities' values;
    # two refused indicators could go either way, so the dominance is possible, not necessary
    ({"x": "total:higher", "y": "per_100k:not_comparable", "z": "total:not_comparable"},
     {"surely_better": 1, "not_comparable": 2, "necessary": False, "possible": True}),
    ({"x": "total:higher"}, {"surely_better": 1, "not_comparable": 0, "necessary": True}),
])
def test_dominance_counts_the_engine_verdicts(verdicts: dict[str, str],
                                              expected: dict[str, object],
                                              catalogue: pd.DataFrame, kflc: pd.DataFrame) -> None:
    cells = headline(CELLS, catalogue)
    counts, scores = dominance_summary(comparable_pairs(_pairs(verdicts), cells),
                                       framework(catalogue, kflc), catalogue)
    row = counts[(counts["group"] == "overall") & (counts["place_id"] == "a")].iloc[0]
    assert {k: row[k] for k in expected} == expected
    other = counts[(counts["group"] == "overall") & (counts["place_id"] == "b")].iloc[0]
    assert other["surely_worse"] == expected.get("surely_better", 0)
    assert set(scores["group"]) == set(counts["group"]) and "overall" in set(counts["group"])


def test_aggregation_says_not_computable_with_k_of_n(catalogue: pd.DataFrame) -> None:
    cells = headline(CELLS, catalogue)
    out = aggregate_summary(cells, {"overall": ["x", "y", "z"]}, methods=["arithmetic"])
    # a reports x and y (2 of 3 >= ceil(0.65 * 3) = 2); b reports all three.
    assert out["n_reported"].tolist() == [2, 3]
    # x: a 5 -> 100, b 2 -> 1; y: a [3, inf) -> [100, inf), b 1 -> 1; z: b alone, no scale.
    assert out.loc[0, "lower"] == pytest.approx(100.0) and np.isinf(out.loc[0, "upper"])
    # b: x [1, inf), y 1, z reported but alone (no scale): 2 on a scale suffice.
    assert out.loc[1, "status"] == "computed" and out.loc[1, "lower"] == pytest.approx(1.0)
    three = aggregate_summary(cells, {"overall": ["x", "y", "z"]}, methods=["arithmetic"],
                              threshold=1.0)
    assert three.loc[1, "note"] == ("not computable: 3 of 3 reported, 2 on a common scale "
                                    "(needs at least 3; a single known value has no scale)")
    assert three.loc[0, "note"] == "not computable: 2 of 3 reported (needs at least 3)"


def test_an_indicator_refused_for_a_shared_tie_is_left_out_of_the_aggregate():
    from lcstudy.compare.summaries import aggregate_summary
    # two indicators, both reported by a and b; on h the pair holds one shared tie
    cells = pd.DataFrame({"place_id": ["a", "b", "a", "b"], "indicator_id": ["g", "g", "h", "h"],
                          "lower": [1.0, 3.0, 1.0, 1.0], "upper": [1.0, 3.0, 1.0, 1.0],
                          "state": "exact", "direction": "higher"})
    pairs = pd.DataFrame({"indicator_id": ["g", "h"], "place_id": "a", "other_id": "b",
                          "comparable": [True, False], "period": "2020-2020",
                          "reason_code": ["ordered", "shared_tie"],
                          "reason": ["", "only the shared claim ab: one tie"]})
    groups = {"all": ["g", "h"]}
    kept = aggregate_summary(cells, groups, methods=["arithmetic"], threshold=0.5)
    left = aggregate_summary(cells, groups, methods=["arithmetic"], threshold=0.5, pairs=pairs)
    assert set(kept["n_reported"]) == {2}
    assert set(left["n_reported"]) == {1}  # h no longer counts
    # with 1 of 2 reported and threshold 0.65 the aggregate is not computable
    strict = aggregate_summary(cells, groups, methods=["arithmetic"], pairs=pairs)
    assert strict["note"].str.startswith("not computable: 1 of 2").all()


def test_an_indicator_compared_over_different_periods_is_left_out_of_the_aggregate():
    from lcstudy.compare.summaries import aggregate_summary
    cells = pd.DataFrame({"place_id": ["a", "b", "c"] * 2, "indicator_id": ["g"] * 3 + ["h"] * 3,
                          "lower": [1.0, 3.0, 2.0] * 2, "upper": [1.0, 3.0, 2.0] * 2,
                          "state": "exact", "direction": "higher"})
    pairs = pd.DataFrame({"indicator_id": ["g"] * 3 + ["h"] * 3,
                          "place_id": ["a", "a", "b"] * 2, "other_id": ["b", "c", "c"] * 2,
                          "comparable": True, "reason_code": "ordered", "reason": "",
                          "period": ["2020-2021"] * 3 + ["2020-2021", "2021-2021", "2021-2021"]})
    out = aggregate_summary(cells, {"all": ["g", "h"]}, methods=["arithmetic"], threshold=1.0,
                            pairs=pairs)
    assert set(out["n_reported"]) == {1}  # h is compared over two periods: no common scale


#: Three cities on two exact indicators, one of which is better lower ("cost").
THREE = pd.DataFrame({"indicator_id": ["gain"] * 3 + ["cost"] * 3,
                      "place_id": ["a", "b", "c"] * 2,
                      "lower": [1.0, 2.0, 6.0, 10.0, 20.0, 30.0],
                      "upper": [1.0, 2.0, 6.0, 10.0, 20.0, 30.0],
                      "direction": ["higher"] * 3 + ["lower"] * 3,
                      "state": "exact"})


@pytest.mark.parametrize("normalisation", ["minmax", "zscore", "rank", "percentile"])
def test_scores_apply_the_direction_once_the_best_city_highest(normalisation) -> None:
    scored = scores(THREE, normalisation).set_index(["indicator_id", "place_id"])
    gain, cost = scored.loc["gain", "normalised_lower"], scored.loc["cost", "normalised_lower"]
    assert gain["c"] > gain["b"] > gain["a"]
    assert cost["a"] > cost["b"] > cost["c"]  # 10 is the best cost


def test_each_normalisation_gives_its_own_aggregates() -> None:
    """z-scores are aggregated as z-scores, not min-maxed again (which would equal min-max)."""
    groups = {"overall": ["gain", "cost"]}
    means = {method: aggregate_summary(THREE, groups, normalisation=method,
                                       methods=["arithmetic"])["lower"].round(6).tolist()
             for method in ("minmax", "zscore", "rank", "percentile")}
    gain = (np.array([1.0, 2.0, 6.0]) - 3) / np.std([1.0, 2.0, 6.0], ddof=1)
    cost = -(np.array([10.0, 20.0, 30.0]) - 20) / 10
    assert means["zscore"] == pytest.approx(((gain + cost) / 2).round(6).tolist())
    assert means["rank"] == [2.0, 2.0, 2.0]  # a: ranks 1 and 3, b: 2 and 2, c: 3 and 1
    assert len({tuple(m) for m in means.values()}) == 4
    geometric = aggregate_summary(THREE, groups, normalisation="zscore", methods=["geometric"])
    assert geometric["note"].str.startswith("not computable: geometric mean needs values "
                                            "above 0").all()
