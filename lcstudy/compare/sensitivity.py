"""Sensitivity: the comparison under many analyst choices at once.

Each function reruns one step of the study under every choice given and
stacks the results with a ``choice`` column, deriving what the choices share
only once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from lcstudy.coding.claims import city_indicators, claims
from lcstudy.coding.denominate import per_capita
from lcstudy.compare.choices import Choices
from lcstudy.compare.indicators import PER_100K_METHOD, coverage_table, population_used
from lcstudy.compare.normalisation import METHODS, normalise
from lcstudy.data.datapackage import PROCESSED
from lcstudy.data.evidence import Evidence
from lcstudy.data.population import population_confidence

__all__ = ["population_choices", "per_capita_choices", "per_capita_grid", "normalisation_choices"]


def population_choices(population: pd.DataFrame) -> dict[str, Choices]:
    """Every population choice the raw table allows, by name.

    Parameters
    ----------
    population : pandas.DataFrame
        The raw ``population`` table.

    Returns
    -------
    dict of str to Choices
        ``"<series>, any definition"`` for each series, then
        ``"<series>, <definition>"`` for each pair present, sorted.
    """
    options = population[["series", "definition"]].drop_duplicates()
    options = options.sort_values(["series", "definition"])
    choices = {f"{s}, any definition": Choices(series=s) for s in options["series"].unique()}
    return choices | {f"{s}, {d}": Choices(series=s, definition=d)
                      for s, d in options.itertuples(index=False)}


def per_capita_choices(evidence: Evidence, choices: Mapping[str, Choices]) -> pd.DataFrame:
    """Per-100 000 intervals of every place and per-capita indicator, under each choice.

    The ``per_100k`` rows :func:`lcstudy.compare.indicators.tidy_indicators` gives
    under each choice; the claims are derived and grouped once for all the
    choices rather than once per choice.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    choices : mapping of str to Choices
        Each choice under a name (only ``series`` and ``definition`` matter).

    Returns
    -------
    pandas.DataFrame
        A ``choice`` column (the name) and the columns of ``indicators.csv``,
        sorted by choice, place and indicator; a choice under which a place
        has no population for its claims has no row for it.
    """
    claimed = claims(evidence)
    claimed = claimed[claimed["per_capita"]]
    stacked = pd.concat([per_capita(claimed, evidence.population, series=choice.series,
                                    definition=choice.definition).assign(choice=name)
                         for name, choice in choices.items()], ignore_index=True)
    places = city_indicators(stacked, by=["choice"]).join(
        population_used(stacked, by=["choice"]), on=["choice", "place_id", "indicator_id"])
    series = places["choice"].map({name: choice.series for name, choice in choices.items()})
    rows = places.assign(measure="per_100k", lower=places["lower_per_100k"],
                         upper=places["upper_per_100k"], method=PER_100K_METHOD + series)
    columns = PROCESSED["indicators.csv"].column_names
    return rows.loc[rows["lower"].notna(), ["choice", *columns]].reset_index(drop=True)


def per_capita_grid(evidence: Evidence, choices: Mapping[str, Choices], *,
                    cities: Sequence[str], indicators: Sequence[str]) -> pd.DataFrame:
    """Every city and per-capita indicator under each choice, known or not.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    choices : mapping of str to Choices
        Each choice under a name.
    cities, indicators : sequence of str
        The grid, in display order.

    Returns
    -------
    pandas.DataFrame
        :func:`lcstudy.compare.indicators.coverage_table` of the ``per_100k`` measure
        under each choice (with ``source_ids``, ``population_used`` and
        ``population_confidence``, the confidences of the figures divided by),
        stacked with a ``choice`` column; a value missing under a choice is
        unknown there.
    """
    per_100k = per_capita_choices(evidence, choices)
    grid = pd.concat(
        [coverage_table(per_100k[per_100k["choice"] == name], cities=cities,
                        indicator_ids=indicators, measure="per_100k",
                        keep=["source_ids", "population_used", "population_source_ids"]
                        ).assign(choice=name)
         for name in choices], ignore_index=True)
    confidence = population_confidence(grid, evidence.population)
    return grid.drop(columns="population_source_ids").assign(population_confidence=confidence)


def normalisation_choices(totals: pd.DataFrame, *, reference: str,
                          methods: Sequence[str] = tuple(METHODS)) -> pd.DataFrame:
    """The totals under every normalisation method, with the ranks each implies.

    ``goalposts`` run from the worst to the best of 0 and the largest finite bound of
    the group, by the indicator's direction.

    Parameters
    ----------
    totals : pandas.DataFrame
        One row per city and indicator: ``place_id``, ``indicator_id``,
        ``direction``, ``lower``, ``upper``.
    reference : str
        The city that ``distance`` divides by.
    methods : sequence of str
        Keys of :data:`lcstudy.compare.normalisation.METHODS`.

    Returns
    -------
    pandas.DataFrame
        ``totals`` under each method, stacked: the columns of
        :func:`lcstudy.compare.normalisation.normalise`, ``choice`` (the method) and
        ``rank_lower``/``rank_upper`` (best and worst rank of the normalised
        intervals, 1 = highest).
    """
    finite = totals[["lower", "upper"]].where(np.isfinite(totals[["lower", "upper"]]))
    largest = finite.max(axis=1).groupby(totals["indicator_id"]).max()
    lower_better = totals.groupby("indicator_id")["direction"].first() == "lower"
    goalposts = {indicator: (value, 0.0) if lower_better[indicator] else (0.0, value)
                 for indicator, value in largest.items()}
    runs = []
    for method in methods:
        scaled = normalise(totals, method, reference=reference, goalposts=goalposts)
        ranked = scaled if method == "rank" else normalise(
            scaled, "rank", lower="normalised_lower", upper="normalised_upper", direction=None)
        runs.append(scaled.assign(choice=method, rank_lower=ranked["normalised_lower"],
                                  rank_upper=ranked["normalised_upper"]))
    return pd.concat(runs, ignore_index=True)
