"""Population series (fig2): official figures, press figures and the populations used.

:func:`population_points` returns exactly what :func:`population_series` draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from lcstudy.data.population import FIRM_CONFIDENCE
from lcstudy.dates import year_of
from lcstudy.exhibits.style import city_colours, place_colour

__all__ = ["population_points", "population_series"]

_DEFINITIONS = {
    "registered_residents": ("o", "registered residents"),
    "resident_registration": ("s", "resident registration"),
    "resident_registration_koreans": ("^", "resident registration (Koreans)"),
    "residents_incl_foreigners": ("D", "residents incl. foreigners"),
}
#: Markers of definitions added in data/raw/population_definitions.csv, in the
#: order of their ids (the label is the id in words).
_MORE_MARKERS = ("v", "P", "X", "<", ">", "p", "h", "*")
_WEAK_LABEL = "hollow: weak or approximate figure"


def population_points(population: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Population figures, and the populations facts were divided by, by year.

    Parameters
    ----------
    population : pandas.DataFrame
        The raw ``population`` table.
    claims : pandas.DataFrame
        Denominated claims (the processed ``claims`` table, with ``population``,
        ``population_year``, ``population_definition`` and ``population_method``).

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``series`` (``official``, ``press`` or ``used``),
        ``year``, ``value``, ``definition``, ``reference`` (a figure's
        reference date; for a used population, the year of the figure or the
        years interpolated between), ``confidence`` (of the figure; for a used
        population, of the figures it came from, ``;``-separated), ``method``
        (how a used population was found), ``claims`` (divided by it) and ``source_ids`` (of the figure;
        for a used population, of the figures it came from).

    Examples
    --------
    >>> raw = pd.DataFrame({"place_id": ["a", "a"], "reference_date": ["2020", "2022"],
    ...     "value": [100, 300], "definition": ["d", "d"], "series": ["official"] * 2,
    ...     "source_id": ["s", "t"], "confidence": ["official", "weak"]})
    >>> used = pd.DataFrame({"claim": ["c"], "place_id": ["a"], "year": [2021],
    ...     "population": [200.0], "population_year": ["2020-2022"],
    ...     "population_definition": ["d"], "population_method": ["interpolated"]})
    >>> points = population_points(raw, used)
    >>> points.loc[points["series"] == "used", ["year", "value", "confidence", "source_ids"]
    ...     ].to_dict("records")
    [{'year': 2021, 'value': 200.0, 'confidence': 'official;weak', 'source_ids': 's;t'}]
    """
    dates = population["reference_date"].astype(str)
    figures = pd.DataFrame({
        "place_id": population["place_id"].astype(str).to_numpy(),
        "series": population["series"].astype(str).to_numpy(),
        "year": year_of(dates).astype(int).to_numpy(),
        "value": population["value"].astype(float).to_numpy(),
        "definition": population["definition"].astype(str).to_numpy(),
        "reference": dates.to_numpy(),
        "confidence": population["confidence"].astype(str).to_numpy(),
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
                     "definition": definition, "reference": years,
                     "confidence": ";".join(sorted(set(origin["confidence"]))), "method": method,
                     "claims": ";".join(sorted(set(group["claim"]))),
                     "source_ids": ";".join(sorted(set(origin["source_ids"])))})
    out = pd.concat([figures, pd.DataFrame(rows, columns=figures.columns)], ignore_index=True)
    return out.sort_values(["place_id", "series", "year", "definition"], ignore_index=True)


def population_series(
    points: pd.DataFrame,
    *,
    cities: Sequence[str] = (),
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw population figures by year: official series, press figures and those used.

    Official figures are joined by a line per definition (a marker shape per
    definition); an official figure whose confidence is not in
    :data:`lcstudy.data.population.FIRM_CONFIDENCE` (a weak, secondary or
    uncertain-date figure) has a hollow marker; a press figure is a hollow
    star; a population that facts were divided by is a black cross. Colours
    are the study cities' colours (grey for other places).

    Parameters
    ----------
    points : pandas.DataFrame
        From :func:`population_points` (usually the rows of one place).
    cities : sequence of str
        The study cities, in their order (their colours).
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
    palette = city_colours(cities)
    official = points[points["series"] == "official"]
    weak_label = _WEAK_LABEL
    added = sorted(set(official["definition"]) - set(_DEFINITIONS))
    styles = _DEFINITIONS | {d: (_MORE_MARKERS[n % len(_MORE_MARKERS)], d.replace("_", " "))
                             for n, d in enumerate(added)}
    for (place, definition), group in official.groupby(["place_id", "definition"], sort=True):
        marker, label = styles[definition]
        colour = place_colour(place, palette)
        style = {"color": colour, "marker": marker, "markersize": 3.5, "linewidth": 1.0,
                 **kwargs}
        ax.plot(group["year"], group["value"], label=label, **style)
        weak = group[~group["confidence"].isin(FIRM_CONFIDENCE)]
        if len(weak):
            ax.plot(weak["year"], weak["value"], linestyle="none", marker=marker,
                    markersize=style["markersize"], markerfacecolor="white",
                    markeredgecolor=colour, label=weak_label, zorder=3)
            weak_label = "_" + _WEAK_LABEL  # one legend entry per panel
    press = points[points["series"] == "press"]
    for place, group in press.groupby("place_id", sort=True):
        ax.plot(group["year"], group["value"], linestyle="none", marker="*", markersize=8,
                markerfacecolor="none", markeredgecolor=place_colour(place, palette),
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
