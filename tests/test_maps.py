"""Tests of lcstudy.exhibits.maps: locating parties, joining them, drawing the map.

Figures are closed after each test by the autouse fixture of tests/conftest.py.
"""

from __future__ import annotations

import hashlib

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from shapely.geometry import LineString, MultiLineString, Point

from lcstudy.config import ProjectPaths
from lcstudy.errors import DataError
from lcstudy.exhibits.geo import (
    BASEMAP_FILE,
    CRS,
    load_basemap,
    map_table,
    partner_lines,
    party_points,
    within_extent,
)
from lcstudy.exhibits.maps import INSET_SIZE, RELATION_STYLES, inset_extent, network_map
from lcstudy.exhibits.style import city_colours


@pytest.fixture
def places() -> pd.DataFrame:
    """Two study cities, a partner, a network anchored at it, and unlocatable places."""
    return pd.DataFrame({
        "place_id": ["north", "south", "partner", "net", "region", "lost-net"],
        "kind": ["city", "city", "city", "network", "country", "network"],
        "name_en": ["North", "South", "Partner", "The Network", "Region", "Lost"],
        "latitude": [60.0, 36.5, 22.0, None, None, None],
        "longitude": [25.0, 127.0, -101.0, None, None, None],
        "coordinates_source_id": ["s1", "s2", "s3", None, None, None],
        "map_anchor_id": [None, None, None, "partner", None, "region"],
        "study_city": [True, True, False, False, False, False],
    })


@pytest.fixture
def edges() -> pd.DataFrame:
    """Relations: one short, two across the Pacific, one to an unlocated party."""
    return pd.DataFrame({
        "party": ["north", "south", "south", "south"],
        "partner": ["south", "partner", "net", "region"],
        "kind": ["exchange_visits", "partnership_agreements", "partnership_agreements",
                 "international_events"],
        "date": ["2019", "2025-04", "2025-04", "2025-04"],
        "claim": ["c1", "c2", "c3", "c4"],
        "source_ids": ["d1", "d2", "d2", "d2"],
    })


def test_party_points_locates_cities_and_anchors_networks(places):
    points = party_points(places)
    assert points["place_id"].tolist() == ["north", "south", "partner", "net"]
    assert points.crs == CRS
    net = points.set_index("place_id").loc["net"]
    anchor = places.set_index("place_id").loc["partner"]
    assert (net["longitude"], net["latitude"]) == (anchor["longitude"], anchor["latitude"])
    assert (net.geometry.x, net.geometry.y) == (anchor["longitude"], anchor["latitude"])
    assert net["anchored"] and net["anchor_id"] == "partner"
    assert net["source_ids"] == "s3"
    assert not points.set_index("place_id").loc["north", "anchored"]


def test_party_points_leaves_input_untouched(places):
    before = places.copy()
    party_points(places)
    pd.testing.assert_frame_equal(places, before)


def test_party_points_accepts_the_nullable_types_of_the_raw_loader(places):
    typed = places.astype({"latitude": "Float64", "longitude": "Float64",
                           "study_city": "boolean", "map_anchor_id": "string"})
    assert party_points(typed)["longitude"].tolist() == [25.0, 127.0, -101.0, -101.0]


def test_partner_lines_keeps_edges_with_both_ends_located(places, edges):
    points = party_points(places)
    lines = partner_lines(edges, points)
    located = set(points["place_id"])
    expected = edges[edges["party"].isin(located) & edges["partner"].isin(located)]
    assert len(lines) == len(expected) == 3
    assert lines["claim"].tolist() == expected["claim"].tolist()
    assert lines.crs == CRS


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        ((25.0, 60.0), (127.0, 36.5), 1),
        ((127.0, 36.5), (-101.0, 22.0), 2),
        ((-101.0, 22.0), (127.0, 36.5), 2),
        ((-170.0, 0.0), (170.0, 10.0), 2),
    ],
)
def test_lines_go_the_short_way_round(start, end, parts):
    points = pd.DataFrame({"place_id": ["a", "b"], "longitude": [start[0], end[0]],
                           "latitude": [start[1], end[1]]})
    edges = pd.DataFrame({"party": ["a"], "partner": ["b"]})
    line = partner_lines(edges, points).geometry.iloc[0]
    if parts == 1:
        assert isinstance(line, LineString)
        assert line.coords[:] == [start, end]
        return
    assert isinstance(line, MultiLineString) and len(line.geoms) == 2
    first, second = (part.coords[:] for part in line.geoms)
    assert first[0] == start and second[-1] == end
    assert abs(first[-1][0]) == abs(second[0][0]) == 180.0
    assert first[-1][0] == -second[0][0]
    assert first[-1][1] == pytest.approx(second[0][1])
    lo, hi = sorted((start[1], end[1]))
    assert lo <= first[-1][1] <= hi


def test_map_table_lists_points_then_lines_with_sources(places, edges):
    points = party_points(places)
    lines = partner_lines(edges, points)
    table = map_table(points, lines)
    assert table["element"].tolist() == ["point"] * len(points) + ["line"] * len(lines)
    assert table["source_ids"].notna().all()
    pacific = table[table["claim"] == "c2"].iloc[0]
    assert (pacific["end_longitude"], pacific["end_latitude"]) == (-101.0, 22.0)


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


def test_load_basemap_reads_the_offline_countries_without_writing(repo_paths):
    path = repo_paths.raw / BASEMAP_FILE
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    basemap = load_basemap(repo_paths)
    assert len(basemap) == 177
    assert basemap.crs == CRS
    assert {"FIN", "KOR", "MEX"} <= set(basemap["iso_a3"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_load_basemap_uses_the_given_project(tmp_path):
    target = tmp_path / "data" / "raw" / BASEMAP_FILE
    target.parent.mkdir(parents=True)
    target.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"iso_a3": "AAA", "name": "A", "continent": "X"}, '
        '"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}',
        encoding="utf-8",
    )
    assert load_basemap(ProjectPaths(tmp_path))["iso_a3"].tolist() == ["AAA"]


def test_load_basemap_refuses_another_crs(tmp_path):
    target = tmp_path / "data" / "raw" / BASEMAP_FILE
    target.parent.mkdir(parents=True)
    frame = gpd.GeoDataFrame({"iso_a3": ["AAA"]}, geometry=[Point(500000, 6000000)],
                             crs="EPSG:3067")
    frame.to_file(target, driver="GeoJSON")
    with pytest.raises(DataError, match="EPSG:4326"):
        load_basemap(ProjectPaths(tmp_path))
