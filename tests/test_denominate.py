"""Per capita, per area and per year: intervals stay intervals, unknown stays unknown."""

from __future__ import annotations

import copy
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from lcstudy.coding.denominate import PER, annualise, per_area, per_capita

INF = math.inf
NAN = math.nan

POPULATION = pd.DataFrame(
    [
        ("a", "2020-12-31", 200_000, "d", "official"),
        ("a", "2022", 400_000, "d", "official"),
        ("a", "2021-06", 250_000, "other", "official"),  # only other-definition figure of 2021
        ("a", "2023", 500_000, "p", "press"),
        ("b", "2020", 100_000, "d", "official"),
        ("zero", "2020", 0, "d", "official"),
    ],
    columns=["place_id", "reference_date", "value", "definition", "series"],
)

#: (place, year, lower, upper) -> (population, population_year, method, lower_per_100k, upper_per_100k)
CASES = [
    pytest.param(("b", 2020, 10.0, 10.0), (100_000.0, "2020", "exact", 10.0, 10.0), id="exact"),
    pytest.param(("a", 2020, 10.0, 20.0), (200_000.0, "2020", "exact", 5.0, 10.0), id="interval"),
    pytest.param(("a", 2021, 5.0, 5.0), (250_000.0, "2021", "exact", 2.0, 2.0),
                 id="exact-year-of-any-definition"),
    pytest.param(("a", 2022, 101.0, INF), (400_000.0, "2022", "exact", 25.25, INF), id="open-upper"),
    pytest.param(("a", 2022, NAN, NAN), (400_000.0, "2022", "exact", NAN, NAN), id="unknown-value"),
    pytest.param(("a", 2019, 1.0, 1.0), (NAN, None, "missing", NAN, NAN), id="before-first-figure"),
    pytest.param(("c", 2020, 1.0, 1.0), (NAN, None, "missing", NAN, NAN), id="no-figures"),
    pytest.param(("zero", 2020, 1.0, 1.0), (0.0, "2020", "exact", NAN, NAN), id="zero-population"),
    pytest.param(("a", None, 1.0, 1.0), (NAN, None, "missing: the fact has no date", NAN, NAN),
                 id="undated"),
]

INTERPOLATION = pd.DataFrame(
    [("a", "2020", 200_000, "d", "official"), ("a", "2022", 400_000, "d", "official")],
    columns=["place_id", "reference_date", "value", "definition", "series"],
)


def _facts(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["place_id", "year", "lower", "upper"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _same(actual: float, expected: float) -> bool:
    return (math.isnan(actual) and math.isnan(expected)) or actual == pytest.approx(expected)


@pytest.mark.parametrize(("fact", "expected"), CASES)
def test_per_capita(fact, expected):
    population, used, method, lower, upper = expected
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zero population: no division warning, no inf
        row = per_capita(_facts(fact), POPULATION).iloc[0]
    assert _same(row["population"], population)
    assert row["population_method"].startswith(method)
    if used is not None:
        assert row["population_year"] == used
    assert _same(row["lower_per_100k"], lower)
    assert _same(row["upper_per_100k"], upper)


def test_per_capita_interpolates_and_keeps_open_bounds():
    out = per_capita(_facts(("a", 2021, 30.0, INF)), INTERPOLATION)
    row = out.iloc[0]
    assert row["population"] == 300_000.0
    assert (row["population_year"], row["population_definition"], row["population_method"]) == (
        "2020-2022", "d", "interpolated")
    assert row["lower_per_100k"] == pytest.approx(10.0)
    assert row["upper_per_100k"] == INF


def test_per_capita_many_rows_keep_order_and_index():
    facts = _facts(("b", 2020, 10.0, 10.0), ("a", None, 1.0, 1.0), ("a", 2020, 10.0, 20.0))
    facts.index = pd.Index([7, 3, 5], name="line")
    out = per_capita(facts, POPULATION)
    assert out.index.tolist() == [7, 3, 5]
    assert out["lower_per_100k"].tolist()[0] == 10.0
    assert math.isnan(out["lower_per_100k"].tolist()[1])
    assert out["upper_per_100k"].tolist()[2] == 10.0
    assert out["population_method"].tolist() == ["exact", "missing: the fact has no date", "exact"]


def test_per_capita_where_mask_marks_not_applicable():
    facts = _facts(("b", 2020, 10.0, 10.0), ("b", 2020, 4.0, 4.0))
    facts["per_capita"] = [True, False]
    out = per_capita(facts, POPULATION, where="per_capita")
    assert out["population_method"].tolist() == ["exact", "not applicable"]
    assert out["lower_per_100k"].iloc[0] == 10.0
    assert math.isnan(out["population"].iloc[1])
    assert math.isnan(out["lower_per_100k"].iloc[1]) and math.isnan(out["upper_per_100k"].iloc[1])


@pytest.mark.parametrize(
    ("series", "definition", "population", "method"),
    [
        ("official", None, 250_000.0, "exact"),
        ("official", "d", 300_000.0, "interpolated"),
        ("press", None, NAN, "missing"),
    ],
)
def test_per_capita_series_and_definition(series, definition, population, method):
    row = per_capita(_facts(("a", 2021, 3.0, 3.0)), POPULATION, series=series,
                     definition=definition).iloc[0]
    assert _same(row["population"], population)
    assert row["population_method"].startswith(method)


def test_per_capita_press_series():
    row = per_capita(_facts(("a", 2023, 5.0, 5.0)), POPULATION, series="press").iloc[0]
    assert (row["population"], row["population_definition"]) == (500_000.0, "p")
    assert row["lower_per_100k"] == pytest.approx(1.0)


@pytest.mark.parametrize(("per", "suffix", "value"), [(PER, "100k", 10.0), (1000, "1k", 0.1),
                                                      (500, "500", 0.05)])
def test_per_capita_names_columns_after_per(per, suffix, value):
    out = per_capita(_facts(("b", 2020, 10.0, 10.0)), POPULATION, per=per)
    assert out[f"lower_per_{suffix}"].iloc[0] == pytest.approx(value)
    assert f"upper_per_{suffix}" in out.columns


def test_per_capita_does_not_mutate_inputs():
    facts = _facts(("a", 2021, 30.0, INF), ("a", None, 1.0, 1.0), ("b", 2020, NAN, NAN))
    facts["per_capita"] = [True, True, False]
    facts_before, population_before = copy.deepcopy(facts), copy.deepcopy(POPULATION)
    per_capita(facts, POPULATION, where="per_capita")
    pd.testing.assert_frame_equal(facts, facts_before)
    pd.testing.assert_frame_equal(POPULATION, population_before)


PLACES = pd.DataFrame({"place_id": ["a", "b"], "land_area_km2": [4.0, NAN]})


@pytest.mark.parametrize(
    ("place", "lower", "upper", "area", "expected"),
    [
        ("a", 10.0, 10.0, 4.0, (2.5, 2.5)),
        ("a", 10.0, INF, 4.0, (2.5, INF)),
        ("a", NAN, NAN, 4.0, (NAN, NAN)),
        ("b", 10.0, 10.0, NAN, (NAN, NAN)),
        ("z", 10.0, 10.0, NAN, (NAN, NAN)),
    ],
    ids=["exact", "open", "unknown-value", "missing-area", "unknown-place"],
)
def test_per_area(place, lower, upper, area, expected):
    frame = pd.DataFrame({"place_id": [place], "lower": [lower], "upper": [upper]})
    row = per_area(frame, PLACES).iloc[0]
    assert _same(row["land_area_km2"], area)
    assert _same(row["lower_per_km2"], expected[0])
    assert _same(row["upper_per_km2"], expected[1])


def test_per_area_where_and_no_mutation():
    frame = pd.DataFrame({"place_id": ["a", "a"], "lower": [8.0, 8.0], "upper": [8.0, 8.0],
                          "per_area": [True, False]})
    before = frame.copy(deep=True)
    out = per_area(frame, PLACES, where="per_area")
    assert out["lower_per_km2"].iloc[0] == 2.0
    assert math.isnan(out["lower_per_km2"].iloc[1]) and math.isnan(out["land_area_km2"].iloc[1])
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("lower", "upper", "years", "expected"),
    [
        (10.0, 10.0, 2.0, (5.0, 5.0)),
        (101.0, INF, 3.0, (101.0 / 3.0, INF)),
        (NAN, NAN, 2.0, (NAN, NAN)),
        (10.0, 10.0, NAN, (NAN, NAN)),
        (6.0, 6.0, 0.5, (12.0, 12.0)),
    ],
    ids=["exact", "open", "unknown-value", "missing-period", "half-year"],
)
def test_annualise(lower, upper, years, expected):
    frame = pd.DataFrame({"lower": [lower], "upper": [upper], "period_years": [years]})
    before = frame.copy(deep=True)
    row = annualise(frame).iloc[0]
    assert _same(row["lower_per_year"], expected[0])
    assert _same(row["upper_per_year"], expected[1])
    pd.testing.assert_frame_equal(frame, before)


def test_annualise_other_column_and_nullable_lengths():
    frame = pd.DataFrame({"lower": [4.0, 4.0], "upper": [4.0, 4.0],
                          "span": pd.array([2.0, None], dtype="Float64")})
    out = annualise(frame, years="span")
    assert out["lower_per_year"].iloc[0] == 2.0
    assert np.isnan(out["upper_per_year"].iloc[1])
