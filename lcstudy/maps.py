"""Maps of the study's parties and the relations between them.

Everything stays in WGS 84 longitude/latitude (EPSG:4326) and is drawn as a
plate carrée map (longitude on x, latitude on y, equal scale): nothing is
reprojected and nothing is fetched at run time. The countries come from the
offline Natural Earth copy in ``data/raw/basemap`` (see its PROVENANCE.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from textwrap import fill
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from shapely.geometry import LineString, MultiLineString

from lcstudy.config import ProjectPaths, project_paths
from lcstudy.errors import DataError, Problem
from lcstudy.figures import PALETTE, city_colours

__all__ = [
    "CRS",
    "BASEMAP_FILE",
    "RELATION_STYLES",
    "load_basemap",
    "party_points",
    "partner_lines",
    "map_table",
    "network_map",
]

#: The one coordinate reference system of every map layer.
CRS = "EPSG:4326"
#: The basemap, relative to ``data/raw``.
BASEMAP_FILE = "basemap/naturalearth_110m_countries.geojson"
#: How each kind of relation is drawn, widest first so that narrower lines
#: stay visible on top of wider ones joining the same two parties.
RELATION_STYLES: dict[str, dict[str, Any]] = {
    "partnership_agreements": {"color": PALETTE[5], "linewidth": 2.4, "label": "Agreement or MOU"},
    "exchange_visits": {"color": PALETTE[3], "linewidth": 1.2, "label": "Exchange visit"},
    "international_events": {"color": PALETTE[7], "linewidth": 0.5,
                             "label": "Conference or festival"},
}
_OTHER_RELATION = {"color": "#999999", "linewidth": 0.8}
_LAND = {"color": "#E6E6E6", "edgecolor": "white", "linewidth": 0.3}
_PARTNER_COLOUR = "#555555"
_LABEL_WIDTH = 24  # characters per line of a place's name


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
        raise DataError([Problem(f"data/raw/{BASEMAP_FILE}", 0, "-", str(basemap.crs),
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
        ``claim``, ``date``, ``anchored``, ``longitude``, ``latitude``,
        ``end_longitude``, ``end_latitude`` and ``source_ids`` (of the
        coordinates for points, of the claim for lines).
    """
    start, end = _ends(lines, _locations(points))
    dots = pd.DataFrame({
        "element": "point", "place_id": points["place_id"], "partner_id": None,
        "kind": points["kind"], "claim": None, "date": None, "anchored": points["anchored"],
        "longitude": points["longitude"], "latitude": points["latitude"],
        "end_longitude": None, "end_latitude": None, "source_ids": points["source_ids"],
    })
    links = pd.DataFrame({
        "element": "line", "place_id": lines["party"].astype(str), "partner_id": lines["partner"],
        "kind": lines["kind"], "claim": lines["claim"], "date": lines["date"], "anchored": None,
        "longitude": start[:, 0], "latitude": start[:, 1],
        "end_longitude": end[:, 0], "end_latitude": end[:, 1], "source_ids": lines["source_ids"],
    })
    return pd.concat([dots.astype("object"), links.astype("object")], ignore_index=True)


def _draw_lines(ax: Axes, lines: gpd.GeoDataFrame) -> list[Line2D]:
    """Draw the relations, widest kind first; return one legend handle per kind."""
    order = [k for k in RELATION_STYLES if k in set(lines["kind"])]
    order += sorted(set(lines["kind"]) - set(RELATION_STYLES))
    handles = []
    for zorder, kind in enumerate(order, start=2):
        style = dict(RELATION_STYLES.get(kind, {**_OTHER_RELATION, "label": kind}))
        label = str(style.pop("label"))
        for geometry in lines.geometry[(lines["kind"] == kind).to_numpy()]:
            parts = getattr(geometry, "geoms", [geometry])
            for part in parts:
                xs, ys = part.xy
                ax.plot(xs, ys, solid_capstyle="round", zorder=zorder, **style)
        handles.append(Line2D([], [], label=label, **style))
    return handles


def _draw_points(ax: Axes, points: gpd.GeoDataFrame) -> list[Line2D]:
    """Draw cities as dots and anchored networks as hollow diamonds; return legend handles."""
    own = points[~points["anchored"].to_numpy(dtype=bool)]
    study = city_colours(own.loc[own["study_city"].to_numpy(dtype=bool), "place_id"])
    colours = [study.get(p, _PARTNER_COLOUR) for p in own["place_id"]]
    sizes = [22 if s else 10 for s in own["study_city"]]
    ax.scatter(own["longitude"], own["latitude"], s=sizes, c=colours, edgecolors="white",
               linewidths=0.4, zorder=20)
    anchored = points[points["anchored"].to_numpy(dtype=bool)]
    ax.scatter(anchored["longitude"], anchored["latitude"], s=60, marker="D", facecolors="none",
               edgecolors="black", linewidths=0.7, zorder=19)
    handles = []
    if not own["study_city"].all():
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=3.5,
                              color=_PARTNER_COLOUR, label="Other city"))
    if len(anchored):
        handles.append(Line2D([], [], linestyle="none", marker="D", markersize=6,
                              markerfacecolor="none", markeredgecolor="black",
                              label="Network (drawn at a city)"))
    return handles


def _draw_labels(ax: Axes, points: gpd.GeoDataFrame,
                 labels: Mapping[str, tuple[float, float]] | None) -> None:
    """Name the chosen points; places at one location share one label."""
    offsets = labels if labels is not None else dict.fromkeys(points["place_id"], (4.0, 0.0))
    for (lon, lat), group in points.groupby(["longitude", "latitude"], sort=False):
        listed = [p for p in group["place_id"] if p in offsets]
        if not listed:
            continue
        dx, dy = offsets[listed[0]]
        bold = bool(group["study_city"].any())
        text = "\n".join(fill(name, _LABEL_WIDTH) for name in group["name_en"])
        ax.annotate(text, (lon, lat), xytext=(dx, dy),
                    textcoords="offset points", ha="left" if dx >= 0 else "right",
                    va="center" if dy == 0 else ("bottom" if dy > 0 else "top"),
                    fontsize="small", fontweight="bold" if bold else "normal", zorder=30)


def network_map(
    basemap: gpd.GeoDataFrame,
    points: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    *,
    ax: Axes | None = None,
    extent: tuple[float, float, float, float] | None = None,
    labels: Mapping[str, tuple[float, float]] | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Draw countries, the relations between parties and the labelled parties.

    Parameters
    ----------
    basemap : geopandas.GeoDataFrame
        Countries, from :func:`load_basemap`.
    points : geopandas.GeoDataFrame
        Parties, from :func:`party_points`. Study cities are drawn in their
        :func:`~lcstudy.figures.city_colours`, other cities in grey, networks
        as hollow diamonds at their anchor.
    lines : geopandas.GeoDataFrame
        Relations, from :func:`partner_lines`, styled by ``kind``
        (:data:`RELATION_STYLES`; other kinds in grey).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    extent : tuple of float, optional
        ``(west, east, south, north)`` in degrees; default: the whole basemap.
    labels : mapping of str to (float, float), optional
        Places to name, each with the label's offset from the point in
        typographic points (a negative x puts the label on the left). One
        label names every place at a location, placed by the offset of the
        first of them (in the order of ``points``) that is listed.
        Long names are wrapped. Default: every point, 4 points to its right.
    legend : bool
        Whether to add a legend of relation kinds and point symbols below the map.
    **kwargs
        Passed to :meth:`geopandas.GeoDataFrame.plot` for the countries.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with equal scale in both directions and no ticks.

    Examples
    --------
    >>> korea = (123, 131, 33, 39.5)
    >>> ax = network_map(load_basemap(), points, lines, extent=korea)  # doctest: +SKIP
    """
    ax = ax if ax is not None else plt.gca()
    basemap.plot(ax=ax, aspect=None, zorder=1, **{**_LAND, **kwargs})
    handles = _draw_lines(ax, lines)
    handles += _draw_points(ax, points)
    _draw_labels(ax, points, labels)
    ax.set_xlabel("")
    ax.set_ylabel("")
    west, east, south, north = extent if extent is not None else basemap.total_bounds[[0, 2, 1, 3]]
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_linewidth(0.5)
    if legend:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncols=3, frameon=False, handlelength=2.0)
    return ax
