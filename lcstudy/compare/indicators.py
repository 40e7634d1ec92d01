"""Indicators: from claims to one tidy interval per place, indicator and measure.

The analyst's choices (:class:`lcstudy.compare.choices.Choices`) decide which population divides the
per-capita indicators and how the totals are normalised across the study
cities; :func:`denominated_claims` and :func:`tidy_indicators` apply the first,
:func:`comparison` spreads the tidy table wide, one column pair per study city,
and :func:`coverage_table` reads a grid of cities and indicators out of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lcstudy.coding.claims import city_indicators, claims
from lcstudy.coding.denominate import annualise, per_area, per_capita
from lcstudy.compare.choices import Choices
from lcstudy.data.datapackage import PROCESSED, comparison_fields
from lcstudy.data.evidence import Evidence
from lcstudy.groups import join_per_group
from lcstudy.intervals import interval_status

__all__ = ["MEASURES", "PER_100K_METHOD", "comparison", "coverage_table", "denominated_claims",
           "population_used", "tidy_indicators"]


#: How the per-capita rows of ``indicators.csv`` describe their method (plus the series).
PER_100K_METHOD = "sum of claims per 100 000 residents, population "

#: Each measure of ``indicators.csv`` and the interval columns it is read from.
MEASURES = {
    "total": ("lower", "upper"),
    "per_100k": ("lower_per_100k", "upper_per_100k"),
    "per_km2": ("lower_per_km2", "upper_per_km2"),
    "per_year": ("lower_per_year", "upper_per_year"),
}


def denominated_claims(evidence: Evidence, choices: Choices = Choices()) -> pd.DataFrame:
    """Claims denominated: with per-capita, per-area and per-year intervals (the OECD/JRC step).

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    choices : Choices
        Population series and definition.

    Returns
    -------
    pandas.DataFrame
        The rows of ``claims.csv``.
    """
    table = claims(evidence)
    table = per_capita(table, evidence.population, series=choices.series,
                       definition=choices.definition, where="per_capita")
    table = per_area(table, evidence.places, where="per_area")
    return annualise(table)


def population_used(table: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Per place and indicator: the populations its claims were divided by, and their sources.

    Parameters
    ----------
    table : pandas.DataFrame
        Claims with the population columns of :func:`lcstudy.coding.denominate.per_capita`.
    by : sequence of str
        Further key columns kept apart (e.g. ``["choice"]``).

    Returns
    -------
    pandas.DataFrame
        ``population_used`` and ``population_source_ids``, indexed by ``by``,
        ``place_id`` and ``indicator_id``.
    """
    used = table[table["population"].notna()]
    text = (used["year"].astype(str) + ": " + used["population"].round().astype("int64").astype(str)
            + " (" + used["population_method"] + " " + used["population_year"] + ", "
            + used["population_definition"] + ")")
    keys = used[[*by, "place_id", "indicator_id"]]
    return pd.DataFrame({
        "population_used": join_per_group(keys, text),
        "population_source_ids": join_per_group(keys, used["population_source_ids"]),
    })


def tidy_indicators(table: pd.DataFrame, choices: Choices) -> pd.DataFrame:
    """Long table: one interval per place, indicator and measure (:data:`MEASURES`).

    Parameters
    ----------
    table : pandas.DataFrame
        Denominated claims.
    choices : Choices
        For the population series named in ``method``.

    Returns
    -------
    pandas.DataFrame
        The rows of ``indicators.csv`` but the normalised totals (added by
        :func:`lcstudy.pipeline.build.compute`), sorted by place, indicator and measure.
    """
    places = city_indicators(table)
    places = places.join(population_used(table), on=["place_id", "indicator_id"])
    methods = {"total": "sum of claims (counts) or hull (measures, dates)",
               "per_100k": PER_100K_METHOD + choices.series,
               "per_km2": "sum of claims per km2 of land",
               "per_year": "sum of claims per year of their stated period"}
    columns = PROCESSED["indicators.csv"].column_names
    shared = [c for c in columns if c in places.columns and c not in ("lower", "upper")]
    parts = [places[shared].assign(measure=measure, lower=places[lower], upper=places[upper],
                                   method=methods[measure])
             for measure, (lower, upper) in MEASURES.items()]
    tidy = pd.concat(parts, ignore_index=True)
    tidy = tidy[tidy["lower"].notna()]
    return tidy[columns].sort_values(["place_id", "indicator_id", "measure"], ignore_index=True)


def comparison(tidy: pd.DataFrame, cities: Sequence[str], catalogue: pd.DataFrame
               ) -> pd.DataFrame:
    """Wide table: indicators by measure, with each study city's bounds.

    Parameters
    ----------
    tidy : pandas.DataFrame
        From :func:`tidy_indicators`.
    cities : sequence of str
        The study cities, in column order.
    catalogue : pandas.DataFrame
        The raw ``indicators`` table (labels and units).

    Returns
    -------
    pandas.DataFrame
        The rows of ``comparison.csv``: every indicator and measure known for
        at least one study city; a city with no evidence has empty bounds.
    """
    cities = list(cities)
    rows = tidy[tidy["place_id"].isin(cities)]
    wide = rows.pivot_table(index=["indicator_id", "measure"], columns="place_id",
                            values=["lower", "upper"], aggfunc="first", dropna=False)
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["lower", "upper"], cities]))
    wide.columns = [f"{city}_{end}" for end, city in wide.columns]
    wide = wide.dropna(how="all")
    labels = catalogue.set_index("indicator_id")[["label", "unit"]]
    out = wide.reset_index().join(labels, on="indicator_id")
    return out[[f.name for f in comparison_fields(cities)]]


def coverage_table(
    indicators: pd.DataFrame,
    *,
    cities: Sequence[str],
    indicator_ids: Sequence[str] | None = None,
    measure: str = "total",
    keep: Sequence[str] = ("source_ids",),
) -> pd.DataFrame:
    """Coverage status of every city and indicator, ready for :func:`lcstudy.exhibits.coverage_plot.coverage_matrix`.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Tidy indicators as from ``read_processed("indicators")``: ``place_id``,
        ``indicator_id``, ``measure``, ``lower``, ``upper`` and ``source_ids``.
    cities : sequence of str
        Places to cover, in display order.
    indicator_ids : sequence of str, optional
        Indicators to cover, in display order; by default every indicator with
        ``measure`` known for at least one of ``cities``, sorted.
    measure : str
        Which measure to read (``total``, ``per_100k`` ...).
    keep : sequence of str
        Text columns of ``indicators`` to carry over (provenance such as
        ``source_ids`` or ``population_used``); empty where unknown.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and city (indicators outer, cities inner):
        ``place_id``, ``indicator_id``, ``state`` (:func:`lcstudy.intervals.interval_status`),
        ``lower``, ``upper`` and the ``keep`` columns.

    Examples
    --------
    >>> tidy = pd.DataFrame({"place_id": ["a", "b"], "indicator_id": ["g", "g"],
    ...     "measure": ["total", "total"], "lower": [3.0, 101.0], "upper": [3.0, float("inf")],
    ...     "source_ids": ["s1", "s2"]})
    >>> coverage_table(tidy, cities=["a", "b", "c"])["state"].tolist()
    ['exact', 'lower_bound', 'not_reported']
    """
    keys = ["indicator_id", "place_id"]
    rows = indicators[(indicators["measure"] == measure) & indicators["place_id"].isin(cities)]
    if indicator_ids is None:
        indicator_ids = sorted(rows["indicator_id"].unique())
    grid = pd.MultiIndex.from_product([list(indicator_ids), list(cities)], names=keys)
    found = rows.set_index(keys)[["lower", "upper", *keep]]
    out = found.reindex(grid).reset_index()
    out["lower"] = out["lower"].astype(float)
    out["upper"] = out["upper"].astype(float)
    out["state"] = interval_status(out["lower"], out["upper"])
    for column in keep:
        out[column] = out[column].astype("string").fillna("")
    return out[["place_id", "indicator_id", "state", "lower", "upper", *keep]]
