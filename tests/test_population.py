"""The population a fact is divided by: exact year, else interpolation within one definition."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcstudy.data.population import (
    FIRM_CONFIDENCE,
    POPULATION_COLUMNS,
    population_confidence,
    population_figures,
    resolve_population,
)
from lcstudy.data.vocabularies import CONFIDENCE

MISSING = "missing"
AMBIGUOUS = "ambiguous"


def _source(place: str, year: int, definition: str) -> str:
    """The made-up source id of a figure."""
    return f"src-{place}-{year}-{definition}"


def _table(*rows: tuple[str, int, float, str]) -> pd.DataFrame:
    """Figures as :func:`figures` returns them: (place, year, value, definition) + source."""
    table = pd.DataFrame(rows, columns=["place_id", "year", "value", "definition"])
    table["source_id"] = [_source(p, y, d) for p, y, _, d in rows]
    return table


def _raw(*rows: tuple[str, str, int, str, str]) -> pd.DataFrame:
    """A raw population table: (place, reference_date, value, definition, series) + source."""
    raw = pd.DataFrame(rows, columns=["place_id", "reference_date", "value", "definition",
                                      "series"])
    raw["source_id"] = "s-" + raw["place_id"] + "-" + raw["reference_date"]
    return raw


@pytest.mark.parametrize(
    ("figures_", "year", "population", "used", "definition", "method"),
    [
        pytest.param([("a", 2020, 100.0, "d")], 2020, 100.0, "2020", "d", "exact", id="exact"),
        pytest.param([("a", 2020, 100.0, "d"), ("a", 2022, 200.0, "d")],
                     2021, 150.0, "2020-2022", "d", "interpolated", id="midpoint"),
        pytest.param([("a", 2018, 100.0, "d"), ("a", 2022, 300.0, "d")],
                     2021, 250.0, "2018-2022", "d", "interpolated", id="three-quarters"),
        pytest.param([("a", 2016, 100.0, "d"), ("a", 2019, 130.0, "d"), ("a", 2024, 180.0, "d")],
                     2021, 150.0, "2019-2024", "d", "interpolated", id="nearest-pair-of-three"),
        pytest.param([("a", 2018, 100.0, "d"), ("a", 2022, 300.0, "d"), ("a", 2020, 999.0, "e")],
                     2021, 250.0, "2018-2022", "d", "interpolated",
                     id="nearer-figure-of-other-definition-not-used"),
        pytest.param([("a", 2016, 100.0, "d"), ("a", 2024, 900.0, "d"),
                      ("a", 2020, 1000.0, "e"), ("a", 2022, 2000.0, "e")],
                     2021, 1500.0, "2020-2022", "e", "interpolated",
                     id="closest-bracketing-definition-wins"),
        pytest.param([("a", 2020, 100.0, "d"), ("a", 2022, 300.0, "e")],
                     2021, math.nan, "", "", MISSING, id="no-mixing-of-definitions"),
        pytest.param([("a", 2020, 100.0, "d"), ("a", 2022, 200.0, "d")],
                     2019, math.nan, "", "", MISSING, id="no-extrapolation-before"),
        pytest.param([("a", 2020, 100.0, "d"), ("a", 2022, 200.0, "d")],
                     2023, math.nan, "", "", MISSING, id="no-extrapolation-after"),
        pytest.param([("a", 2020, 100.0, "d"), ("a", 2020, 110.0, "e")],
                     2020, math.nan, "", "", AMBIGUOUS, id="ambiguous"),
        pytest.param([("a", 2020, 100.0, "d"), ("a", 2020, 110.0, "e"), ("a", 2022, 300.0, "d")],
                     2021, 200.0, "2020-2022", "d", "interpolated",
                     id="ambiguity-elsewhere-does-not-matter"),
        pytest.param([("b", 2020, 100.0, "d")], 2020, math.nan, "", "", MISSING,
                     id="figures-of-another-place"),
        pytest.param([], 2020, math.nan, "", "", MISSING, id="no-figures"),
    ],
)
def test_resolve_population(figures_, year, population, used, definition, method):
    result = resolve_population(["a"], [year], _table(*figures_))
    assert list(result.columns) == ["place_id", "year", *POPULATION_COLUMNS]
    assert len(result) == 1
    row = result.iloc[0]
    assert (row["place_id"], row["year"]) == ("a", year)
    if math.isnan(population):
        assert math.isnan(row["population"])
        assert pd.isna(row["population_year"]) or row["population_year"] == ""
        assert pd.isna(row["population_definition"]) or row["population_definition"] == ""
        assert row["population_method"].startswith(method)
    else:
        assert row["population"] == pytest.approx(population)
        assert (row["population_year"], row["population_definition"], row["population_method"]) == (
            used, definition, method)
        years = used.split("-")
        assert row["population_source_ids"] == ";".join(_source("a", int(y), definition)
                                                        for y in years)


def test_resolve_population_one_row_per_distinct_pair_sorted():
    table = _table(("a", 2020, 100.0, "d"), ("b", 2020, 50.0, "d"))
    result = resolve_population(["b", "a", "b"], [2020, 2020, 2020], table)
    assert result[["place_id", "year"]].to_numpy().tolist() == [["a", 2020], ["b", 2020]]
    assert result["population"].tolist() == [100.0, 50.0]


RAW = _raw(
    ("a", "2020-12-31", 100, "d", "official"),
    ("a", "2022", 200, "d", "official"),
    ("a", "2021-10", 240, "p", "press"),
    ("b", "2019-06", 50, "e", "official"),
    ("a", "2018-12-31", 80, "e", "official"),
)


def test_figures_official_by_default_with_years_sorted():
    table = population_figures(RAW)
    assert table.to_dict("records") == [
        {"place_id": "a", "year": 2018, "value": 80.0, "definition": "e",
         "source_id": "s-a-2018-12-31"},
        {"place_id": "a", "year": 2020, "value": 100.0, "definition": "d",
         "source_id": "s-a-2020-12-31"},
        {"place_id": "a", "year": 2022, "value": 200.0, "definition": "d", "source_id": "s-a-2022"},
        {"place_id": "b", "year": 2019, "value": 50.0, "definition": "e", "source_id": "s-b-2019-06"},
    ]


def test_figures_press_series():
    assert population_figures(RAW, series="press").to_dict("records") == [
        {"place_id": "a", "year": 2021, "value": 240.0, "definition": "p",
         "source_id": "s-a-2021-10"}]


def test_figures_definition_filter():
    table = population_figures(RAW, definition="e")
    assert table[["place_id", "year"]].to_numpy().tolist() == [["a", 2018], ["b", 2019]]


@pytest.mark.parametrize(
    ("series", "definition", "population", "method"),
    [
        ("official", None, 150.0, "interpolated"),
        ("press", None, 240.0, "exact"),
        ("official", "d", 150.0, "interpolated"),
        ("official", "e", math.nan, MISSING),
    ],
)
def test_series_and_definition_choose_the_figure(series, definition, population, method):
    table = population_figures(RAW, series=series, definition=definition)
    row = resolve_population(["a"], [2021], table).iloc[0]
    assert row["population_method"].startswith(method)
    if math.isnan(population):
        assert math.isnan(row["population"])
    else:
        assert row["population"] == population


def test_figures_does_not_mutate_its_input():
    before = RAW.copy(deep=True)
    population_figures(RAW, series="press", definition="p")
    pd.testing.assert_frame_equal(RAW, before)


@pytest.mark.parametrize(("sources", "expected"), [
    ("s", "official"),
    ("s;t", "official;weak"),
    ("t;u", "weak"),  # u is another place's source
    ("", ""),
    (None, ""),
])
def test_population_confidence_names_the_figures_divided_by(sources, expected):
    raw = pd.DataFrame({"place_id": ["a", "a", "b"], "source_id": ["s", "t", "u"],
                        "confidence": ["official", "weak", "press"]})
    used = pd.DataFrame({"place_id": ["a"], "population_source_ids": [sources]})
    assert population_confidence(used, raw).tolist() == [expected]


def test_firm_confidence_is_the_official_family():
    assert set(FIRM_CONFIDENCE) == {c for c in CONFIDENCE if c.startswith("official")}
