"""Tests of lcstudy.exhibits.maps: framing the map and its inset, drawing and labelling it.

Figures are closed after each test by the autouse fixture of tests/conftest.py, which also
gives the hand-made ``places`` and ``edges``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

from lcstudy.exhibits.geo import load_basemap, partner_lines, party_points, within_extent
from lcstudy.exhibits.maps import INSET_SIZE, RELATION_STYLES, inset_extent, network_map
from lcstudy.exhibits.style import city_colours


def test_network_map_draws_every_point_line_part_and_label(places, edges, repo_paths):
    points = party_points(places)
    lines = partner_lines(edges, points)
    basemap = load_basemap(repo_paths)
    ax = network_map(basemap, points, lines, extent=(-180, 180, -60, 85))
    plotted = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert plotted == len(points)
    parts = sum(len(getattr(g, "geoms", [g])) for g in lines.geometry)
    assert len(ax.lines) == parts
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["North", "South", "Partner\nThe Network"]
    assert ax.get_xlim() == (-180, 180) and ax.get_ylim() == (-60, 85)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Network (drawn at a city)" in legend and "Agreement or MOU" in legend


def test_network_map_labels_only_the_places_asked(places, edges, repo_paths):
    points = party_points(places)
    _, ax = plt.subplots()
    out = network_map(load_basemap(repo_paths), points, partner_lines(edges, points), ax=ax,
                      labels=["net"], legend=False)
    assert out is ax
    assert [t.get_text() for t in ax.texts] == ["Partner\nThe Network"]
    assert ax.get_legend() is None


def _crowd(n: int, spread: float) -> pd.DataFrame:
    """``n`` study cities within ``spread`` degrees of one another, and one partner."""
    return pd.DataFrame({
        "place_id": [f"c{i}" for i in range(n)] + ["far"],
        "kind": ["city"] * (n + 1),
        "name_en": [f"City number {i}" for i in range(n)] + ["Far"],
        "latitude": [37.0 + spread * (i % 2) for i in range(n)] + [60.0],
        "longitude": [127.0 + spread * (i // 2) for i in range(n)] + [25.0],
        "coordinates_source_id": ["s"] * (n + 1), "map_anchor_id": [None] * (n + 1),
        "study_city": [True] * n + [False],
    })


@pytest.mark.parametrize(("n", "spread"), [(2, 0.05), (3, 0.3), (4, 0.5), (5, 0.4)])
def test_labels_cover_no_other_label_or_point(n, spread, repo_paths):
    points = party_points(_crowd(n, spread))
    fig, ax = plt.subplots(figsize=(4, 3))
    network_map(load_basemap(repo_paths), points, partner_lines(pd.DataFrame(
        {"party": [], "partner": [], "kind": []}), points), ax=ax, extent=(122, 132, 33, 41), legend=False)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == n  # "far" lies outside the extent
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1:]), ax.texts[i].get_text()
    where = ax.transData.transform(points[["longitude", "latitude"]].to_numpy()[:n])
    for x, y in where:
        assert not any(b.x0 < x < b.x1 and b.y0 < y < b.y1 for b in boxes)


def test_study_cities_get_their_own_colours_on_the_map(repo_paths):
    points = party_points(_crowd(4, 1.0))
    _, ax = plt.subplots()
    network_map(load_basemap(repo_paths), points, partner_lines(pd.DataFrame(
        {"party": [], "partner": [], "kind": []}), points), ax=ax, legend=False)
    dots = next(c for c in ax.collections if isinstance(c, PathCollection) and c.get_sizes()[0] == 22)
    colours = [to_hex(c) for c in dots.get_facecolors()[:4]]
    assert colours == [to_hex(c) for c in city_colours([f"c{i}" for i in range(4)]).values()]
    assert not set(colours) & {style["color"] for style in RELATION_STYLES.values()}


@pytest.mark.parametrize(("countries", "study", "expected"), [
    # two Korean study cities and a Korean partner: the inset holds all three
    (["KR", "KR", "KR", "FI"], [True, True, False, True], "KR"),
    # one study city per country: no inset
    (["KR", "FI", "MX", "KR"], [True, True, True, False], None),
    # a tie between Korea and Finland (two each): the first country in file order
    (["KR", "KR", "FI", "FI"], [True, True, True, True], "KR"),
])
def test_inset_extent_covers_the_crowded_country(countries, study, expected):
    centres = {"KR": (127.0, 37.0), "FI": (25.0, 60.3), "MX": (-99.0, 19.4)}
    places = pd.DataFrame({"place_id": list("abcd"), "country": countries})
    points = pd.DataFrame({"place_id": list("abcd"), "study_city": study,
                           "anchored": [False] * 4,
                           "longitude": [centres[c][0] + 0.1 * i for i, c in enumerate(countries)],
                           "latitude": [centres[c][1] - 0.2 * i for i, c in enumerate(countries)]})
    found = inset_extent(points, places)
    if expected is None:
        assert found is None
        return
    country, extent = found
    assert country == expected
    west, east, south, north = extent
    assert (east - west) / (north - south) == pytest.approx(INSET_SIZE[0] / INSET_SIZE[1])
    cluster = points[[c == expected for c in countries]]
    assert within_extent(cluster, extent).all()
    assert not within_extent(points[[c != expected for c in countries]], extent).any()


def test_inset_grows_with_a_spread_out_cluster():
    places = pd.DataFrame({"place_id": ["a", "b"], "country": ["KR", "KR"]})
    points = pd.DataFrame({"place_id": ["a", "b"], "study_city": [True, True],
                           "anchored": [False, False], "longitude": [120.0, 135.0],
                           "latitude": [30.0, 40.0]})
    _, (west, east, south, north) = inset_extent(points, places)
    assert west < 120 - 3 and east > 135 + 3  # the margin
    assert south < 30 and north > 40


