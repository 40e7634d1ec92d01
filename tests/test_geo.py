"""Tests of lcstudy.exhibits.geo: the basemap, the parties located, their relations joined.

The hand-made ``places`` and ``edges`` are fixtures of conftest.py.
"""

from __future__ import annotations

import hashlib

import geopandas as gpd
import pandas as pd
import pytest
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
)


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
