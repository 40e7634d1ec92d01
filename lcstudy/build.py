"""The processed data set: from valid raw evidence to ``data/processed``.

:func:`compute` is pure (frames in, frames out); :func:`write_processed`
writes them deterministically (fixed row order and float format) into a
staging folder and swaps it in whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lcstudy.atomic import staging_folder, swap_in, write_text
from lcstudy.claims import city_indicators, claims
from lcstudy.config import ProjectPaths
from lcstudy.datapackage import PROCESSED, comparison_fields, descriptor_json
from lcstudy.evidence import Evidence
from lcstudy.groups import join_per_group
from lcstudy.network import edges, timeline
from lcstudy.normalise import annualise, per_area, per_capita
from lcstudy.scaling import scale
from lcstudy.validate import load_valid

__all__ = [
    "Choices",
    "FLOAT_FORMAT",
    "build",
    "comparison",
    "compute",
    "normalised_claims",
    "per_capita_choices",
    "study_cities",
    "tidy_indicators",
    "write_processed",
]

#: How floats are written: enough digits for any population, no noise.
FLOAT_FORMAT = "%.10g"

_BUILD_SCALINGS = ("minmax", "zscore", "rank", "percentile")

_PER_100K_METHOD = "sum of claims per 100 000 residents, population "

_MEASURES = {
    "total": ("lower", "upper"),
    "per_100k": ("lower_per_100k", "upper_per_100k"),
    "per_km2": ("lower_per_km2", "upper_per_km2"),
    "per_year": ("lower_per_year", "upper_per_year"),
}


@dataclass(frozen=True)
class Choices:
    """The analyst's choices that change the comparison.

    Parameters
    ----------
    series : {"official", "press"}
        Population figures to divide by.
    definition : str, optional
        Only population figures of this definition.
    scaling : {"minmax", "zscore", "rank", "percentile"}
        Cross-city scaling of the totals written to ``indicators.csv`` (the
        methods that need no reference city or goalposts).

    Raises
    ------
    ValueError
        For another scaling method.
    """

    series: str = "official"
    definition: str | None = None
    scaling: str = "minmax"

    def __post_init__(self) -> None:
        if self.scaling not in _BUILD_SCALINGS:
            raise ValueError(f"scaling must be one of {', '.join(_BUILD_SCALINGS)}")


def normalised_claims(evidence: Evidence, choices: Choices = Choices()) -> pd.DataFrame:
    """Claims with per-capita, per-area and per-year intervals.

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


def _population_used(table: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Per place and indicator: the populations its claims were divided by, and their sources."""
    used = table[table["population"].notna()]
    text = (used["year"].astype(str) + ": " + used["population"].round().astype("int64").astype(str)
            + " (" + used["population_method"] + " " + used["population_year"] + ", "
            + used["population_definition"] + ")")
    keys = used[[*by, "place_id", "indicator_id"]]
    return pd.DataFrame({
        "population_used": join_per_group(keys, text),
        "population_source_ids": join_per_group(keys, used["population_source_ids"]),
    })


def tidy_indicators(table: pd.DataFrame, evidence: Evidence, choices: Choices) -> pd.DataFrame:
    """Long table: one interval per place, indicator and measure.

    Parameters
    ----------
    table : pandas.DataFrame
        Normalised claims.
    evidence : Evidence
        Raw tables (for which places are study cities).
    choices : Choices
        For the scaling method and the population series named in ``method``.

    Returns
    -------
    pandas.DataFrame
        The rows of ``indicators.csv``.
    """
    cities = city_indicators(table)
    used = _population_used(table)
    cities = cities.join(used, on=["place_id", "indicator_id"])
    methods = {"total": "sum of claims (counts) or hull (measures, dates)",
               "per_100k": _PER_100K_METHOD + choices.series,
               "per_km2": "sum of claims per km2 of land",
               "per_year": "sum of claims per year of their stated period"}
    columns = [f.name for f in PROCESSED["indicators.csv"][1]]
    shared = [c for c in columns if c in cities.columns and c not in ("lower", "upper")]
    parts = [cities[shared].assign(measure=measure, lower=cities[lower], upper=cities[upper],
                                   method=methods[measure])
             for measure, (lower, upper) in _MEASURES.items()]
    study = set(evidence.places.loc[evidence.places["study_city"] == True, "place_id"])  # noqa: E712
    totals = cities[cities["place_id"].isin(study) & (cities["direction"] != "none")]
    scaled, _ = scale(totals, choices.scaling)
    scaled = scaled.assign(measure=f"{choices.scaling}_0_100" if choices.scaling == "minmax"
                           else choices.scaling,
                           lower=scaled["scaled_lower"], upper=scaled["scaled_upper"],
                           method=f"{choices.scaling} across study cities of the total; "
                           + scaled["scale_note"])
    parts.append(scaled[[*shared, "measure", "lower", "upper", "method"]])
    tidy = pd.concat(parts, ignore_index=True)
    tidy = tidy[tidy["lower"].notna()]
    tidy["method"] = tidy["method"].str.rstrip("; ")
    return tidy[columns].sort_values(["place_id", "indicator_id", "measure"], ignore_index=True)


def per_capita_choices(evidence: Evidence, choices: Mapping[str, Choices]) -> pd.DataFrame:
    """Per-100 000 intervals of every place and per-capita indicator, under each choice.

    The ``per_100k`` rows :func:`tidy_indicators` gives under each choice, for
    a sensitivity analysis; the claims are derived and grouped once for all
    the choices rather than once per choice.

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
    cities = city_indicators(stacked, by=["choice"]).join(
        _population_used(stacked, by=["choice"]), on=["choice", "place_id", "indicator_id"])
    series = cities["choice"].map({name: choice.series for name, choice in choices.items()})
    rows = cities.assign(measure="per_100k", lower=cities["lower_per_100k"],
                         upper=cities["upper_per_100k"], method=_PER_100K_METHOD + series)
    columns = [f.name for f in PROCESSED["indicators.csv"][1]]
    return rows.loc[rows["lower"].notna(), ["choice", *columns]].reset_index(drop=True)


def comparison(tidy: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """Wide table: indicators by measure, with each study city's bounds.

    Parameters
    ----------
    tidy : pandas.DataFrame
        From :func:`tidy_indicators`.
    evidence : Evidence
        Raw tables (study cities, indicator labels).

    Returns
    -------
    pandas.DataFrame
        The rows of ``comparison.csv``: every indicator and measure known for
        at least one study city; a city with no evidence has empty bounds.
    """
    cities = study_cities(evidence)
    rows = tidy[tidy["place_id"].isin(cities)]
    wide = rows.pivot_table(index=["indicator_id", "measure"], columns="place_id",
                            values=["lower", "upper"], aggfunc="first", dropna=False)
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["lower", "upper"], cities]))
    wide.columns = [f"{city}_{end}" for end, city in wide.columns]
    wide = wide.dropna(how="all")
    labels = evidence.indicators.set_index("indicator_id")[["label", "unit"]]
    out = wide.reset_index().join(labels, on="indicator_id")
    return out[[f.name for f in comparison_fields(cities)]]


def study_cities(evidence: Evidence) -> list[str]:
    """The compared cities, in the order of ``places.csv``."""
    places = evidence.places
    return places.loc[places["study_city"] == True, "place_id"].tolist()  # noqa: E712


def compute(evidence: Evidence, choices: Choices = Choices()) -> dict[str, pd.DataFrame]:
    """Every processed table.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    choices : Choices
        The analyst's choices (the committed data uses the defaults).

    Returns
    -------
    dict of str to pandas.DataFrame
        File name to table, in the column order :data:`PROCESSED` declares.
    """
    table = normalised_claims(evidence, choices)
    tidy = tidy_indicators(table, evidence, choices)
    claim_columns = [f.name for f in PROCESSED["claims.csv"][1]]
    return {
        "claims.csv": table[claim_columns],
        "indicators.csv": tidy,
        "comparison.csv": comparison(tidy, evidence),
        "edges.csv": edges(table),
        "timeline.csv": timeline(table),
    }


def _csv_text(frame: pd.DataFrame) -> str:
    """A frame as deterministic CSV text."""
    return frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def write_processed(tables: dict[str, pd.DataFrame], cities: list[str], destination: Path) -> None:
    """Write the processed tables and their descriptor, replacing ``destination`` whole.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        From :func:`compute`.
    cities : list of str
        Study cities (columns of ``comparison.csv``).
    destination : Path
        The ``data/processed`` folder to replace.
    """
    with staging_folder(destination) as stage:
        for name, frame in tables.items():
            write_text(stage / name, _csv_text(frame))
        write_text(stage / "datapackage.json", descriptor_json(cities))
        swap_in([(stage, destination)])


def build(paths: ProjectPaths, choices: Choices = Choices()) -> dict[str, pd.DataFrame]:
    """Validate ``data/raw`` and rewrite ``data/processed``.

    Parameters
    ----------
    paths : ProjectPaths
        The project.
    choices : Choices
        The analyst's choices.

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables written.

    Raises
    ------
    DataError
        If the raw data is invalid; nothing is written then.
    """
    evidence = load_valid(paths)
    tables = compute(evidence, choices)
    write_processed(tables, study_cities(evidence), paths.processed)
    return tables
