"""Two independent codings as units (data/codebook.md, section 5).

A *unit* is what one paragraph of a document says about one place under one
indicator: ``(source_id, paragraph, indicator_id, place_id)`` (:data:`UNIT`).
The first coding is ``data/raw/facts.csv``, turned into units by
:func:`first_coding`; the second is ``data/raw/coding_b/facts.csv``
(:data:`SECOND_CODING`, declared by :data:`CODING`), one row per unit, read
and checked by :func:`read_coding`; :func:`match_units` sets them side by
side. :mod:`lcstudy.coding.agreement` measures how far they agree.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lcstudy.data.columns import Column, Table
from lcstudy.data.csv_reader import read_table
from lcstudy.data.evidence import Evidence
from lcstudy.data.vocabularies import QUALIFIERS, STATUSES
from lcstudy.dates import dated_by_publication
from lcstudy.errors import DataError, Problem

__all__ = ["SECOND_CODING", "UNIT", "CODING", "text_or_none", "first_coding", "read_coding",
           "match_units"]


#: Where the second coding is kept, relative to the project root.
SECOND_CODING = "data/raw/coding_b/facts.csv"


#: The columns that identify a unit.
UNIT = ("source_id", "paragraph", "indicator_id", "place_id")


#: The columns of a coding, first and second alike.
_CODED = (*UNIT, "qualifier", "lower", "upper", "status", "period_start", "period_end")


#: Status of the parts that a unit totals: the first present in this order.
_STATUS_ORDER = ("happened", "planned", "announced")


#: The format of a second coding (data/codebook.md, section 5.3).
CODING = Table(
    "coding_b",
    "One unit of a second, independent coding: what a paragraph says about a place "
    "under an indicator.",
    (
        Column("source_id", "id", "Document coded (sources.csv).", required=True),
        Column("paragraph", "integer", "Paragraph (non-empty line, title = 1).", required=True,
               minimum=1),
        Column("indicator_id", "id", "Indicator (indicators.csv).", required=True),
        Column("place_id", "id", "Place the paragraph speaks of (places.csv).", required=True),
        Column("qualifier", "text", "How the text states the quantity.", required=True,
               allowed=QUALIFIERS),
        Column("lower", "number", "Smallest value allowed (inclusive).", minimum=0),
        Column("upper", "number", "Largest value allowed (inclusive); empty when open.",
               minimum=0),
        Column("status", "text", "happened, planned or announced.", required=True,
               allowed=STATUSES),
        Column("period_start", "partial_date", "Start of the period, or the date.",
               minimum=1900, maximum=2100),
        Column("period_end", "partial_date", "End of the period.", minimum=1900, maximum=2100),
        Column("note", "text", "Coder's note."),
    ),
)


def text_or_none(value: object) -> str | None:
    """A cell as text, ``None`` when missing."""
    return None if pd.isna(value) else str(value)


def _total(parts: pd.DataFrame) -> dict[str, object]:
    """One unit from the parts a paragraph codes under one indicator for one place.

    The parts of the strongest status are totalled (data/codebook.md, 5.1).
    """
    status = next(s for s in _STATUS_ORDER if (parts["status"] == s).any())
    parts = parts[parts["status"] == status]
    qualifiers = parts["qualifier"].unique().tolist()
    lower = parts["lower"].sum(min_count=1)
    upper = parts["upper"].sum(min_count=len(parts)) if parts["upper"].notna().all() else np.nan
    if len(parts) == 1 or qualifiers == ["exact"]:
        qualifier = qualifiers[0]
    else:
        qualifier = "at_least" if pd.isna(upper) else "about"
    starts = [s for s in parts["period_start"].map(text_or_none) if s]
    ends = [e for e in parts["period_end"].map(text_or_none) if e]
    dates = set(zip(parts["period_start"].map(text_or_none),
                    parts["period_end"].map(text_or_none), strict=True))
    if len(dates) == 1:
        start, end = next(iter(dates))
    else:
        start = min(starts) if starts else None
        end = max(ends + starts) if ends + starts else None
    return {"qualifier": qualifier, "lower": lower, "upper": upper, "status": status,
            "period_start": start, "period_end": end}


def _units(coded: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Rows of a coding totalled to one row per unit, undated claims dated."""
    coded = coded.loc[:, list(_CODED)]
    coded, _ = dated_by_publication(
        coded, coded["source_id"].map(sources.set_index("source_id")["published"]))
    coded["lower"] = coded["lower"].astype(float)
    coded["upper"] = coded["upper"].astype(float)
    rows = [{**dict(zip(UNIT, key, strict=True)), **_total(parts)}
            for key, parts in coded.groupby(list(UNIT), sort=True, dropna=False)]
    return pd.DataFrame(rows, columns=list(_CODED))


def first_coding(evidence: Evidence) -> pd.DataFrame:
    """The first coding (``data/raw/facts.csv``) as units of the shape of a second coding.

    Only facts citing a paragraph of a document are units; a fact that lies
    within another claim (``part_of``: a seminar inside a festival) is not a
    unit of its own (data/codebook.md, 1.8 and 5.1).

    Parameters
    ----------
    evidence : Evidence
        The project's valid raw tables.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``source_id, paragraph, indicator_id, place_id,
        qualifier, lower, upper, status, period_start, period_end``.

    Examples
    --------
    >>> from lcstudy.data.validate import load_valid
    >>> from lcstudy.config import project_paths
    >>> units = first_coding(load_valid(project_paths()))  # doctest: +SKIP
    """
    facts = evidence.facts
    coded = facts[facts["paragraph"].notna() & facts["part_of"].isna()]
    return _units(coded, evidence.sources)


def _reference_problems(coding: pd.DataFrame, evidence: Evidence, file: str) -> list[Problem]:
    """Rows naming an unknown document, paragraph, indicator or place, and repeated units."""
    documents = evidence.sources.dropna(subset=["paragraphs"])
    paragraphs = documents.set_index("source_id")["paragraphs"].astype(int).to_dict()
    indicators = set(evidence.indicators["indicator_id"].dropna())
    places = set(evidence.places["place_id"].dropna())
    problems: list[Problem] = []
    seen: dict[tuple[object, ...], int] = {}
    for line, row in zip(coding.index.tolist(), coding.to_dict("records"), strict=True):
        source, paragraph = row["source_id"], row["paragraph"]
        if not pd.isna(source) and source not in paragraphs:
            problems.append(Problem(file, line, "source_id", str(source),
                                    "a document id of data/raw/sources.csv with numbered "
                                    f"paragraphs ({', '.join(paragraphs)})"))
        elif not pd.isna(source) and not pd.isna(paragraph) and paragraph > paragraphs[source]:
            problems.append(Problem(file, line, "paragraph", str(paragraph),
                                    f"a paragraph from 1 to {paragraphs[source]} (the "
                                    f"paragraphs of {source} in data/raw/sources.csv)"))
        for column, known, where in (("indicator_id", indicators, "indicators.csv indicator_id"),
                                     ("place_id", places, "places.csv place_id")):
            if not pd.isna(row[column]) and row[column] not in known:
                problems.append(Problem(file, line, column, str(row[column]),
                                        f"an id listed in data/raw/{where}"))
        if not pd.isna(row["lower"]) and not pd.isna(row["upper"]) and row["upper"] < row["lower"]:
            problems.append(Problem(file, line, "upper", f"{row['upper']:g}",
                                    f"a number at least lower ({row['lower']:g})"))
        key = tuple(row[c] for c in UNIT)
        if any(pd.isna(k) for k in key):
            continue  # a missing cell is reported by read_table
        if key in seen:
            problems.append(Problem(file, line, "+".join(UNIT),
                                    "|".join(str(k) for k in key),
                                    f"one row per unit (line {seen[key]} has it already)"))
        seen.setdefault(key, line)
    return problems


def read_coding(path: Path, evidence: Evidence, file: str = SECOND_CODING) -> pd.DataFrame:
    """Read a second coding and check every row against the project.

    Parameters
    ----------
    path : Path
        The CSV file (:data:`CODING` gives its columns).
    evidence : Evidence
        The project's valid raw tables: the documents, their paragraph counts,
        the indicators and places a row may name.
    file : str
        The file's name in messages (relative to the project root).

    Returns
    -------
    pandas.DataFrame
        One row per unit, shaped as :func:`first_coding` gives it.

    Raises
    ------
    DataError
        Naming file, line, column, value and what was expected for every bad
        cell, unknown document, paragraph beyond a document's count, unknown
        indicator or place, and repeated unit.

    Examples
    --------
    >>> read_coding(Path("data/raw/coding_b/facts.csv"), evidence)  # doctest: +SKIP
    """
    coding, problems = read_table(CODING, path, file)
    problems += _reference_problems(coding, evidence, file)
    if problems:
        raise DataError(problems)
    return _units(coding, evidence.sources)


def match_units(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Both codings side by side, one row per unit either has.

    Parameters
    ----------
    first, second : pandas.DataFrame
        Units as :func:`first_coding` and :func:`read_coding` give them.

    Returns
    -------
    pandas.DataFrame
        The unit columns, then each coded column suffixed ``_a`` (first) and
        ``_b`` (second), and ``present_a``/``present_b``; sorted by unit.

    Examples
    --------
    >>> a = pd.DataFrame([{"source_id": "s", "paragraph": 1, "indicator_id": "i",
    ...                    "place_id": "p", "qualifier": "exact", "lower": 1.0,
    ...                    "upper": 1.0, "status": "happened", "period_start": "2021",
    ...                    "period_end": None}])
    >>> match_units(a, a.iloc[:0])[["present_a", "present_b"]].values.tolist()
    [[True, False]]
    """
    keyed = [frame.assign(present=True).astype({"paragraph": "int64"})
             for frame in (first, second)]
    matched = keyed[0].merge(keyed[1], on=list(UNIT), how="outer", suffixes=("_a", "_b"),
                             sort=True)
    for side in ("_a", "_b"):
        matched["present" + side] = matched["present" + side].eq(True)
    return matched.reset_index(drop=True)
