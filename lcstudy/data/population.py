"""The population a fact is divided by: the figure for its year, or an interpolation.

Rule (ISO 37120 denominators): the figure whose reference date falls in the
fact's year; failing that, linear interpolation by year between the nearest
earlier and later figures *of the same definition*. Never extrapolation: a
year outside the figures of every definition has no population.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import pandas as pd

from lcstudy.dates import year_of

__all__ = ["FIRM_CONFIDENCE", "POPULATION_COLUMNS", "population_confidence", "population_figures",
           "resolve_population"]

#: Confidence of a population figure drawn as firm: an official figure, read at
#: the statistics office or relayed unchanged by the news or a secondary site.
#: Any other confidence (secondary, weak, uncertain-date, press ...) is a weak
#: or approximate figure, and the figures mark it.
FIRM_CONFIDENCE = ("official", "official-via-news", "official-via-secondary")

#: Columns :func:`resolve_population` adds.
POPULATION_COLUMNS = (
    "population",
    "population_year",
    "population_definition",
    "population_method",
    "population_source_ids",
)


def population_figures(
    population: pd.DataFrame, *, series: str = "official", definition: str | None = None
) -> pd.DataFrame:
    """Select the population figures to divide by.

    Parameters
    ----------
    population : pandas.DataFrame
        The raw ``population`` table.
    series : {"official", "press"}
        Official statistics or the figure quoted in the press.
    definition : str, optional
        Keep only figures of this definition; all definitions when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id``, ``year``, ``value``, ``definition`` and
        ``source_id`` (empty when the input has none), sorted.

    Examples
    --------
    >>> raw = pd.DataFrame({"place_id": ["a"], "reference_date": ["2020-12-31"],
    ...     "value": [10], "definition": ["d"], "series": ["official"]})
    >>> population_figures(raw).to_dict("records")
    [{'place_id': 'a', 'year': 2020, 'value': 10.0, 'definition': 'd', 'source_id': ''}]
    """
    chosen = population[population["series"] == series].dropna(subset=["reference_date", "value"])
    if definition is not None:
        chosen = chosen[chosen["definition"] == definition]
    table = pd.DataFrame(
        {
            "place_id": chosen["place_id"].astype(str).to_numpy(),
            "year": year_of(chosen["reference_date"].astype("string")).astype(int).to_numpy(),
            "value": chosen["value"].astype(float).to_numpy(),
            "definition": chosen["definition"].astype(str).to_numpy(),
            "source_id": (chosen["source_id"].astype(str).to_numpy()
                          if "source_id" in chosen.columns else ""),
        }
    )
    return table.sort_values(["place_id", "year", "definition"], ignore_index=True)


#: One place's figures: ``{year: [(value, definition, source), ...]}`` and, by
#: definition (sorted), the figures' years and (value, source) pairs in table order.
_Figure = tuple[float, str]
_Place = tuple[dict[int, list[tuple[float, str, str]]], list[tuple[str, list[int], list[_Figure]]]]


def _index_figures(table: pd.DataFrame) -> dict[str, _Place]:
    """Group the figures by place once, so each (place, year) is a few look-ups."""
    by_year: dict[str, dict[int, list[tuple[float, str, str]]]] = {}
    series: dict[str, dict[str, tuple[list[int], list[_Figure]]]] = {}
    names = ("place_id", "year", "value", "definition", "source_id")
    for place, year, value, definition, source in zip(*(table[c].tolist() for c in names),
                                                       strict=True):
        by_year.setdefault(place, {}).setdefault(year, []).append((value, definition, source))
        years, values = series.setdefault(place, {}).setdefault(definition, ([], []))
        years.append(year)
        values.append((value, source))
    return {place: (by_year[place], [(d, y, v) for d, (y, v) in sorted(series[place].items())])
            for place in by_year}


def _resolve_one(known: _Place, year: int) -> tuple[float, str, str, str, str]:
    """Population, year(s), definition, method and sources for one place and year."""
    by_year, series = known
    same_year = by_year.get(year, [])
    if len(same_year) == 1:
        value, definition, source = same_year[0]
        return value, str(year), definition, "exact", source
    if same_year:
        return float("nan"), "", "", "ambiguous: several definitions for the year", ""
    best: tuple[int, str, _Figure, int, _Figure] | None = None
    for definition, years, values in series:
        at = bisect_left(years, year)
        if 0 < at < len(years):
            y0, y1 = years[at - 1], years[at]
            if best is None or y1 - y0 < best[3] - best[0]:
                best = (y0, definition, values[at - 1], y1, values[at])
    if best is None:
        return float("nan"), "", "", "missing: no figure for the year and none to interpolate", ""
    y0, definition, (v0, s0), y1, (v1, s1) = best
    value = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return value, f"{y0}-{y1}", definition, "interpolated", ";".join(sorted({s0, s1}))


def resolve_population(
    places: Iterable[str], years: Iterable[int], table: pd.DataFrame
) -> pd.DataFrame:
    """Resolve the population of each (place, year) pair.

    Parameters
    ----------
    places, years : iterable
        Pairs to resolve, element by element.
    table : pandas.DataFrame
        Figures from :func:`population_figures`.

    Returns
    -------
    pandas.DataFrame
        One row per distinct pair: ``place_id``, ``year`` and
        :data:`POPULATION_COLUMNS`. ``population_method`` is ``exact``,
        ``interpolated`` or starts with ``missing``/``ambiguous`` (then the
        population is NaN).

    Examples
    --------
    >>> table = pd.DataFrame({"place_id": ["a", "a"], "year": [2020, 2022],
    ...     "value": [100.0, 200.0], "definition": ["d", "d"], "source_id": ["s", "s"]})
    >>> resolve_population(["a"], [2021], table)["population"].tolist()
    [150.0]
    """
    by_place = _index_figures(table)
    nothing: _Place = ({}, [])
    pairs = sorted(set(zip(places, years, strict=True)))
    rows = [(p, y, *_resolve_one(by_place.get(p, nothing), y)) for p, y in pairs]
    return pd.DataFrame(rows, columns=["place_id", "year", *POPULATION_COLUMNS]).astype(
        {"place_id": "string", "year": "int64", "population": "float64",
         "population_year": "string", "population_definition": "string",
         "population_method": "string", "population_source_ids": "string"}
    )


def population_confidence(data: pd.DataFrame, population: pd.DataFrame) -> pd.Series:
    """Confidence of the population figures each row was divided by.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows with ``place_id`` and ``population_source_ids`` (``;``-separated,
        empty or missing when no population was used), e.g. processed indicators.
    population : pandas.DataFrame
        The raw ``population`` table.

    Returns
    -------
    pandas.Series
        Aligned with ``data``: the distinct confidences of the place's figures
        from those sources, sorted and ``;``-separated; empty when none.

    Examples
    --------
    >>> raw = pd.DataFrame({"place_id": ["a", "a"], "source_id": ["s", "t"],
    ...     "confidence": ["official", "weak"]})
    >>> used = pd.DataFrame({"place_id": ["a", "a"], "population_source_ids": ["s;t", None]})
    >>> population_confidence(used, raw).tolist()
    ['official;weak', '']
    """
    known: dict[tuple[str, str], set[str]] = {}
    for place, source, confidence in zip(population["place_id"], population["source_id"],
                                         population["confidence"], strict=True):
        known.setdefault((str(place), str(source)), set()).add(str(confidence))
    values = []
    for place, sources in zip(data["place_id"], data["population_source_ids"], strict=True):
        ids = [] if pd.isna(sources) else str(sources).split(";")
        found = set().union(*(known.get((str(place), i), set()) for i in ids if i))
        values.append(";".join(sorted(found)))
    return pd.Series(values, index=data.index, dtype="object", name="population_confidence")
