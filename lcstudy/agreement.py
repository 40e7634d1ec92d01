"""Agreement of two independent codings, unit by unit (data/codebook.md, section 5).

A *unit* is what one paragraph of a document says about one place under one
indicator: ``(source_id, paragraph, indicator_id, place_id)``. The first
coding is ``data/raw/facts.csv``, turned into units by :func:`first_coding`;
the second is ``data/raw/coding_b/facts.csv`` (:data:`SECOND_CODING`), one row
per unit, read and checked by :func:`read_coding`. :func:`agreement` matches
them and reports Krippendorff's alpha and percent agreement per indicator and
overall for five attributes (:data:`ATTRIBUTES`), with every disagreement.

Presence is judged over every decision a coder makes: each unit either
coding has, and each (document, paragraph, indicator) that neither coded
(both said "nothing here"). The other attributes are compared over the units
both codings have. Alpha is undefined (NaN) where fewer than two values
occur or no unit has both codings' values: there is no variation to agree
on; percent agreement is still given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import krippendorff
import numpy as np
import pandas as pd

from lcstudy.config import ProjectPaths
from lcstudy.csv_reader import read_table
from lcstudy.dates import dated_by_publication
from lcstudy.errors import DataError, Problem
from lcstudy.evidence import Evidence
from lcstudy.schema import QUALIFIERS, STATUSES, Column, Table

__all__ = [
    "SECOND_CODING",
    "CODING",
    "UNIT",
    "ATTRIBUTES",
    "Agreement",
    "first_coding",
    "read_coding",
    "match_units",
    "agreement_table",
    "disagreements",
    "agreement",
    "measure",
]

#: Where the second coding is kept, relative to the project root.
SECOND_CODING = "data/raw/coding_b/facts.csv"

#: The columns that identify a unit.
UNIT = ("source_id", "paragraph", "indicator_id", "place_id")

#: Krippendorff's levels of measurement used here.
_Level = Literal["nominal", "interval"]

#: Attribute compared -> Krippendorff's level of measurement.
ATTRIBUTES: dict[str, _Level] = {
    "presence": "nominal",
    "qualifier": "nominal",
    "value": "interval",
    "status": "nominal",
    "date": "nominal",
}

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


@dataclass(frozen=True)
class Agreement:
    """The agreement of two codings.

    Attributes
    ----------
    units : pandas.DataFrame
        Every unit either coding has, the two codings side by side
        (columns suffixed ``_a`` and ``_b``, ``present_a``/``present_b``).
    table : pandas.DataFrame
        Per indicator (and ``all``) and attribute: ``units`` compared,
        ``agreement`` (share of units agreed, 0 to 1) and ``alpha``.
    disagreements : pandas.DataFrame
        One row per unit and attribute the codings differ on, with both values.
    """

    units: pd.DataFrame
    table: pd.DataFrame
    disagreements: pd.DataFrame


def _text_or_none(value: object) -> str | None:
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
    starts = [s for s in parts["period_start"].map(_text_or_none) if s]
    ends = [e for e in parts["period_end"].map(_text_or_none) if e]
    dates = set(zip(parts["period_start"].map(_text_or_none),
                    parts["period_end"].map(_text_or_none), strict=True))
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
    >>> from lcstudy.validate import load_valid
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


def _attribute(units: pd.DataFrame, name: str, side: str) -> pd.Series:
    """One attribute of every unit as one coder coded it (missing where not coded)."""
    if name == "presence":
        return units["present" + side].astype(int).astype(object)
    if name == "value":
        return units["lower" + side]
    if name == "date":
        start = units["period_start" + side].map(_text_or_none).fillna("")
        end = units["period_end" + side].map(_text_or_none).fillna("")
        return (start + "/" + end).where(units["present" + side])
    return units[name + side]


def _interval(units: pd.DataFrame, side: str) -> pd.Series:
    """The value interval as text, for listing: ``lower..upper`` (open upper empty)."""
    def bound(value: object) -> str:
        return "" if pd.isna(value) else f"{value:g}"
    pairs = zip(units["lower" + side], units["upper" + side], strict=True)
    return pd.Series([f"{bound(low)}..{bound(high)}" for low, high in pairs], index=units.index,
                     dtype=object)


def _empty_cells(first: pd.DataFrame, second: pd.DataFrame, evidence: Evidence,
                 covered: set[str]) -> pd.DataFrame:
    """(document, paragraph, indicator) decisions neither coding coded: presence 0 and 0."""
    documents = evidence.sources.dropna(subset=["paragraphs"])
    documents = documents[documents["source_id"].isin(covered)]
    cells = pd.DataFrame(
        [(source, paragraph, indicator)
         for source, count in zip(documents["source_id"], documents["paragraphs"], strict=True)
         for paragraph in range(1, int(count) + 1)
         for indicator in evidence.indicators["indicator_id"]],
        columns=["source_id", "paragraph", "indicator_id"])
    coded = pd.concat([first, second])[["source_id", "paragraph", "indicator_id"]]
    coded = coded.astype({"paragraph": "int64"}).drop_duplicates()
    merged = cells.merge(coded, how="left", indicator=True)
    empty = merged[merged["_merge"] == "left_only"].drop(columns="_merge")
    return empty.assign(present_a=False, present_b=False)


def _alpha(a: pd.Series, b: pd.Series, level: _Level) -> float:
    """Krippendorff's alpha of two coders' values (NaN where it is undefined)."""
    both = a.notna() & b.notna()
    if level == "nominal":
        codes = pd.factorize(pd.concat([a, b]))[0].astype(float)
        codes[codes < 0] = np.nan
        data = codes.reshape(2, len(a))
    else:
        data = np.vstack([a.to_numpy(dtype=float), b.to_numpy(dtype=float)])
    values = np.unique(data[~np.isnan(data)])
    if not both.any() or len(values) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def _agree(units: pd.DataFrame, name: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each coder's value of an attribute over the units it is compared on, and whether equal."""
    if name != "presence":
        units = units[units["present_a"] & units["present_b"]]
    a, b = (_attribute(units, name, side) for side in ("_a", "_b"))
    if name == "value":
        equal = _interval(units, "_a") == _interval(units, "_b")
    else:
        equal = (a == b) | (a.isna() & b.isna())
    return a, b, equal


def agreement_table(units: pd.DataFrame) -> pd.DataFrame:
    """Percent agreement and Krippendorff's alpha per indicator and overall.

    Parameters
    ----------
    units : pandas.DataFrame
        Matched units (:func:`match_units`), with the decisions neither coder
        coded as rows whose ``present_a`` and ``present_b`` are false.

    Returns
    -------
    pandas.DataFrame
        ``indicator_id`` (``all`` for the overall rows), ``attribute``,
        ``level``, ``units`` (compared), ``agreement`` (0 to 1) and ``alpha``.

    Examples
    --------
    >>> agreement_table(units)  # doctest: +SKIP
    """
    rows = []
    groups = [(i, g) for i, g in units.groupby("indicator_id", sort=True)] + [("all", units)]
    for indicator, group in groups:
        for name, level in ATTRIBUTES.items():
            a, b, equal = _agree(group, name)
            rows.append({"indicator_id": indicator, "attribute": name, "level": level,
                         "units": len(equal),
                         "agreement": float(equal.mean()) if len(equal) else float("nan"),
                         "alpha": _alpha(a, b, level)})
    return pd.DataFrame(rows)


def _shown(value: object) -> str:
    """A value for the list of disagreements: ``-`` where there is none."""
    return "-" if _text_or_none(value) is None else str(value)


def disagreements(units: pd.DataFrame) -> pd.DataFrame:
    """Every unit and attribute the two codings differ on.

    Parameters
    ----------
    units : pandas.DataFrame
        Matched units (:func:`match_units`).

    Returns
    -------
    pandas.DataFrame
        The unit columns, ``attribute``, ``first`` and ``second`` (the values
        as text; ``-`` where a coding has no such unit), sorted by unit.

    Examples
    --------
    >>> disagreements(units)  # doctest: +SKIP
    """
    columns = [*UNIT, "attribute", "first", "second"]
    found = []
    for name in ATTRIBUTES:
        a, b, equal = _agree(units, name)
        rows = units.loc[~equal.reindex(units.index, fill_value=True)]
        if name == "value":
            a, b = _interval(rows, "_a"), _interval(rows, "_b")
        texts = [s.reindex(rows.index).map(_shown) for s in (a, b)]
        if name == "presence":
            texts = [t.map({"1": "coded", "0": "not coded"}) for t in texts]
        found.append(rows[list(UNIT)].assign(attribute=name, first=texts[0], second=texts[1]))
    found = [frame for frame in found if len(frame)]
    out = pd.concat(found) if found else pd.DataFrame(columns=columns)
    return out.sort_values([*UNIT, "attribute"], kind="stable").reset_index(drop=True)[columns]


def agreement(paths: ProjectPaths, evidence: Evidence) -> Agreement:
    """Match the second coding against the first and measure their agreement.

    Parameters
    ----------
    paths : ProjectPaths
        The project; its second coding is :data:`SECOND_CODING`.
    evidence : Evidence
        The project's valid raw tables (the first coding among them).

    Returns
    -------
    Agreement
        The matched units, the agreement table and the disagreements.

    Raises
    ------
    FileNotFoundError
        When the project has no second coding yet.
    DataError
        When the second coding has bad rows (:func:`read_coding`).

    Examples
    --------
    >>> from lcstudy.config import project_paths
    >>> from lcstudy.validate import load_valid
    >>> paths = project_paths()
    >>> result = agreement(paths, load_valid(paths))  # doctest: +SKIP
    >>> result.table.query("indicator_id == 'all'")  # doctest: +SKIP
    """
    path = paths.root / SECOND_CODING
    if not path.is_file():
        raise FileNotFoundError(path)
    return measure(evidence, read_coding(path, evidence))


def measure(evidence: Evidence, second: pd.DataFrame) -> Agreement:
    """The agreement of a second coding (:func:`read_coding`) with the first.

    Parameters
    ----------
    evidence : Evidence
        The project's valid raw tables (the first coding among them).
    second : pandas.DataFrame
        The second coding, checked.

    Returns
    -------
    Agreement
        Measured over the documents the second coding covers (those it has
        rows for); a document added after it, not yet double-coded, stays out.
    """
    covered = set(second["source_id"])
    first = first_coding(evidence)
    first = first[first["source_id"].isin(covered)]
    units = match_units(first, second)
    decisions = pd.concat([units, _empty_cells(first, second, evidence, covered)],
                          ignore_index=True)
    return Agreement(units=units, table=agreement_table(decisions),
                     disagreements=disagreements(units))
