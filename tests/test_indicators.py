"""Indicators: the tidy table, the wide comparison and the coverage grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.choices import Choices
from lcstudy.compare.indicators import (
    MEASURES,
    PER_100K_METHOD,
    comparison,
    coverage_table,
    tidy_indicators,
)
from lcstudy.data.datapackage import PROCESSED, comparison_fields

INF = np.inf
NAN = np.nan


# --- tidy_indicators ------------------------------------------------------------------------


def _claim(name: str, place: str, indicator: str, lower: float, upper: float, *,
           per_100k: tuple[float, float] = (NAN, NAN), per_km2: tuple[float, float] = (NAN, NAN),
           per_year: tuple[float, float] = (NAN, NAN), population: float = NAN,
           source: str = "s") -> dict[str, object]:
    """One row of normalised claims (the columns tidy_indicators reads)."""
    known = not np.isnan(population)
    return {"claim": name, "place_id": place, "indicator_id": indicator, "lower": lower,
            "upper": upper, "year": 2021, "source_ids": source, "value_type": "count",
            "unit": "count", "direction": "higher", "per_capita": known, "per_area": True,
            "lower_per_100k": per_100k[0], "upper_per_100k": per_100k[1],
            "lower_per_km2": per_km2[0], "upper_per_km2": per_km2[1],
            "lower_per_year": per_year[0], "upper_per_year": per_year[1],
            "population": population, "population_year": "2021" if known else None,
            "population_definition": "residents" if known else None,
            "population_method": "exact" if known else "not applicable",
            "population_source_ids": "p1" if known else None, "status": "happened",
            "part_of": None, "role": "subject", "relation": None,
            "complete_list": "a-complete-list"}  # read from a complete list: closed counts


@pytest.fixture
def claimed() -> pd.DataFrame:
    """Two claims of place a on g (one open), one of b on h with counts only."""
    return pd.DataFrame([
        _claim("c1", "a", "g", 2.0, 2.0, per_100k=(1.0, 1.0), per_km2=(0.5, 0.5),
               per_year=(2.0, 2.0), population=200_000.0, source="s1"),
        _claim("c2", "a", "g", 101.0, INF, per_100k=(50.5, INF), per_km2=(25.25, INF),
               per_year=(101 / 3, INF), population=200_000.0, source="s2;s1"),
        _claim("c3", "b", "h", 3.0, 3.0, source="s3"),
    ])


def test_tidy_indicators_one_interval_per_place_indicator_and_measure(claimed):
    before = claimed.copy()
    tidy = tidy_indicators(claimed, Choices(series="press"))
    pd.testing.assert_frame_equal(claimed, before)
    assert tidy.columns.tolist() == PROCESSED["indicators.csv"].column_names
    # sums of the two claims; the open one keeps the sum open; b/h has no denominated measure
    assert tidy[["place_id", "indicator_id", "measure", "lower", "upper"]].values.tolist() == [
        ["a", "g", "per_100k", 51.5, INF], ["a", "g", "per_km2", 25.75, INF],
        ["a", "g", "per_year", pytest.approx(2 + 101 / 3), INF], ["a", "g", "total", 103.0, INF],
        ["b", "h", "total", 3.0, 3.0],
    ]
    a = tidy[tidy["place_id"] == "a"]
    assert set(a["claims"]) == {"c1;c2"} and set(a["source_ids"]) == {"s1;s2"}
    assert set(a["n_claims"]) == {2}
    assert set(a["population_used"]) == {"2021: 200000 (exact 2021, residents)"}
    assert set(a["population_source_ids"]) == {"p1"}
    methods = dict(zip(a["measure"], a["method"], strict=True))
    assert methods["per_100k"] == PER_100K_METHOD + "press"
    assert set(tidy["measure"]) == set(MEASURES)


def test_tidy_indicators_drops_a_measure_with_an_unknown_term(claimed):
    # a third claim of a on g whose population is unknown: the per-capita sum
    # is unknown (no row), not the sum of the other two
    unknown = _claim("c4", "a", "g", 1.0, 1.0, per_km2=(0.25, 0.25), per_year=(1.0, 1.0))
    tidy = tidy_indicators(pd.concat([claimed, pd.DataFrame([unknown])], ignore_index=True),
                           Choices())
    a = tidy[tidy["place_id"] == "a"].set_index("measure")
    assert a.index.tolist() == ["per_km2", "per_year", "total"]
    assert (a.loc["total", "lower"], a.loc["per_km2", "lower"]) == (104.0, 26.0)


# --- comparison -----------------------------------------------------------------------------


def test_comparison_spreads_the_study_cities_side_by_side():
    tidy = pd.DataFrame([
        ("a", "g", "total", 2.0, 4.0), ("b", "g", "total", 101.0, INF),
        ("a", "g", "per_100k", 0.5, 0.5),
        ("c", "h", "total", 7.0, 7.0),  # only a city outside the study: no row
        ("b", "k", "total", 1.0, 1.0),
    ], columns=["place_id", "indicator_id", "measure", "lower", "upper"])
    catalogue = pd.DataFrame({"indicator_id": ["g", "h", "k"], "label": ["G", "H", "K"],
                              "unit": ["count", "count", "year"]})
    before = tidy.copy()
    wide = comparison(tidy, ["b", "a"], catalogue)
    pd.testing.assert_frame_equal(tidy, before)
    assert wide.columns.tolist() == [f.name for f in comparison_fields(["b", "a"])]
    rows = {(r.indicator_id, r.measure): r for r in wide.itertuples()}
    assert sorted(rows) == [("g", "per_100k"), ("g", "total"), ("k", "total")]
    g = rows["g", "total"]
    assert (g.label, g.unit, g.b_lower, g.b_upper, g.a_lower, g.a_upper) == (
        "G", "count", 101.0, INF, 2.0, 4.0)
    k = rows["k", "total"]
    assert (k.b_lower, k.unit) == (1.0, "year")
    assert np.isnan(k.a_lower) and np.isnan(k.a_upper)  # no evidence: empty, not zero
    assert np.isnan(rows["g", "per_100k"].b_lower)


# --- coverage_table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [(3.0, 3.0, "exact"), (0.0, 0.0, "exact"), (2.0, 4.0, "bounded"),
     (101.0, INF, "lower_bound"), (NAN, NAN, "not_reported")],
)
def test_coverage_status(lower, upper, expected):
    tidy = pd.DataFrame({"place_id": ["a"], "indicator_id": ["g"], "measure": ["total"],
                         "lower": [lower], "upper": [upper], "source_ids": ["s1"]})
    assert coverage_table(tidy, cities=["a"])["state"].tolist() == [expected]


def test_coverage_table_fills_the_grid_in_order():
    tidy = pd.DataFrame({
        "place_id": ["b", "a", "a"], "indicator_id": ["h", "g", "g"],
        "measure": ["total", "total", "per_100k"], "lower": [1.0, 5.0, 0.5],
        "upper": [1.0, INF, 0.5], "source_ids": ["s2", "s1", "s1"],
    })
    out = coverage_table(tidy, cities=["a", "b"])
    assert out[["indicator_id", "place_id", "state"]].values.tolist() == [
        ["g", "a", "lower_bound"], ["g", "b", "not_reported"], ["h", "a", "not_reported"],
        ["h", "b", "exact"],
    ]
    assert out["source_ids"].tolist() == ["s1", "", "", "s2"]
    assert tidy["measure"].tolist() == ["total", "total", "per_100k"]  # input untouched


def test_coverage_table_follows_the_indicators_and_cities_given():
    tidy = pd.DataFrame({"place_id": ["a", "b"], "indicator_id": ["g", "h"],
                         "measure": ["total", "total"], "lower": [1.0, 2.0],
                         "upper": [1.0, 2.0], "source_ids": ["s1", "s2"]})
    out = coverage_table(tidy, cities=["b", "z"], indicator_ids=["k", "h"])
    assert out[["indicator_id", "place_id", "state"]].values.tolist() == [
        ["k", "b", "not_reported"], ["k", "z", "not_reported"], ["h", "b", "exact"],
        ["h", "z", "not_reported"],
    ]


def test_coverage_table_keeps_provenance_columns():
    tidy = pd.DataFrame({"place_id": ["a"], "indicator_id": ["g"], "measure": ["per_100k"],
                         "lower": [0.5], "upper": [0.5], "source_ids": ["s1"],
                         "population_used": ["2021: 200000"]})
    out = coverage_table(tidy, cities=["a", "b"], measure="per_100k",
                         keep=["source_ids", "population_used"])
    assert out.columns.tolist() == ["place_id", "indicator_id", "state", "lower", "upper",
                                    "source_ids", "population_used"]
    assert out["population_used"].tolist() == ["2021: 200000", ""]
