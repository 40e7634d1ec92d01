"""Tests of lcstudy.exhibits.gnlc_plot: the network context (member cities, award winners, joins).

Figures are closed after each test by the autouse fixture of tests/conftest.py.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from lcstudy.dates import decimal_year
from lcstudy.exhibits.gnlc_plot import (
    award_counts,
    awards_by_year,
    network_context_table,
    network_growth,
)
from lcstudy.exhibits.style import CITY_PALETTE, city_colours, contrast_ratio, paper_style

#: Names of the places, as ``Evidence.place_names`` gives them.
NAMES = {"espoo": "Espoo", "osan": "Osan", "mexico-city": "Mexico City"}


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
    ax = network_growth(series, awards=awards, joins=joins, cities=["espoo", "osan"], names=NAMES)
    counts = ax.lines[0]
    assert counts.get_ydata().tolist() == [115.0, 230.0, 355.0]  # date order; interval middle
    award_lines = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert [line.get_xdata()[0] for line in award_lines] == [2015.5, 2021.5]
    texts = [t.get_text() for t in ax.texts]
    assert texts[:3] == ["115", "230", "350–360"]
    assert {"Espoo award", "Osan award", "Osan joins"} <= set(texts)
    assert "Mexico City award" not in texts  # only study cities are named
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
    ax = awards_by_year(awards, cities=["espoo", "osan"], names=NAMES)
    heights = [(p.get_x() + p.get_width() / 2, p.get_y(), p.get_height()) for p in ax.patches]
    assert heights == [(2015.5, 0, 2), (2021.5, 0, 1), (2015.5, 2, 1), (2021.5, 1, 1)]
    assert {"Espoo", "Osan", "3", "2"} <= {t.get_text() for t in ax.texts}


def test_network_context_table_holds_every_mark(awards):
    series = pd.DataFrame({"period_start": ["2020-09", "2016-08"], "lower": [230.0, 115.0],
                           "upper": [230.0, 115.0], "source_ids": ["n20", "n16"]})
    joins = pd.DataFrame({"date": ["2016-07-14"], "place_id": ["osan"], "source_ids": ["j"]})
    table = network_context_table(series, awards, joins, cities=["espoo", "osan"])
    assert table["element"].tolist() == ["member cities"] * 2 + ["joins"] + ["award winners"] * 2
    assert table["source_ids"].tolist() == ["n16", "n20", "j", "u15", "u21"]
    assert table["lower"].tolist()[:2] == [115.0, 230.0]
    assert table["upper"].tolist()[-2:] == [3.0, 2.0]
    ax = network_growth(series, awards=awards, joins=joins, cities=["espoo", "osan"])
    assert ax.lines[0].get_xdata().tolist() == table["x"].tolist()[:2]


@pytest.mark.parametrize(("cities", "named"), [
    (["espoo", "osan"], {"Espoo", "Osan"}),
    (["espoo", "osan", "mexico-city"], {"Espoo", "Osan", "Mexico City"}),  # a third study city
    (["osan"], {"Osan"}),
])
def test_study_winners_follow_the_study_cities(awards, cities, named):
    counts = award_counts(awards, cities=cities)
    assert {p for ids in counts["study_winners"] for p in ids.split(";") if p} == set(cities)
    ax = awards_by_year(awards, cities=cities, names=NAMES)
    blocks = [to_hex(p.get_facecolor()) for p in ax.patches[2:]]  # after the two grey bars
    assert sorted(blocks) == sorted(to_hex(c) for c in city_colours(cities).values())
    assert named <= {t.get_text() for t in ax.texts}


def _overlapping(texts: list) -> list[tuple[str, str]]:
    """Pairs of the drawn texts whose boxes intersect."""
    boxes = [(t.get_text(), t.get_window_extent()) for t in texts]
    return [(a, c) for i, (a, b) in enumerate(boxes) for c, d in boxes[i + 1:] if b.overlaps(d)]


@pytest.mark.parametrize("same_year", [2, 3, 4])
def test_labels_of_study_cities_winning_in_the_same_year_never_overlap(same_year):
    cities = [f"city{k}" for k in range(same_year)] + ["later"]
    awards = pd.DataFrame({
        "award_year": [2021] * same_year + [2021, 2021, 2024],
        "city": [*cities[:-1], "Cork", "Dublin", "Later"],
        "place_id": pd.array([*cities[:-1], None, None, "later"], dtype="string"),
        "source_id": "u",
    })
    series = pd.DataFrame({"period_start": ["2016-08", "2024-02"],
                           "lower": [115.0, 350.0], "upper": [115.0, 350.0]})
    with paper_style():
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(85 / 25.4, 90 / 25.4))
        network_growth(series, awards=awards, cities=cities, ax=top)
        awards_by_year(awards, cities=cities, ax=bottom)
        fig.canvas.draw()
    for ax in (top, bottom):
        named = [t for t in ax.texts if t.get_text().lower().removesuffix(" award") in cities]
        assert len(named) == same_year + 1
        assert _overlapping(named) == []


def test_stacked_labels_keep_the_order_of_the_stacked_bars():
    awards = pd.DataFrame({"award_year": [2015] * 3, "city": ["A", "B", "Cork"],
                           "place_id": pd.array(["a", "b", None], dtype="string"),
                           "source_id": "u"})
    ax = awards_by_year(awards, cities=["a", "b"], names={"a": "A", "b": "B"})
    ax.figure.canvas.draw()
    heights = {t.get_text(): t.get_window_extent().y0 for t in ax.texts if t.get_text() in {"A", "B"}}
    assert heights["A"] < heights["B"]  # a's bar is drawn first, below b's


def test_labels_name_the_place_from_the_data_else_its_id(awards):
    """A label is the place's name (``places.name_en``), not its id; an unnamed place keeps its id."""
    joins = pd.DataFrame({"date": ["2016-07-14"], "place_id": ["mexico-city"]})
    series = pd.DataFrame({"period_start": ["2016-08"], "lower": [115.0], "upper": [115.0]})
    cities = ["espoo", "mexico-city"]
    named = {t.get_text() for t in network_growth(series, awards=awards, joins=joins,
                                                   cities=cities, names=NAMES).texts}
    assert {"Mexico City award", "Mexico City joins", "Espoo award"} <= named
    assert not any("Mexico-city" in text or "mexico-city" in text for text in named)
    plt.figure()
    stacked = {t.get_text() for t in awards_by_year(awards, cities=cities, names=NAMES).texts}
    assert {"Mexico City", "Espoo"} <= stacked
    plt.figure()
    unnamed = {t.get_text() for t in awards_by_year(awards, cities=cities, names={}).texts}
    assert {"mexico-city", "espoo"} <= unnamed


def test_every_city_label_is_readable_on_white():
    """Ten study cities winning: each label has WCAG contrast >= 3 against white, in its city's hue."""
    cities = [f"c{k}" for k in range(len(CITY_PALETTE))]
    awards = pd.DataFrame({"award_year": [2015 + k for k in range(len(cities))], "city": cities,
                           "place_id": pd.array(cities, dtype="string"), "source_id": "u"})
    joins = pd.DataFrame({"date": ["2016-07-14"] * len(cities), "place_id": cities})
    series = pd.DataFrame({"period_start": ["2016-08"], "lower": [115.0], "upper": [115.0]})
    top = network_growth(series, awards=awards, joins=joins, cities=cities)
    plt.figure()
    bottom = awards_by_year(awards, cities=cities)
    labels = [t for ax in (top, bottom) for t in ax.texts if t.get_text().split(" ")[0] in cities]
    assert len(labels) == 3 * len(cities)  # award, joins and stacked label of each
    assert min(contrast_ratio(to_hex(t.get_color())) for t in labels) >= 3.0
    colours = city_colours(cities)
    faint = [c for c in cities if contrast_ratio(colours[c]) < 3.0]
    assert faint  # the palette has colours too faint for text, which were darkened
    for label in labels:
        city = label.get_text().split(" ")[0]
        if city not in faint:
            assert to_hex(label.get_color()) == to_hex(colours[city])  # readable colours stay


@pytest.mark.parametrize("joining", [2, 3, 6])
def test_labels_of_cities_joining_close_together_never_overlap(joining):
    """Cities joining on the same day or months apart: each named, no two names overlapping."""
    cities = [f"city{k}" for k in range(joining)]
    dates = ["2019-06-01", "2019-06-01", "2019-09-15", "2020-01-10", "2020-09-23", "2021-02-01"]
    joins = pd.DataFrame({"date": dates[:joining], "place_id": cities})
    series = pd.DataFrame({"period_start": ["2016-08", "2024-02"],
                           "lower": [115.0, 350.0], "upper": [115.0, 350.0]})
    with paper_style():
        fig, ax = plt.subplots(figsize=(85 / 25.4, 50 / 25.4))
        network_growth(series, joins=joins, cities=cities, ax=ax)
        fig.canvas.draw()
    named = [t for t in ax.texts if t.get_text().endswith(" joins")]
    assert sorted(t.get_text() for t in named) == sorted(f"{c} joins" for c in cities)
    assert _overlapping(named) == []


def test_labels_of_joins_far_apart_stay_on_the_axis_line():
    joins = pd.DataFrame({"date": ["2016-07-14", "2020-09-23"], "place_id": ["a", "b"]})
    series = pd.DataFrame({"period_start": ["2016-08"], "lower": [115.0], "upper": [115.0]})
    ax = network_growth(series, joins=joins, cities=["a", "b"])
    offsets = [t.xyann for t in ax.texts if t.get_text().endswith(" joins")]
    assert offsets == [(0, 5), (0, 5)]  # the lowest step: nothing to keep clear of
