"""The processed data set: from valid raw evidence to ``data/processed``.

:func:`compute` is pure (frames in, frames out); :func:`write_processed`
writes them deterministically (:func:`lcstudy.data.csv_writer.csv_text`) into a
staging folder and swaps it in whole; :func:`build` does both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lcstudy.atomic import recover, staging_folder, swap_in, write_text
from lcstudy.coding.agreement import measure
from lcstudy.coding.codings import SECOND_CODING, read_coding
from lcstudy.coding.lists import eligible_rounds
from lcstudy.compare.choices import Choices
from lcstudy.compare.comparability import knowledge, verdicts
from lcstudy.compare.indicators import comparison, denominated_claims, tidy_indicators
from lcstudy.compare.normalisation import normalise
from lcstudy.compare.relations import edges, timeline
from lcstudy.config import ProjectPaths
from lcstudy.data.csv_writer import csv_text
from lcstudy.data.datapackage import PROCESSED, descriptor_json
from lcstudy.data.evidence import Evidence
from lcstudy.data.validate import load_valid

__all__ = ["agreement_tables", "build", "compute", "processed_tables", "write_processed"]


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
    cities = evidence.study_cities
    table = denominated_claims(evidence, choices)
    rounds = eligible_rounds(evidence, cities)
    cells = knowledge(table, cities, evidence.indicators, rounds, choices.window,
                      searches=evidence.searches, counts_as=evidence.counts_as)
    pairs = verdicts(cells, table, evidence.indicators, rounds, choices.window)
    tidy = tidy_indicators(table, choices)
    tidy = pd.concat([tidy, _normalised_totals(tidy, cities, evidence.indicators,
                                               choices.normalisation, cells, pairs)],
                     ignore_index=True)
    tidy = tidy.sort_values(["place_id", "indicator_id", "measure"], ignore_index=True)
    return {
        "claims.csv": table[PROCESSED["claims.csv"].column_names],
        "indicators.csv": tidy,
        "comparison.csv": comparison(tidy, cities, evidence.indicators),
        "knowledge.csv": cells,
        "comparability.csv": pairs,
        "edges.csv": edges(table),
        "timeline.csv": timeline(table),
    }


def _normalised_totals(tidy: pd.DataFrame, cities: Sequence[str], catalogue: pd.DataFrame,
                       method: str, cells: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``indicators.csv`` normalising the study cities' key-feature totals.

    Only indicators on which every pair of study cities is comparable over
    one and the same period, holding every city's counted claims, are
    normalised: a normalised value ranks the cities on one scale, which the
    comparability table forbids elsewhere.
    """
    total = pairs[pairs["measure"] == "total"]
    refused = set(total.loc[total["verdict"] == "not_comparable", "indicator_id"])
    refused |= set(cells.loc[cells["outside_period"] != "", "indicator_id"])
    periods = total.groupby("indicator_id")["period"].nunique()
    refused |= set(periods.index[periods > 1])
    totals = tidy[(tidy["measure"] == "total") & tidy["place_id"].isin(cities)
                  & ~tidy["indicator_id"].isin(refused)]
    direction = totals["indicator_id"].map(catalogue.set_index("indicator_id")["direction"])
    totals = totals[direction != "none"].assign(direction=direction)
    scaled = normalise(totals, method)
    scaled = scaled.assign(measure=f"{method}_0_100" if method == "minmax" else method,
                           lower=scaled["normalised_lower"], upper=scaled["normalised_upper"],
                           method=(f"{method} across study cities of the total; "
                                   + scaled["normalisation_note"]).str.rstrip("; "))
    return scaled.loc[scaled["lower"].notna(), tidy.columns]


def write_processed(tables: dict[str, pd.DataFrame], cities: Sequence[str],
                    destination: Path) -> None:
    """Write the processed tables and their descriptor, replacing ``destination`` whole.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        From :func:`compute`.
    cities : sequence of str
        Study cities (columns of ``comparison.csv``).
    destination : Path
        The ``data/processed`` folder to replace.
    """
    with staging_folder(destination) as stage:
        for name, frame in tables.items():
            write_text(stage / name, csv_text(frame))
        write_text(stage / "datapackage.json", descriptor_json(list(cities)))
        swap_in([(stage, destination)])


def agreement_tables(paths: ProjectPaths, evidence: Evidence) -> dict[str, pd.DataFrame]:
    """``agreement.csv`` and ``disagreements.csv``: the second coding against the first.

    Empty tables (the declared columns, no rows) when the project has no
    second coding (:data:`lcstudy.coding.codings.SECOND_CODING`).

    Raises
    ------
    DataError
        For bad rows of the second coding (file, line, column, value).
    """
    path = paths.root / SECOND_CODING
    if not path.is_file():
        return {name: pd.DataFrame(columns=PROCESSED[name].column_names)
                for name in ("agreement.csv", "disagreements.csv")}
    result = measure(evidence, read_coding(path, evidence))
    return {"agreement.csv": result.table[PROCESSED["agreement.csv"].column_names],
            "disagreements.csv": result.disagreements[
                PROCESSED["disagreements.csv"].column_names]}


def processed_tables(paths: ProjectPaths, evidence: Evidence,
                     choices: Choices = Choices()) -> dict[str, pd.DataFrame]:
    """Every table of ``data/processed``: :func:`compute` and :func:`agreement_tables`.

    Parameters
    ----------
    paths : ProjectPaths
        The project (its second coding is read from there).
    evidence : Evidence
        The project's valid raw tables.
    choices : Choices
        The analyst's choices.

    Returns
    -------
    dict of str to pandas.DataFrame
        File name to table, one per file of :data:`lcstudy.data.datapackage.PROCESSED`.
    """
    return compute(evidence, choices) | agreement_tables(paths, evidence)


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
    recover(paths.root)  # a killed reproduce's swap, which also moved data/processed
    evidence = load_valid(paths)
    tables = processed_tables(paths, evidence, choices)
    write_processed(tables, evidence.study_cities, paths.processed)
    return tables
