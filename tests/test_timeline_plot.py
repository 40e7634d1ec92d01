"""Tests of lcstudy.exhibits.timeline_plot: the event timeline (events stacked per city, inferred dates hollow).

Figures are closed after each test by the autouse fixture of tests/conftest.py.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

from lcstudy.exhibits.timeline_plot import EVENT_CATEGORIES, event_positions, event_timeline


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
        "status": ["happened"] * 5,
        "source_ids": ["a", "b", "b", "c", "d"],
    })


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


@pytest.mark.parametrize("status", ["planned", "announced"])
def test_event_timeline_draws_a_plan_faded_not_as_achieved(timeline, status):
    planned = timeline.assign(status=["happened"] * 4 + [status])
    ax = event_timeline(planned)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    faded = [c for c in scatters if c.get_gid().endswith("-planned")]
    assert sum(len(c.get_offsets()) for c in faded) == 1
    assert all(c.get_alpha() < 1 for c in faded)
    assert all(c.get_alpha() in (None, 1.0) for c in scatters if c not in faded)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "faded: planned or announced"
    unplanned = event_timeline(timeline, ax=plt.figure().gca()).get_legend().get_texts()
    assert "faded: planned or announced" not in [t.get_text() for t in unplanned]


def test_event_timeline_uses_city_colours(timeline):
    ax = event_timeline(timeline[timeline["place_id"] == "osan"], cities=["espoo", "osan"])
    (collection,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert tuple(collection.get_edgecolors()[0][:3]) == pytest.approx((0.902, 0.624, 0.0), abs=1e-3)


def test_the_year_axis_widens_to_an_event_before_the_study_years(timeline):
    """An added city's event of 2011 stays on the axis (the study years are only the least span)."""
    early = timeline.assign(date=timeline["date"].where(timeline.index != 0, "2011-03"))
    ticks = [int(t) for t in event_timeline(early).get_xticks()]
    assert ticks[0] == 2011 and ticks == list(range(2011, ticks[-1] + 1))
    shipped = [int(t) for t in event_timeline(timeline, ax=plt.figure().gca()).get_xticks()]
    assert shipped[0] > 2011
