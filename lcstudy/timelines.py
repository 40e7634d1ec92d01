"""Things over time: events per place, the size of the network, populations.

Dates in the evidence are partial (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
They are plotted as decimal years at the middle of the period they name, so
that a bare year sits mid-year rather than on 1 January (:func:`decimal_year`).
Each plot function has a companion that returns exactly the numbers it plots,
for the CSV written beside a figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date as Date
from textwrap import fill
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from lcstudy.evidence import parse_partial_date
from lcstudy.figures import CITY_COLOURS

__all__ = [
    "EVENT_CATEGORIES",
    "decimal_year",
    "event_positions",
    "event_timeline",
    "network_growth",
    "award_counts",
    "awards_by_year",
    "network_context_table",
    "population_points",
    "population_series",
]

#: The kind of event each indicator's dated claims are, for the timeline's markers.
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
_OTHER_COLOUR = "#555555"
_PLANNED_ALPHA = 0.35  # a plan or announcement, not an event that happened
_YEARS = (2013, 2026)
_STACK_GAP = 0.25  # years: events closer than this on one row are stacked
_STACK_STEP = 0.21  # rows between stacked events
_NAME_WIDTH = 24  # characters per line of a row label
#: Marker and legend text of each population definition (official series).
_DEFINITIONS = {
    "registered_residents": ("o", "registered residents"),
    "resident_registration": ("s", "resident registration"),
    "resident_registration_koreans": ("^", "resident registration (Koreans)"),
    "residents_incl_foreigners": ("D", "residents incl. foreigners"),
}


def decimal_year(date: str) -> float:
    """The middle of the period a partial date names, as a decimal year.

    Parameters
    ----------
    date : str
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns
    -------
    float
        The year plus the fraction of it elapsed at the middle of the year,
        month or day named.

    Raises
    ------
    ValueError
        If ``date`` is not such a date.

    Examples
    --------
    >>> decimal_year("2015")
    2015.5
    >>> round(decimal_year("2021-09-29"), 3)
    2021.744
    """
    start = parse_partial_date(date)
    if start is None:
        raise ValueError(f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}")
    precision = date.count("-")
    if precision == 0:
        end = Date(start.year + 1, 1, 1)
    elif precision == 1:
        end = Date(start.year + start.month // 12, start.month % 12 + 1, 1)
    else:
        end = Date.fromordinal(start.toordinal() + 1)
    year_start = Date(start.year, 1, 1)
    days_in_year = (Date(start.year + 1, 1, 1) - year_start).days
    middle = (start - year_start).days + (end - start).days / 2
    return start.year + middle / days_in_year


def _year_axis(ax: Axes) -> None:
    """A tick on 1 January of each year of the study period."""
    ax.set_xticks(range(_YEARS[0], _YEARS[1] + 1))
    ax.set_xlim(_YEARS[0] - 0.3, _YEARS[1] + 0.3)


def _rows(timeline: pd.DataFrame, order: Sequence[str] | None) -> list[str]:
    """The places of the timeline's rows, top first."""
    return list(order) if order is not None else list(dict.fromkeys(timeline["place_id"]))


def _place_colour(place_id: str) -> str:
    """A study city's colour, else dark grey."""
    return CITY_COLOURS.get(place_id, _OTHER_COLOUR)


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
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw events as markers on one row per place, dated on a shared axis.

    Marker shape gives the kind of event, colour the place (a study city's
    colour, else grey). An event whose date was inferred from context is
    drawn hollow; a plan or announcement (``status`` other than happened) is
    drawn faded, never as achieved; the legend explains all three.

    Parameters
    ----------
    timeline : pandas.DataFrame
        Events (the processed ``timeline`` table, with ``status``), see
        :func:`event_positions`.
    order : sequence of str, optional
        Places from the top row down; see :func:`event_positions`.
    names : mapping of str to str, optional
        Row labels by place id (default: the ids); long names are wrapped.
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
    style = {"s": 22.0, "linewidths": 0.8, "zorder": 3, **kwargs}
    events = events.assign(achieved=events["status"] == "happened")
    groups = events.groupby(["category", "date_inferred", "achieved"], sort=True)
    for (category, inferred, achieved), group in groups:
        marker = _MARKERS[category]
        colours = [_place_colour(p) for p in group["place_id"]]
        faces = "none" if inferred else colours
        size = _MARKER_SIZE.get(marker, style["s"])
        gid = ("inferred" if inferred else "stated") + ("" if achieved else "-planned")
        ax.scatter(group["x"], group["y"], marker=marker, facecolors=faces, edgecolors=colours,
                   gid=gid, **{**style, "s": size, "alpha": 1.0 if achieved else _PLANNED_ALPHA})
    places = _rows(timeline, order)
    labels = [fill((names or {}).get(p, p), _NAME_WIDTH) for p in places]
    ax.set_yticks(range(len(places)), labels)
    ax.set_ylim(len(places) - 0.4, -0.7)
    _year_axis(ax)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], linestyle="none", marker=_MARKERS[c], color=_OTHER_COLOUR, label=c,
                      markersize=7 if _MARKERS[c] == "*" else 4.5)
               for c in _MARKERS if c in set(events["category"])]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4.5,
                          markerfacecolor="none", markeredgecolor=_OTHER_COLOUR,
                          label="hollow: date inferred from context"))
    if not events["achieved"].all():
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4.5,
                              color=_OTHER_COLOUR, alpha=_PLANNED_ALPHA,
                              label="faded: planned or announced"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=3,
              frameon=False)
    return ax


def network_growth(
    series: pd.DataFrame,
    *,
    awards: pd.DataFrame | None = None,
    joins: pd.DataFrame | None = None,
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
    if awards is not None:
        for year, winners in awards.groupby("award_year", sort=True):
            x = decimal_year(str(year))
            ax.axvline(x, color="#999999", linestyle=":", linewidth=0.8, zorder=0)
            for place in winners["place_id"].dropna():
                if place in CITY_COLOURS:
                    ax.annotate(f"{place.capitalize()} award", (x, top), xytext=(2, -2),
                                textcoords="offset points", ha="left", va="top", rotation=90,
                                color=_place_colour(place), fontsize="x-small")
    if joins is not None:
        for when, place in zip(joins["date"], joins["place_id"], strict=True):
            x = decimal_year(when)
            ax.plot([x], [0], marker="^", color=_place_colour(place), markersize=5,
                    linestyle="none", clip_on=False, zorder=4)
            ax.annotate(f"{place.capitalize()} joins", (x, 0), xytext=(0, 5),
                        textcoords="offset points", ha="center", va="bottom",
                        color=_place_colour(place), fontsize="x-small",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    ax.set_ylim(0, top)
    _year_axis(ax)
    ax.set_ylabel("member cities")
    if awards is not None:
        award_year = Line2D([], [], color="#999999", linestyle=":", linewidth=0.8,
                            label="award year")
        ax.legend(handles=[award_year], loc="center left", facecolor="white", edgecolor="none",
                  framealpha=1.0)
    return ax


def award_counts(awards: pd.DataFrame) -> pd.DataFrame:
    """Winners of each award year, and the study cities among them.

    Parameters
    ----------
    awards : pandas.DataFrame
        The raw ``award_winners`` table (``award_year``, ``place_id``, ``source_id``).

    Returns
    -------
    pandas.DataFrame
        ``award_year``, ``x`` (its middle, as a decimal year), ``winners``,
        ``study_winners`` (place ids of the winning study cities, i.e. those with
        a colour in :data:`~lcstudy.figures.CITY_COLOURS`, ``;``-separated)
        and ``source_ids``.

    Examples
    --------
    >>> awards = pd.DataFrame({"award_year": [2015, 2015], "place_id": ["espoo", None],
    ...     "source_id": ["s", "s"]})
    >>> award_counts(awards)[["award_year", "winners", "study_winners"]].to_dict("records")
    [{'award_year': 2015, 'winners': 2, 'study_winners': 'espoo'}]
    """
    rows = []
    for year, winners in awards.groupby("award_year", sort=True):
        study = [p for p in winners["place_id"].dropna() if p in CITY_COLOURS]
        rows.append({"award_year": int(year), "x": decimal_year(str(year)),
                     "winners": len(winners), "study_winners": ";".join(study),
                     "source_ids": ";".join(sorted(set(winners["source_id"])))})
    return pd.DataFrame(rows)


def awards_by_year(awards: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw the number of award winners per year, study-city winners in colour.

    Parameters
    ----------
    awards : pandas.DataFrame
        The raw ``award_winners`` table.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` for the other winners.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = awards_by_year(load_valid(project_paths()).award_winners)  # doctest: +SKIP
    """
    ax = ax if ax is not None else plt.gca()
    counts = award_counts(awards)
    study = counts["study_winners"].str.split(";").map(lambda ids: [i for i in ids if i])
    others = counts["winners"] - study.map(len)
    style = {"width": 0.8, "color": "#BBBBBB", **kwargs}
    ax.bar(counts["x"], others, label="other winners", **style)
    for x, base, ids in zip(counts["x"], others, study, strict=True):
        for k, place in enumerate(ids):
            ax.bar([x], [1], bottom=base + k, width=style["width"], color=_place_colour(place))
            ax.annotate(place.capitalize(), (x + style["width"] / 2, base + k + 0.5),
                        xytext=(2, 0), textcoords="offset points", va="center",
                        color=_place_colour(place), fontsize="x-small")
    for x, total in zip(counts["x"], counts["winners"], strict=True):
        ax.annotate(str(total), (x, total), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize="x-small")
    ax.set_ylim(0, counts["winners"].max() * 1.2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _year_axis(ax)
    ax.set_ylabel("award winners")
    return ax


def network_context_table(
    series: pd.DataFrame, awards: pd.DataFrame, joins: pd.DataFrame
) -> pd.DataFrame:
    """The numbers :func:`network_growth` and :func:`awards_by_year` draw, as one table.

    Parameters
    ----------
    series, awards, joins : pandas.DataFrame
        As for :func:`network_growth`; ``joins`` also needs ``source_ids``.

    Returns
    -------
    pandas.DataFrame
        One row per mark: ``element`` (``member cities``, ``joins`` or
        ``award winners``), ``date``, ``x`` (decimal year), ``place_id`` (who
        joined; study-city winners), ``lower``, ``upper`` (counts) and
        ``source_ids``; in that order of elements, then by date.
    """
    members = series.assign(x=series["period_start"].map(decimal_year).astype("float64"))
    counts = award_counts(awards)
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


def population_points(population: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Population figures, and the populations facts were divided by, by year.

    Parameters
    ----------
    population : pandas.DataFrame
        The raw ``population`` table.
    claims : pandas.DataFrame
        Normalised claims (the processed ``claims`` table, with ``population``,
        ``population_year``, ``population_definition`` and ``population_method``).

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``series`` (``official``, ``press`` or ``used``),
        ``year``, ``value``, ``definition``, ``reference`` (a figure's
        reference date; for a used population, the year of the figure or the
        years interpolated between), ``method`` (how a used population was
        found), ``claims`` (divided by it) and ``source_ids`` (of the figure;
        for a used population, of the figures it came from).

    Examples
    --------
    >>> raw = pd.DataFrame({"place_id": ["a", "a"], "reference_date": ["2020", "2022"],
    ...     "value": [100, 300], "definition": ["d", "d"], "series": ["official"] * 2,
    ...     "source_id": ["s", "t"]})
    >>> used = pd.DataFrame({"claim": ["c"], "place_id": ["a"], "year": [2021],
    ...     "population": [200.0], "population_year": ["2020-2022"],
    ...     "population_definition": ["d"], "population_method": ["interpolated"]})
    >>> points = population_points(raw, used)
    >>> points.loc[points["series"] == "used", ["year", "value", "source_ids"]].to_dict("records")
    [{'year': 2021, 'value': 200.0, 'source_ids': 's;t'}]
    """
    dates = population["reference_date"].astype(str)
    figures = pd.DataFrame({
        "place_id": population["place_id"].astype(str).to_numpy(),
        "series": population["series"].astype(str).to_numpy(),
        "year": dates.str[:4].astype(int).to_numpy(),
        "value": population["value"].astype(float).to_numpy(),
        "definition": population["definition"].astype(str).to_numpy(),
        "reference": dates.to_numpy(),
        "method": "",
        "claims": "",
        "source_ids": population["source_id"].astype(str).to_numpy(),
    })
    official = figures[figures["series"] == "official"]
    used = claims[claims["population"].notna()]
    keys = ["place_id", "year", "population", "population_definition", "population_year",
            "population_method"]
    rows = []
    for (place, year, value, definition, years, method), group in used.groupby(keys, sort=True):
        ends = [int(y) for y in str(years).split("-")]
        origin = official[(official["place_id"] == place) & official["year"].isin(ends)
                          & (official["definition"] == definition)]
        rows.append({"place_id": place, "series": "used", "year": int(year), "value": value,
                     "definition": definition, "reference": years, "method": method,
                     "claims": ";".join(sorted(set(group["claim"]))),
                     "source_ids": ";".join(sorted(set(origin["source_ids"])))})
    out = pd.concat([figures, pd.DataFrame(rows, columns=figures.columns)], ignore_index=True)
    return out.sort_values(["place_id", "series", "year", "definition"], ignore_index=True)


def population_series(
    points: pd.DataFrame,
    *,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw population figures by year: official series, press figures and those used.

    Official figures are joined by a line per definition (a marker shape per
    definition); a press figure is a hollow star; a population that facts
    were divided by is a black cross. Colours are the places' city colours.

    Parameters
    ----------
    points : pandas.DataFrame
        From :func:`population_points` (usually the rows of one place).
    legend : bool
        Whether to add a legend below the axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for the official series.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = population_series(population_points(raw, used))  # doctest: +SKIP
    """
    ax = ax if ax is not None else plt.gca()
    official = points[points["series"] == "official"]
    for (place, definition), group in official.groupby(["place_id", "definition"], sort=True):
        marker, label = _DEFINITIONS.get(definition, ("o", definition.replace("_", " ")))
        style = {"color": _place_colour(place), "marker": marker, "markersize": 3.5,
                 "linewidth": 1.0, **kwargs}
        ax.plot(group["year"], group["value"], label=label, **style)
    press = points[points["series"] == "press"]
    for place, group in press.groupby("place_id", sort=True):
        ax.plot(group["year"], group["value"], linestyle="none", marker="*", markersize=8,
                markerfacecolor="none", markeredgecolor=_place_colour(place),
                label="press figure (rounded)")
    used = points[points["series"] == "used"]
    if len(used):
        ax.plot(used["year"], used["value"], linestyle="none", marker="x", markersize=5,
                color="black", label="divided by (per-capita facts)", zorder=4)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    return ax
