"""The map layers as data: the basemap, the parties as points, their relations as lines.

Everything stays in WGS 84 longitude/latitude (:data:`CRS`): nothing is
reprojected and nothing is fetched at run time. The countries come from the
offline Natural Earth copy in ``data/raw/basemap`` (see its PROVENANCE.md);
:func:`party_points` and :func:`partner_lines` turn places and edges into
layers, and :func:`map_table` gives the plotted numbers with their sources.
:mod:`lcstudy.exhibits.maps` frames and draws them.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, MultiLineString

from lcstudy.config import ProjectPaths, project_paths, raw_file
from lcstudy.errors import DataError, Problem

__all__ = ["CRS", "BASEMAP_FILE", "load_basemap", "party_points", "partner_lines", "map_table",
           "within_extent"]


#: The one coordinate reference system of every map layer.
CRS = "EPSG:4326"


#: The basemap, relative to ``data/raw``.
BASEMAP_FILE = "basemap/naturalearth_110m_countries.geojson"


def load_basemap(paths: ProjectPaths | None = None) -> gpd.GeoDataFrame:
    """Read the offline world basemap (Natural Earth 1:110m countries).

    Parameters
    ----------
    paths : ProjectPaths, optional
        The project (default: :func:`lcstudy.config.project_paths`).

    Returns
    -------
    geopandas.GeoDataFrame
        ``iso_a3``, ``name``, ``continent`` and the country outlines, in
        :data:`CRS`. The file is only read.

    Raises
    ------
    DataError
        If the file is in another coordinate reference system.

    Examples
    --------
    >>> load_basemap().crs.to_string()
    'EPSG:4326'
    """
    paths = paths or project_paths()
    basemap = gpd.read_file(paths.raw / BASEMAP_FILE)
    if basemap.crs != CRS:
        raise DataError([Problem(raw_file(BASEMAP_FILE), 0, "-", str(basemap.crs),
                                 f"WGS 84 longitude/latitude ({CRS})")])
    return basemap


def party_points(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """Locate the places that can be drawn.

    A place with coordinates is drawn there. A party without coordinates of
    its own but with a ``map_anchor_id`` (a network) is drawn at its anchor's
    coordinates and flagged ``anchored``. Other places are left out.

    Parameters
    ----------
    places : pandas.DataFrame
        The raw ``places`` table (``place_id``, ``kind``, ``name_en``,
        ``latitude``, ``longitude``, ``coordinates_source_id``,
        ``map_anchor_id``, ``study_city``).

    Returns
    -------
    geopandas.GeoDataFrame
        One point per drawable place, in the order of ``places``:
        ``place_id``, ``kind``, ``name_en``, ``study_city``, ``anchor_id``
        (whose coordinates are used), ``anchored``, ``longitude``,
        ``latitude``, ``source_ids`` (of the coordinates) and ``geometry``.

    Examples
    --------
    >>> places = pd.DataFrame({"place_id": ["a", "n"], "kind": ["city", "network"],
    ...     "name_en": ["A", "N"], "latitude": [60.0, None], "longitude": [25.0, None],
    ...     "coordinates_source_id": ["s", None], "map_anchor_id": [None, "a"],
    ...     "study_city": [True, False]})
    >>> party_points(places)[["place_id", "anchored", "longitude"]].to_dict("list")
    {'place_id': ['a', 'n'], 'anchored': [False, True], 'longitude': [25.0, 25.0]}
    """
    frame = places.reset_index(drop=True)
    latitude = frame["latitude"].astype("float64")
    longitude = frame["longitude"].astype("float64")
    own = (latitude.notna() & longitude.notna()).to_numpy()
    located = pd.DataFrame(
        {"longitude": longitude.to_numpy(), "latitude": latitude.to_numpy(),
         "source_ids": frame["coordinates_source_id"].astype("object").to_numpy()},
        index=frame["place_id"].astype(str).to_numpy(),
    )[own]
    anchor_id = frame["place_id"].astype("object").where(
        own, frame["map_anchor_id"].astype("object"))
    at = located.reindex(anchor_id.fillna("").to_numpy())
    out = pd.DataFrame(
        {
            "place_id": frame["place_id"].astype(str).to_numpy(),
            "kind": frame["kind"].astype(str).to_numpy(),
            "name_en": frame["name_en"].astype(str).to_numpy(),
            "study_city": frame["study_city"].astype(bool).to_numpy(),
            "anchor_id": anchor_id.to_numpy(),
            "anchored": ~own,
            "longitude": at["longitude"].to_numpy(),
            "latitude": at["latitude"].to_numpy(),
            "source_ids": at["source_ids"].to_numpy(),
        }
    )
    out = out[out["longitude"].notna()].reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["longitude"], out["latitude"]),
                            crs=CRS)


def _line(lon0: float, lat0: float, lon1: float, lat1: float) -> LineString | MultiLineString:
    """A straight line the short way round: split at the antimeridian if it crosses it."""
    if abs(lon1 - lon0) <= 180:
        return LineString([(lon0, lat0), (lon1, lat1)])
    edge = 180.0 if lon0 > 0 else -180.0
    unwrapped = lon1 + 2 * edge
    crossing = lat0 + (lat1 - lat0) * (edge - lon0) / (unwrapped - lon0)
    return MultiLineString([[(lon0, lat0), (edge, crossing)], [(-edge, crossing), (lon1, lat1)]])


def _locations(points: gpd.GeoDataFrame) -> pd.DataFrame:
    """Longitude and latitude by place id."""
    return points.drop_duplicates("place_id").set_index("place_id")[["longitude", "latitude"]]


def _ends(edges: pd.DataFrame, where: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(longitude, latitude) of each edge's party and partner, as two arrays."""
    start = where.loc[edges["party"].astype(str)].to_numpy()
    end = where.loc[edges["partner"].astype(str)].to_numpy()
    return start, end


def partner_lines(edges: pd.DataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Join the two parties of each relation by a line.

    Lines are straight in longitude/latitude and go the short way round: a
    relation across the Pacific is split at the antimeridian into two parts
    (a ``MultiLineString``).

    Parameters
    ----------
    edges : pandas.DataFrame
        Relations with ``party`` and ``partner`` (the processed ``edges`` table).
    points : geopandas.GeoDataFrame
        From :func:`party_points`.

    Returns
    -------
    geopandas.GeoDataFrame
        The relations whose two parties are both located, in their order, with
        all their columns and a line ``geometry``.

    Examples
    --------
    >>> points = gpd.GeoDataFrame({"place_id": ["a", "b"], "longitude": [25.0, 127.0],
    ...     "latitude": [60.0, 37.0]}, geometry=gpd.points_from_xy([25, 127], [60, 37]))
    >>> edges = pd.DataFrame({"party": ["a", "a"], "partner": ["b", "unknown"]})
    >>> [line.coords[:] for line in partner_lines(edges, points).geometry]
    [[(25.0, 60.0), (127.0, 37.0)]]
    """
    where = _locations(points)
    both = edges["party"].isin(where.index) & edges["partner"].isin(where.index)
    chosen = edges[both.to_numpy()].reset_index(drop=True)
    start, end = _ends(chosen, where)
    geometry = [_line(x0, y0, x1, y1) for (x0, y0), (x1, y1) in zip(start, end, strict=True)]
    return gpd.GeoDataFrame(chosen, geometry=geometry, crs=CRS)


def map_table(points: gpd.GeoDataFrame, lines: gpd.GeoDataFrame) -> pd.DataFrame:
    """The numbers a map draws, as one plain table (for a figure's CSV).

    Parameters
    ----------
    points : geopandas.GeoDataFrame
        From :func:`party_points`.
    lines : geopandas.GeoDataFrame
        From :func:`partner_lines`.

    Returns
    -------
    pandas.DataFrame
        One row per point (``element`` ``point``) then per line (``line``):
        ``place_id``, ``partner_id``, ``kind`` (of place or relation),
        ``study_city`` (of a point), ``claim``, ``date``, ``anchored``,
        ``longitude``, ``latitude``,
        ``end_longitude``, ``end_latitude`` and ``source_ids`` (of the
        coordinates for points, of the claim for lines).
    """
    start, end = _ends(lines, _locations(points))
    dots = pd.DataFrame({
        "element": "point", "place_id": points["place_id"], "partner_id": None,
        "kind": points["kind"], "study_city": points["study_city"], "claim": None, "date": None,
        "anchored": points["anchored"],
        "longitude": points["longitude"], "latitude": points["latitude"],
        "end_longitude": None, "end_latitude": None, "source_ids": points["source_ids"],
    })
    links = pd.DataFrame({
        "element": "line", "place_id": lines["party"].astype(str), "partner_id": lines["partner"],
        "kind": lines["kind"], "study_city": None, "claim": lines["claim"], "date": lines["date"],
        "anchored": None,
        "longitude": start[:, 0], "latitude": start[:, 1],
        "end_longitude": end[:, 0], "end_latitude": end[:, 1], "source_ids": lines["source_ids"],
    })
    return pd.concat([dots.astype("object"), links.astype("object")], ignore_index=True)


def within_extent(points: pd.DataFrame, extent: tuple[float, float, float, float]) -> pd.Series:
    """Whether each point lies inside ``extent`` = ``(west, east, south, north)``, edges included.

    Examples
    --------
    >>> points = pd.DataFrame({"longitude": [127.0, 25.0], "latitude": [37.0, 60.0]})
    >>> within_extent(points, (123, 131, 33, 40)).tolist()
    [True, False]
    """
    west, east, south, north = extent
    return (points["longitude"].between(west, east) & points["latitude"].between(south, north)
            ).astype(bool)
