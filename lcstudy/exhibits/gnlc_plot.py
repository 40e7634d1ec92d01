"""The study cities in the Global Network of Learning Cities (fig6): growth and awards.

:func:`network_growth` draws the network's member cities by date, with award
years and joining dates; :func:`awards_by_year` the award winners per award
year; :func:`network_context_table` returns exactly what both draw.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from lcstudy.dates import decimal_year
from lcstudy.exhibits.style import city_colours, place_colour, text_colour, year_axis

__all__ = ["network_growth", "award_counts", "awards_by_year", "network_context_table"]


#: Distance between labels stacked side by side or one above the other, in points:
#: a line of x-small text (0.694 of the 8-point house font) with room between.
_LINE_POINTS = 7.0
#: Distance between the stacked names of cities joining close together, in points: a line
#: of x-small text in its white box (padded a tenth of the font size), a point between.
_JOIN_STEP = 8.0


def _name(place: str, names: Mapping[str, str] | None) -> str:
    """A place's name in ``names`` (``places.name_en`` by id), else its id."""
    return str(names[place]) if names is not None and place in names else place


def _join_marks(ax: Axes, joins: pd.DataFrame, palette: Mapping[str, str],
                names: Mapping[str, str] | None) -> None:
    """A triangle on the time axis per join, named above it; a name that would overlap one
    already placed (the widths measured, half a line kept between) goes a step higher."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    room = _LINE_POINTS / 4 * ax.figure.dpi / 72
    placed: list[Bbox] = []
    for when, place in zip(joins["date"], joins["place_id"], strict=True):
        x = decimal_year(when)
        colour = place_colour(place, palette)
        ax.plot([x], [0], marker="^", color=colour, markersize=5, linestyle="none",
                clip_on=False, zorder=4)
        for level in itertools.count():
            label = ax.annotate(f"{_name(place, names)} joins", (x, 0),
                                xytext=(0, 5 + level * _JOIN_STEP), textcoords="offset points",
                                ha="center", va="bottom", color=text_colour(colour),
                                fontsize="x-small",
                                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.1})
            text = label.get_window_extent(renderer)
            box = Bbox.from_extents(text.x0 - room, text.y0, text.x1 + room, text.y1)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            label.remove()


def network_growth(
    series: pd.DataFrame,
    *,
    awards: pd.DataFrame | None = None,
    joins: pd.DataFrame | None = None,
    cities: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a network's member cities by date, with award years and joins marked.

    Parameters
    ----------
    series : pandas.DataFrame
        Counts with ``period_start`` (partial date), ``lower`` and ``upper``
        (rows of the processed ``claims`` table). An interval is drawn as a
        vertical bar, a count known exactly as a point; each is labelled.
    awards : pandas.DataFrame, optional
        Award winners with ``award_year`` and ``place_id``: each award year
        is a dotted line (explained in a legend), and study cities among the
        winners are named on it.
    joins : pandas.DataFrame, optional
        With ``date`` and ``place_id``: when study cities joined, drawn as
        triangles on the time axis and named.
    cities : sequence of str
        The study cities, in their order (their colours; winners among them
        are named).
    names : mapping of str to str, optional
        Each place's name by id (:attr:`lcstudy.data.evidence.Evidence.place_names`),
        written in the labels; a place without one is labelled with its id.
        Labels are in the city's colour, darkened where it is faint on white
        (:func:`lcstudy.exhibits.style.text_colour`).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for the counts.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> counts = pd.DataFrame({"period_start": ["2016-08", "2020-09"],
    ...     "lower": [115.0, 230.0], "upper": [115.0, 230.0]})
    >>> ax = network_growth(counts)
    >>> ax.lines[0].get_ydata().tolist()
    [115.0, 230.0]
    """
    ax = ax if ax is not None else plt.gca()
    points = series.assign(x=series["period_start"].map(decimal_year).astype("float64"))
    points = points.sort_values("x")
    middle = (points["lower"] + points["upper"]) / 2
    style = {"color": "black", "marker": "o", "markersize": 3.5, "linewidth": 1.0, **kwargs}
    ax.plot(points["x"], middle, **style)
    ranged = points[points["lower"] != points["upper"]]
    ax.vlines(ranged["x"], ranged["lower"], ranged["upper"], color=style["color"])
    for x, low, high in zip(points["x"], points["lower"], points["upper"], strict=True):
        text = f"{low:.0f}" if low == high else f"{low:.0f}–{high:.0f}"
        ax.annotate(text, (x, high), xytext=(0, 4), textcoords="offset points", ha="center",
                    va="bottom", fontsize="x-small")
    top = float(points["upper"].max()) * 1.25
    palette = city_colours(cities)
    if awards is not None:
        for year, winners in awards.groupby("award_year", sort=True):
            x = decimal_year(str(year))
            ax.axvline(x, color="#999999", linestyle=":", linewidth=0.8, zorder=0)
            study = [p for p in winners["place_id"].dropna() if p in palette]
            for k, place in enumerate(study):  # side by side, one line apart: never overlapping
                ax.annotate(f"{_name(place, names)} award", (x, top),
                            xytext=(2 + k * _LINE_POINTS, -2), textcoords="offset points",
                            ha="left", va="top", rotation=90, color=text_colour(palette[place]),
                            fontsize="x-small")
    ax.set_ylim(0, top)
    year_axis(ax, [*points["x"],
                   *([] if awards is None else map(decimal_year, awards["award_year"].astype(str))),
                   *([] if joins is None else map(decimal_year, joins["date"]))])
    if joins is not None:
        _join_marks(ax, joins, palette, names)
    ax.set_ylabel("member cities")
    if awards is not None:
        award_year = Line2D([], [], color="#999999", linestyle=":", linewidth=0.8,
                            label="award year")
        ax.legend(handles=[award_year], loc="center left", facecolor="white", edgecolor="none",
                  framealpha=1.0)
    return ax


def award_counts(awards: pd.DataFrame, *, cities: Sequence[str]) -> pd.DataFrame:
    """Winners of each award year, and the study cities among them.

    Parameters
    ----------
    awards : pandas.DataFrame
        The raw ``award_winners`` table (``award_year``, ``place_id``, ``source_id``).
    cities : sequence of str
        The study cities.

    Returns
    -------
    pandas.DataFrame
        ``award_year``, ``x`` (its middle, as a decimal year), ``winners``,
        ``study_winners`` (place ids of the winning study cities, ``;``-separated)
        and ``source_ids``.

    Examples
    --------
    >>> awards = pd.DataFrame({"award_year": [2015, 2015], "place_id": ["a", None],
    ...     "source_id": ["s", "s"]})
    >>> award_counts(awards, cities=["a"])[["award_year", "winners", "study_winners"]
    ...     ].to_dict("records")
    [{'award_year': 2015, 'winners': 2, 'study_winners': 'a'}]
    """
    rows = []
    for year, winners in awards.groupby("award_year", sort=True):
        study = [p for p in winners["place_id"].dropna() if p in set(cities)]
        rows.append({"award_year": int(year), "x": decimal_year(str(year)),
                     "winners": len(winners), "study_winners": ";".join(study),
                     "source_ids": ";".join(sorted(set(winners["source_id"])))})
    return pd.DataFrame(rows)


def awards_by_year(awards: pd.DataFrame, *, cities: Sequence[str],
                   names: Mapping[str, str] | None = None, ax: Axes | None = None,
                   **kwargs: Any) -> Axes:
    """Draw the number of award winners per year, study-city winners in colour.

    Parameters
    ----------
    awards : pandas.DataFrame
        The raw ``award_winners`` table.
    cities : sequence of str
        The study cities, in their order (their colours).
    names : mapping of str to str, optional
        Each place's name by id, as for :func:`network_growth`.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` for the other winners.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = awards_by_year(study.evidence.award_winners, cities=study.cities)  # doctest: +SKIP
    """
    ax = ax if ax is not None else plt.gca()
    palette = city_colours(cities)
    counts = award_counts(awards, cities=cities)
    study = counts["study_winners"].str.split(";").map(lambda ids: [i for i in ids if i])
    others = counts["winners"] - study.map(len)
    style = {"width": 0.8, "color": "#BBBBBB", **kwargs}
    ax.bar(counts["x"], others, label="other winners", **style)
    for x, base, ids in zip(counts["x"], others, study, strict=True):
        for k, place in enumerate(ids):
            ax.bar([x], [1], bottom=base + k, width=style["width"], color=palette[place])
            # one line apart in points, centred on the coloured stack: never overlapping
            ax.annotate(_name(place, names), (x + style["width"] / 2, base + len(ids) / 2),
                        xytext=(2, (k - (len(ids) - 1) / 2) * _LINE_POINTS),
                        textcoords="offset points", va="center", color=text_colour(palette[place]),
                        fontsize="x-small")
    for x, total in zip(counts["x"], counts["winners"], strict=True):
        ax.annotate(str(total), (x, total), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize="x-small")
    ax.set_ylim(0, counts["winners"].max() * 1.2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    year_axis(ax, counts["x"])
    ax.set_ylabel("award winners")
    return ax


def network_context_table(
    series: pd.DataFrame, awards: pd.DataFrame, joins: pd.DataFrame, *, cities: Sequence[str]
) -> pd.DataFrame:
    """The numbers :func:`network_growth` and :func:`awards_by_year` draw, as one table.

    Parameters
    ----------
    series, awards, joins : pandas.DataFrame
        As for :func:`network_growth`; ``joins`` also needs ``source_ids``.
    cities : sequence of str
        The study cities.

    Returns
    -------
    pandas.DataFrame
        One row per mark: ``element`` (``member cities``, ``joins`` or
        ``award winners``), ``date``, ``x`` (decimal year), ``place_id`` (who
        joined; study-city winners), ``lower``, ``upper`` (counts) and
        ``source_ids``; in that order of elements, then by date.
    """
    members = series.assign(x=series["period_start"].map(decimal_year).astype("float64"))
    counts = award_counts(awards, cities=cities)
    parts = [
        pd.DataFrame({"element": "member cities", "date": members["period_start"].astype(str),
                      "x": members["x"], "place_id": "", "lower": members["lower"],
                      "upper": members["upper"], "source_ids": members["source_ids"]}),
        pd.DataFrame({"element": "joins", "date": joins["date"].astype(str),
                      "x": joins["date"].map(decimal_year).astype("float64"),
                      "place_id": joins["place_id"].astype(str), "lower": np.nan,
                      "upper": np.nan, "source_ids": joins["source_ids"]}),
        pd.DataFrame({"element": "award winners", "date": counts["award_year"].astype(str),
                      "x": counts["x"], "place_id": counts["study_winners"],
                      "lower": counts["winners"].astype(float),
                      "upper": counts["winners"].astype(float),
                      "source_ids": counts["source_ids"]}),
    ]
    return pd.concat([p.sort_values("x", kind="stable") for p in parts], ignore_index=True)
