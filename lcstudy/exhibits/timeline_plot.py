"""The event timeline (fig4): every dated claim as a marker on one row per place.

Dates are partial (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and drawn at the
middle of the period they name (:func:`lcstudy.dates.decimal_year`), so that a
bare year sits mid-year. :func:`event_positions` returns exactly what
:func:`event_timeline` draws, for the CSV written beside the figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from textwrap import fill
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from lcstudy.dates import decimal_year
from lcstudy.exhibits.style import OTHER_COLOUR, city_colours, place_colour, year_axis

__all__ = ["EVENT_CATEGORIES", "event_positions", "event_timeline"]

EVENT_CATEGORIES: dict[str, str] = {
    "international_events": "conference or festival",
    "festival_cities": "conference or festival",
    "learning_city_awards": "award or selection",
    "national_awards": "award or selection",
    "showcase_selections": "award or selection",
    "gnlc_membership": "network founding, membership or size",
    "network_founding": "network founding, membership or size",
    "network_member_cities": "network founding, membership or size",
    "showcase_cities": "network founding, membership or size",
    "exchange_visits": "visit or agreement",
    "partnership_agreements": "visit or agreement",
    "learning_programmes": "programme or project launched",
    "resident_gardens": "programme or project launched",
}
_OTHER_CATEGORY = "other"
_MARKERS = {
    "conference or festival": "o",
    "award or selection": "*",
    "network founding, membership or size": "s",
    "visit or agreement": "D",
    "programme or project launched": "^",
    _OTHER_CATEGORY: "X",
}
_MARKER_SIZE = {"*": 48.0}
_PLANNED_ALPHA = 0.35  # a plan or announcement, not an event that happened
_STACK_GAP = 0.25  # years: events closer than this on one row are stacked
_STACK_STEP = 0.21  # rows between stacked events
_NAME_WIDTH = 24  # characters per line of a row label


def _rows(timeline: pd.DataFrame, order: Sequence[str] | None) -> list[str]:
    """The places of the timeline's rows, top first."""
    return list(order) if order is not None else list(dict.fromkeys(timeline["place_id"]))


def event_positions(timeline: pd.DataFrame, *, order: Sequence[str] | None = None) -> pd.DataFrame:
    """Where :func:`event_timeline` draws each event.

    Parameters
    ----------
    timeline : pandas.DataFrame
        Events with ``date``, ``place_id``, ``indicator_id`` and
        ``date_inferred`` (the processed ``timeline`` table).
    order : sequence of str, optional
        Places from the top row down; default: in order of their first event.
        Events of places not listed are left out.

    Returns
    -------
    pandas.DataFrame
        The events kept, with ``x`` (decimal year), ``row`` (0 at the top),
        ``y`` (the row, moved up or down to stack events that fall close
        together on one row) and ``category`` (:data:`EVENT_CATEGORIES`).

    Examples
    --------
    >>> events = pd.DataFrame({"date": ["2015", "2015", "2016-07"],
    ...     "place_id": ["a", "a", "b"], "indicator_id": ["x", "x", "y"],
    ...     "date_inferred": [False, True, False]})
    >>> event_positions(events)[["x", "row", "y"]].round(2).to_dict("list")
    {'x': [2015.5, 2015.5, 2016.54], 'row': [0, 0, 1], 'y': [-0.1, 0.1, 1.0]}
    """
    places = _rows(timeline, order)
    kept = timeline[timeline["place_id"].isin(places).to_numpy()]
    out = kept.assign(
        x=kept["date"].map(decimal_year).astype("float64"),
        row=kept["place_id"].map({p: i for i, p in enumerate(places)}).astype("int64"),
        category=kept["indicator_id"].map(EVENT_CATEGORIES).fillna(_OTHER_CATEGORY).astype(str),
    ).sort_values(["row", "x"], kind="stable")
    offsets = pd.Series(0.0, index=out.index)
    for _, events in out.groupby("row", sort=False):
        cluster = (events["x"].diff() > _STACK_GAP).cumsum()
        for _, members in events.groupby(cluster, sort=False):
            n = len(members)
            offsets[members.index] = (np.arange(n) - (n - 1) / 2) * _STACK_STEP
    return out.assign(y=out["row"] + offsets).sort_index().reset_index(drop=True)


def event_timeline(
    timeline: pd.DataFrame,
    *,
    order: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
    cities: Sequence[str] = (),
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw events as markers on one row per place, dated on a shared axis.

    Marker shape gives the kind of event, colour the place (a study city's
    colour, :func:`lcstudy.exhibits.style.city_colours` of ``cities``, else grey). An event
    whose date was inferred from context is drawn hollow; a plan or announcement
    (``status`` other than happened) is drawn faded, never as achieved; the
    legend explains all three.

    Parameters
    ----------
    timeline : pandas.DataFrame
        Events (the processed ``timeline`` table, with ``status``), see
        :func:`event_positions`.
    order : sequence of str, optional
        Places from the top row down; see :func:`event_positions`.
    names : mapping of str to str, optional
        Row labels by place id (default: the ids); long names are wrapped.
    cities : sequence of str
        The study cities, in their order (their colours); other places are grey.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = event_timeline(read_processed("timeline"))  # doctest: +SKIP
    """
    ax = ax if ax is not None else plt.gca()
    events = event_positions(timeline, order=order)
    palette = city_colours(cities)
    style = {"s": 22.0, "linewidths": 0.8, "zorder": 3, **kwargs}
    events = events.assign(achieved=events["status"] == "happened")
    groups = events.groupby(["category", "date_inferred", "achieved"], sort=True)
    for (category, inferred, achieved), group in groups:
        marker = _MARKERS[category]
        colours = [place_colour(p, palette) for p in group["place_id"]]
        faces = "none" if inferred else colours
        size = _MARKER_SIZE.get(marker, style["s"])
        gid = ("inferred" if inferred else "stated") + ("" if achieved else "-planned")
        ax.scatter(group["x"], group["y"], marker=marker, facecolors=faces, edgecolors=colours,
                   gid=gid, **{**style, "s": size, "alpha": 1.0 if achieved else _PLANNED_ALPHA})
    places = _rows(timeline, order)
    labels = [fill((names or {}).get(p, p), _NAME_WIDTH) for p in places]
    ax.set_yticks(range(len(places)), labels)
    ax.set_ylim(len(places) - 0.4, -0.7)
    year_axis(ax, events["x"])
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], linestyle="none", marker=_MARKERS[c], color=OTHER_COLOUR, label=c,
                      markersize=7 if _MARKERS[c] == "*" else 4.5)
               for c in _MARKERS if c in set(events["category"])]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4.5,
                          markerfacecolor="none", markeredgecolor=OTHER_COLOUR,
                          label="hollow: date inferred from context"))
    if not events["achieved"].all():
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4.5,
                              color=OTHER_COLOUR, alpha=_PLANNED_ALPHA,
                              label="faded: planned or announced"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=3,
              frameon=False)
    return ax
