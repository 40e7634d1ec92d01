"""Tests of lcstudy.timelines: dates as decimal years, events, network size, populations.

Figures are closed after each test by the autouse fixture of tests/conftest.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

from lcstudy.dates import decimal_year
from lcstudy.figures import city_colours
from lcstudy.gnlc_plot import award_counts, awards_by_year, network_context_table, network_growth
from lcstudy.population_plot import population_points, population_series
from lcstudy.timeline_plot import EVENT_CATEGORIES, event_positions, event_timeline


@pytest.fixture
def timeline() -> pd.DataFrame:
    """Five events of two places; two on one day, two with inferred dates."""
    return pd.DataFrame({
        "date": ["2015", "2015-09-28", "2015-09-28", "2021-10", "2025-04"],
        "place_id": ["espoo", "espoo", "espoo", "osan", "gnlc"],
        "indicator_id": ["learning_city_awards", "international_events", "learning_programmes",
                         "learning_city_awards", "something_new"],
        "event": ["award", "conference", "practices", "award", "new"],
        "date_inferred": pd.array([False, True, False, True, False], dtype="boolean"),
        "source_ids": ["a", "b", "b", "c", "d"],
    })


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2015", 2015.5),
        ("2016", 2016.5),  # leap year: still the middle
        ("2015-01", 2015 + 15.5 / 365),
        ("2016-02", 2016 + (31 + 14.5) / 366),
        ("2020-12", 2020 + (335 + 15.5) / 366),
        ("2015-01-01", 2015 + 0.5 / 365),
        ("2015-12-31", 2015 + 364.5 / 365),
    ],
)
def test_decimal_year_is_the_middle_of_the_period_named(date, expected):
    assert decimal_year(date) == pytest.approx(expected)


@pytest.mark.parametrize("date", ["", "15", "2015-13", "2015-02-30", "2015/09"])
def test_decimal_year_refuses_what_is_not_a_partial_date(date):
    with pytest.raises(ValueError, match="YYYY"):
        decimal_year(date)


def test_event_positions_rows_stacking_and_categories(timeline):
    before = timeline.copy()
    events = event_positions(timeline, order=["espoo", "osan"])
    pd.testing.assert_frame_equal(timeline, before)
    assert events["event"].tolist() == ["award", "conference", "practices", "award"]
    assert events["row"].tolist() == [0, 0, 0, 1]
    # Espoo's three events of 2015 fall close together: stacked around their row, in date order
    stacked = events["y"].iloc[:3].to_numpy()
    assert stacked[0] < stacked[1] < stacked[2]
    assert stacked.mean() == pytest.approx(0.0) and stacked[1] == pytest.approx(0.0)
    assert events["y"].iloc[3] == 1.0  # alone on its row: not moved
    assert events["category"].tolist()[:2] == [EVENT_CATEGORIES["learning_city_awards"],
                                               EVENT_CATEGORIES["international_events"]]


def test_event_positions_names_unknown_indicators_other(timeline):
    assert event_positions(timeline)["category"].iloc[-1] == "other"


def test_event_timeline_draws_each_event_and_inferred_ones_hollow(timeline):
    ax = event_timeline(timeline, names={"gnlc": "UNESCO Global Network of Learning Cities"})
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in scatters) == len(timeline)
    hollow = [c for c in scatters if len(c.get_facecolors()) == 0]
    assert sum(len(c.get_offsets()) for c in hollow) == int(timeline["date_inferred"].sum())
    assert {c.get_gid() for c in hollow} == {"inferred"}
    filled = [c for c in scatters if c not in hollow]
    assert {c.get_gid() for c in filled} == {"stated"}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["espoo", "osan", "UNESCO Global Network of\nLearning Cities"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "hollow: date inferred from context"
    assert "other" in legend


def test_event_timeline_uses_city_colours(timeline):
    ax = event_timeline(timeline[timeline["place_id"] == "osan"], cities=["espoo", "osan"])
    (collection,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert tuple(collection.get_edgecolors()[0][:3]) == pytest.approx((0.902, 0.624, 0.0), abs=1e-3)


@pytest.fixture
def awards() -> pd.DataFrame:
    """Three winners in 2015 (one a study city), two in 2021."""
    return pd.DataFrame({
        "award_year": [2015, 2015, 2015, 2021, 2021],
        "city": ["Espoo", "Cork", "Mexico City", "Osan", "Dublin"],
        "place_id": pd.array(["espoo", None, "mexico-city", "osan", None], dtype="string"),
        "source_id": ["u15", "u15", "u15", "u21", "u21"],
    })


def test_network_growth_draws_counts_award_years_and_joins(awards):
    series = pd.DataFrame({"period_start": ["2020-09", "2016-08", "2024-02"],
                           "lower": [230.0, 115.0, 350.0], "upper": [230.0, 115.0, 360.0]})
    joins = pd.DataFrame({"date": ["2016-07-14"], "place_id": ["osan"]})
    ax = network_growth(series, awards=awards, joins=joins, cities=["espoo", "osan"])
    counts = ax.lines[0]
    assert counts.get_ydata().tolist() == [115.0, 230.0, 355.0]  # date order; interval middle
    award_lines = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert [line.get_xdata()[0] for line in award_lines] == [2015.5, 2021.5]
    texts = [t.get_text() for t in ax.texts]
    assert texts[:3] == ["115", "230", "350–360"]
    assert {"Espoo award", "Osan award", "Osan joins"} <= set(texts)
    assert "Mexico-city award" not in texts  # only study cities are named
    (interval,) = [c for c in ax.collections if len(c.get_segments())]
    assert interval.get_segments()[0].tolist() == [[decimal_year("2024-02"), 350.0],
                                                   [decimal_year("2024-02"), 360.0]]


def test_award_counts(awards):
    counts = award_counts(awards, cities=["espoo", "osan"])
    assert counts.to_dict("list") == {
        "award_year": [2015, 2021], "x": [2015.5, 2021.5], "winners": [3, 2],
        "study_winners": ["espoo", "osan"], "source_ids": ["u15", "u21"],
    }


def test_awards_by_year_stacks_study_winners_on_the_others(awards):
    ax = awards_by_year(awards, cities=["espoo", "osan"])
    heights = [(p.get_x() + p.get_width() / 2, p.get_y(), p.get_height()) for p in ax.patches]
    assert heights == [(2015.5, 0, 2), (2021.5, 0, 1), (2015.5, 2, 1), (2021.5, 1, 1)]
    assert {"Espoo", "Osan", "3", "2"} <= {t.get_text() for t in ax.texts}


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


def test_network_context_table_holds_every_mark(awards):
    series = pd.DataFrame({"period_start": ["2020-09", "2016-08"], "lower": [230.0, 115.0],
                           "upper": [230.0, 115.0], "source_ids": ["n20", "n16"]})
    joins = pd.DataFrame({"date": ["2016-07-14"], "place_id": ["osan"], "source_ids": ["j"]})
    table = network_context_table(series, awards, joins, cities=["espoo", "osan"])
    assert table["element"].tolist() == ["member cities"] * 2 + ["joins"] + ["award winners"] * 2
    assert table["source_ids"].tolist() == ["n16", "n20", "j", "u15", "u21"]
    assert table["lower"].tolist()[:2] == [115.0, 230.0]
    assert table["upper"].tolist()[-2:] == [3.0, 2.0]
    ax = network_growth(series, awards=awards, joins=joins)
    assert ax.lines[0].get_xdata().tolist() == table["x"].tolist()[:2]


@pytest.mark.parametrize(("cities", "named"), [
    (["espoo", "osan"], {"Espoo", "Osan"}),
    (["espoo", "osan", "mexico-city"], {"Espoo", "Osan", "Mexico-city"}),  # a third study city
    (["osan"], {"Osan"}),
])
def test_study_winners_follow_the_study_cities(awards, cities, named):
    counts = award_counts(awards, cities=cities)
    assert {p for ids in counts["study_winners"] for p in ids.split(";") if p} == set(cities)
    ax = awards_by_year(awards, cities=cities)
    blocks = [to_hex(p.get_facecolor()) for p in ax.patches[2:]]  # after the two grey bars
    assert sorted(blocks) == sorted(to_hex(c) for c in city_colours(cities).values())
    assert named <= {t.get_text() for t in ax.texts}
