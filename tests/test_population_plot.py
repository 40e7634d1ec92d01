"""Tests of lcstudy.exhibits.population_plot: population figures and the populations the per-capita facts used.

Figures are closed after each test by the autouse fixture of tests/conftest.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.exhibits.population_plot import population_points, population_series
from lcstudy.exhibits.style import city_colours


@pytest.fixture
def population() -> pd.DataFrame:
    """Official figures of two definitions and a press figure."""
    return pd.DataFrame({
        "place_id": ["osan"] * 4,
        "reference_date": ["2018-12-31", "2020-12-31", "2021-10", "2022-12-31"],
        "value": pd.array([229520, 238956, 240000, 238418], dtype="Int64"),
        "definition": ["resident_registration", "residents_incl_foreigners", "press_rounded",
                       "residents_incl_foreigners"],
        "series": ["official", "official", "press", "official"],
        "source_id": ["w", "h", "e", "k"],
        "confidence": ["official", "official-via-news", "press", "official-via-news"],
    })


@pytest.fixture
def used() -> pd.DataFrame:
    """Two facts divided by one interpolated population, one by an exact one."""
    return pd.DataFrame({
        "claim": ["gardens", "agreement", "esports", "no-population"],
        "place_id": ["osan"] * 4,
        "year": [2021, 2021, 2022, 2019],
        "population": [238687.0, 238687.0, 238418.0, np.nan],
        "population_year": ["2020-2022", "2020-2022", "2022", None],
        "population_definition": ["residents_incl_foreigners"] * 3 + [None],
        "population_method": ["interpolated", "interpolated", "exact", "not applicable"],
    })


def test_population_points_traces_used_populations_to_their_figures(population, used):
    points = population_points(population, used)
    assert points["series"].tolist() == ["official"] * 3 + ["press", "used", "used"]
    interpolated = points[(points["series"] == "used") & (points["year"] == 2021)].iloc[0]
    assert interpolated["claims"] == "agreement;gardens"
    assert interpolated["source_ids"] == "h;k"
    assert interpolated["confidence"] == "official-via-news"
    assert interpolated["method"] == "interpolated" and interpolated["reference"] == "2020-2022"
    exact = points[(points["series"] == "used") & (points["year"] == 2022)].iloc[0]
    assert exact["source_ids"] == "k"
    press = points[points["series"] == "press"].iloc[0]
    assert (press["year"], press["value"], press["source_ids"]) == (2021, 240000.0, "e")


def test_population_series_draws_definitions_press_and_used(population, used):
    ax = population_series(population_points(population, used))
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["resident registration", "residents incl. foreigners",
                      "press figure (rounded)", "divided by (per-capita facts)"]
    series, press, crosses = ax.lines[1], ax.lines[2], ax.lines[3]
    assert series.get_xdata().tolist() == [2020, 2022]
    assert press.get_marker() == "*" and press.get_markerfacecolor() == "none"
    assert crosses.get_ydata().tolist() == [238687.0, 238418.0]
    assert ax.get_legend() is not None


@pytest.mark.parametrize(("confidence", "hollow"), [
    ("official", False), ("official-via-news", False), ("official-via-secondary", False),
    ("weak", True), ("secondary", True), ("uncertain-date", True),
])
def test_a_weak_official_figure_is_hollow_and_explained(population, used, confidence, hollow):
    weakened = population.assign(confidence=[confidence, *population["confidence"][1:]])
    ax = population_series(population_points(weakened, used), cities=["osan"])
    marked = [line for line in ax.lines if line.get_label().startswith("hollow")]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert ("hollow: weak or approximate figure" in legend) == hollow
    assert len(marked) == int(hollow)
    if hollow:
        (line,) = marked
        assert line.get_xdata().tolist() == [2018]  # only the weak figure
        assert line.get_markerfacecolor() == "white"
        assert line.get_markeredgecolor() == city_colours(["osan"])["osan"]


def test_population_series_without_legend(population, used):
    ax = population_series(population_points(population, used), legend=False)
    assert ax.get_legend() is None


def test_a_definition_added_to_the_table_gets_a_marker_of_its_own():
    points = pd.DataFrame({"place_id": ["a", "a", "b", "b"], "year": [2020, 2021, 2020, 2021],
                           "value": [1.0, 2.0, 3.0, 4.0], "series": "official",
                           "definition": ["registered_residents"] * 2 + ["census_residents"] * 2,
                           "confidence": "official"})
    ax = population_series(points, cities=["a", "b"])
    markers = {line.get_label(): line.get_marker() for line in ax.lines}
    assert markers["registered residents"] == "o"
    assert markers["census residents"] not in {"o", "s", "^", "D"}
