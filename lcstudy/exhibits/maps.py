"""Maps of the study's parties and the relations between them.

Everything stays in WGS 84 longitude/latitude (EPSG:4326) and is drawn as a
plate carrée map (longitude on x, latitude on y, equal scale): nothing is
reprojected and nothing is fetched at run time. The countries come from the
offline Natural Earth copy in ``data/raw/basemap`` (see its PROVENANCE.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from textwrap import fill
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from lcstudy.exhibits.geo import within_extent
from lcstudy.exhibits.style import RELATION_COLOURS, city_colours

__all__ = ["RELATION_STYLES", "inset_extent", "network_map"]

#: How each kind of relation is drawn, widest first so that narrower lines
#: stay visible on top of wider ones joining the same two parties.
RELATION_STYLES: dict[str, dict[str, Any]] = {
    "partnership_agreements": {"color": RELATION_COLOURS[0], "linewidth": 2.4,
                               "label": "Agreement or MOU"},
    "exchange_visits": {"color": RELATION_COLOURS[1], "linewidth": 1.2, "label": "Exchange visit"},
    "international_events": {"color": RELATION_COLOURS[2], "linewidth": 0.5,
                             "label": "Conference or festival"},
}
_OTHER_RELATION = {"color": "#999999", "linewidth": 0.8}
_LAND = {"color": "#E6E6E6", "edgecolor": "white", "linewidth": 0.3}
_PARTNER_COLOUR = "#555555"
_LABEL_WIDTH = 24  # characters per line of a place's name
#: Offsets (typographic points) a label may take from its point, tried in this
#: order: right, left, the four diagonals, above, below, then farther out.
_LABEL_OFFSETS = ((4.0, 0.0), (-4.0, 0.0), (4.0, 4.0), (4.0, -4.0), (-4.0, 4.0), (-4.0, -4.0),
                  (0.0, 6.0), (0.0, -6.0), (6.0, 10.0), (6.0, -10.0), (-6.0, 10.0),
                  (-6.0, -10.0))
_POINT_RADIUS = 3.0  # points: the room a drawn city takes, for label placement
_DIAMOND_RADIUS = 4.5  # points: the room a network's diamond takes
#: Smallest inset, in degrees (width, height); also the inset's shape.
INSET_SIZE = (8.0, 6.5)


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


def _draw_points(ax: Axes, points: gpd.GeoDataFrame, palette: Mapping[str, str]
                 ) -> list[Line2D]:
    """Draw cities as dots and anchored networks as hollow diamonds; return legend handles."""
    own = points[~points["anchored"].to_numpy(dtype=bool)]
    colours = [palette.get(p, _PARTNER_COLOUR) for p in own["place_id"]]
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


def inset_extent(points: pd.DataFrame, places: pd.DataFrame, *,
                 size: tuple[float, float] = INSET_SIZE, margin: float = 0.25
                 ) -> tuple[str, tuple[float, float, float, float]] | None:
    """The country whose study cities crowd together, and the extent of an inset showing them.

    The rule: the country (``places.country``) with the most located study
    cities, the first in file order on a tie, if it has two or more; its
    cluster is every point of that country with coordinates of its own (its
    study cities and the partners located there). The extent is the cluster's
    bounding box widened by ``margin`` times its span on each side, then grown
    about its centre to at least ``size`` and to the shape of ``size``, so the
    inset keeps its place and shape in the figure whatever the cities.

    Parameters
    ----------
    points : pandas.DataFrame
        From :func:`lcstudy.exhibits.geo.party_points`.
    places : pandas.DataFrame
        The raw ``places`` table (``place_id``, ``country``).
    size : (float, float)
        Smallest width and height of the inset, in degrees; also its shape.
    margin : float
        Room around the cluster, as a share of its span.

    Returns
    -------
    (str, (float, float, float, float)) or None
        The country code and ``(west, east, south, north)``; None when no
        country has two located study cities.

    Examples
    --------
    >>> places = pd.DataFrame({"place_id": ["a", "b", "c"], "country": ["KR", "KR", "FI"]})
    >>> points = pd.DataFrame({"place_id": ["a", "b", "c"], "study_city": [True, True, True],
    ...     "anchored": [False] * 3, "longitude": [127.0, 127.1, 25.0],
    ...     "latitude": [37.2, 36.4, 60.2]})
    >>> inset_extent(points, places)
    ('KR', (123.05, 131.05, 33.55, 40.05))
    """
    country = places.drop_duplicates("place_id").set_index("place_id")["country"]
    own = points[~points["anchored"].to_numpy(dtype=bool)]
    own = own.assign(country=own["place_id"].map(country).astype("object").to_numpy())
    counts = own.loc[own["study_city"].to_numpy(dtype=bool), "country"].dropna().value_counts(
        sort=False)
    if counts.empty or counts.max() < 2:
        return None
    crowded = str(counts.index[counts.to_numpy() == counts.max()][0])
    cluster = own[(own["country"] == crowded).to_numpy()]
    shape = size[0] / size[1]
    spans = []
    for column in ("longitude", "latitude"):
        low, high = float(cluster[column].min()), float(cluster[column].max())
        spans.append(((low + high) / 2, (high - low) * (1 + 2 * margin)))
    (x, width), (y, height) = spans
    width, height = max(width, size[0]), max(height, size[1])
    width, height = max(width, height * shape), max(height, width / shape)
    extent = [x - width / 2, x + width / 2, y - height / 2, y + height / 2]
    west, east, south, north = (round(v, 6) for v in extent)
    return crowded, (west, east, south, north)


def _figure(ax: Axes) -> Figure:
    """The (top-level) figure ``ax`` is drawn on."""
    figure = ax.get_figure()
    while isinstance(figure, SubFigure):
        figure = figure.figure
    assert isinstance(figure, Figure)
    return figure


def _renderer(figure: Figure) -> Any:
    """The renderer that measures text on ``figure`` (its canvas's, else the figure's own)."""
    get_renderer = getattr(figure.canvas, "get_renderer", None)
    if get_renderer is not None:
        return get_renderer()
    return figure._get_renderer()  # type: ignore[attr-defined]


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    """Area of ``box`` that lies on ``others``."""
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    """Area of ``box`` outside ``frame``."""
    inside = Bbox.intersection(box, frame)
    covered = 0.0 if inside is None else inside.width * inside.height
    return box.width * box.height - covered


def _draw_labels(ax: Axes, points: gpd.GeoDataFrame, chosen: list[str]) -> None:
    """Name the chosen points, each where it covers no other label or point.

    Places at one location share one label. Study cities are placed first,
    then the others in the order of ``points``; each label takes the first
    offset of :data:`_LABEL_OFFSETS` at which, in display space, it covers no
    label already placed, no drawn point, no inset (with its title) and
    nothing outside the axes (else the offset that covers least).
    """
    figure = _figure(ax)
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)  # measure where the axes will be
    ax.apply_aspect()
    renderer = _renderer(figure)
    scale = figure.dpi / 72
    shown = points[within_extent(points, (*ax.get_xlim(), *ax.get_ylim())).to_numpy()]
    where = ax.transData.transform(shown[["longitude", "latitude"]].to_numpy(dtype=float))
    radii = np.where(shown["anchored"].to_numpy(dtype=bool), _DIAMOND_RADIUS, _POINT_RADIUS)
    occupied = [Bbox.from_extents(x - r, y - r, x + r, y + r)
                for (x, y), r in zip(where, radii * scale, strict=True)]
    for child in ax.child_axes:  # an inset, with its title
        box = child.get_tightbbox(renderer)
        if box is not None:
            occupied.append(box)
    frame = ax.get_window_extent(renderer)
    groups = list(shown.groupby(["longitude", "latitude"], sort=False))
    groups.sort(key=lambda item: not bool(item[1]["study_city"].any()))
    for (lon, lat), group in groups:
        if not set(group["place_id"]) & set(chosen):
            continue
        bold = bool(group["study_city"].any())
        text = "\n".join(fill(name, _LABEL_WIDTH) for name in group["name_en"])
        best: tuple[float, tuple[float, float]] | None = None
        for dx, dy in _LABEL_OFFSETS:
            label = _annotate(ax, text, (lon, lat), (dx, dy), bold)
            box = label.get_window_extent(renderer)
            label.remove()
            cost = _overlap(box, occupied) + _outside(box, frame)
            if best is None or cost < best[0]:
                best = (cost, (dx, dy))
            if cost == 0:
                break
        assert best is not None
        label = _annotate(ax, text, (lon, lat), best[1], bold)
        occupied.append(label.get_window_extent(renderer))


def _annotate(ax: Axes, text: str, xy: tuple[float, float], offset: tuple[float, float],
              bold: bool) -> Any:
    """One place label at ``offset`` points from ``xy``, aligned away from the point."""
    dx, dy = offset
    label = ax.annotate(text, xy, xytext=offset, textcoords="offset points",
                        ha="left" if dx > 0 else ("right" if dx < 0 else "center"),
                        va="center" if dy == 0 else ("bottom" if dy > 0 else "top"),
                        fontsize="small", fontweight="bold" if bold else "normal", zorder=30)
    label.set_in_layout(False)
    return label


def network_map(
    basemap: gpd.GeoDataFrame,
    points: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    *,
    ax: Axes | None = None,
    extent: tuple[float, float, float, float] | None = None,
    labels: Iterable[str] | None = None,
    palette: Mapping[str, str] | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Draw countries, the relations between parties and the labelled parties.

    Parameters
    ----------
    basemap : geopandas.GeoDataFrame
        Countries, from :func:`lcstudy.exhibits.geo.load_basemap`.
    points : geopandas.GeoDataFrame
        Parties, from :func:`lcstudy.exhibits.geo.party_points`. Study cities are drawn in their
        colours (``palette``), other cities in grey, networks as hollow
        diamonds at their anchor.
    lines : geopandas.GeoDataFrame
        Relations, from :func:`lcstudy.exhibits.geo.partner_lines`, styled by ``kind``
        (:data:`RELATION_STYLES`; other kinds in grey).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    extent : tuple of float, optional
        ``(west, east, south, north)`` in degrees; default: the whole basemap.
    labels : iterable of str, optional
        Places to name (default: every point inside the extent). One label
        names every place at a location; labels are placed automatically
        beside their point where they cover no other label, no point, no
        inset already on ``ax`` and nothing outside the axes (study cities
        first). Long names are wrapped.
    palette : mapping of str to str, optional
        Colour of each study city (default: :func:`lcstudy.exhibits.style.city_colours`
        of the study cities among ``points``, in their order).
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
    if palette is None:
        palette = city_colours(points.loc[points["study_city"].to_numpy(dtype=bool), "place_id"])
    basemap.plot(ax=ax, aspect=None, zorder=1, **{**_LAND, **kwargs})
    handles = _draw_lines(ax, lines)
    handles += _draw_points(ax, points, palette)
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
    chosen = points["place_id"] if labels is None else labels
    _draw_labels(ax, points, list(chosen))
    return ax
