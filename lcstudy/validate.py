"""Checks across rows and tables of the raw evidence.

:func:`validate` runs every check and returns every problem;
:func:`load_valid` is what the rest of the package calls: valid evidence or
a :class:`~lcstudy.errors.DataError` listing all that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from lcstudy.config import ProjectPaths
from lcstudy.dates import fact_years, parse_partial_date
from lcstudy.errors import DataError, Problem
from lcstudy.evidence import Evidence, load_evidence
from lcstudy.population import population_figures, resolve_population
from lcstudy.schema import RAW_TABLES

__all__ = ["validate", "load_valid"]

_BOUND_COLUMNS = ("value", "lower", "upper")


def _text(value: object) -> str:
    """A cell as the user wrote it (empty for missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _uniqueness(evidence: Evidence) -> Iterator[Problem]:
    """Unique columns and table keys."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        file = f"data/raw/{table.file_name}"
        keys = [[c.name] for c in table.columns if c.unique]
        keys += [list(table.key)] if table.key else []
        for key in keys:
            known = frame.dropna(subset=key)
            repeated = known[known.duplicated(subset=key, keep="first")]
            first = known.drop_duplicates(subset=key).reset_index().set_index(key)["line"]
            for line, row in repeated.iterrows():
                values = tuple(row[k] for k in key)
                original = first.loc[values if len(key) > 1 else values[0]]
                yield Problem(file, int(line), "+".join(key), "|".join(map(_text, values)),
                              f"a unique value (line {original} has it already)")


def _references(evidence: Evidence) -> Iterator[Problem]:
    """Every id that points into another table exists there."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        for column in (c for c in table.columns if c.references):
            target_table, target_column = column.references.split(".")
            known = set(evidence.table(target_table)[target_column].dropna())
            for line, value in frame[column.name].dropna().items():
                if value not in known:
                    yield Problem(f"data/raw/{table.file_name}", int(line), column.name, value,
                                  f"an id listed in data/raw/{target_table}.csv {target_column}")


def _rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of a raw table as its line number and a plain dict (faster than ``iterrows``)."""
    return zip(frame.index.tolist(), frame.to_dict("records"), strict=True)


def _qualifier(row: dict[str, Any]) -> str | None:
    """What the qualifier requires of value, lower and upper, if unmet."""
    known = {c: not pd.isna(row[c]) for c in _BOUND_COLUMNS}
    value, lower, upper = (float(row[c]) if known[c] else float("nan") for c in _BOUND_COLUMNS)
    qualifier = row["qualifier"]
    if pd.isna(qualifier):
        return None  # the cell itself was reported
    if qualifier == "exact" and any(known.values()) and not (lower == value == upper):
        return "lower = upper = value for an exact quantity"
    if qualifier == "at_least" and not (known["value"] and lower == value and not known["upper"]):
        return "lower = value and an empty (open) upper for 'at least'"
    if qualifier == "more_than" and not (known["value"] and known["lower"] and lower > value
                                         and not known["upper"]):
        return "lower above value and an empty (open) upper for 'more than'"
    if qualifier == "about" and not (known["value"] and known["lower"] and known["upper"]
                                     and lower <= value <= upper):
        return "lower <= value <= upper for 'about'"
    if qualifier in ("a_few", "several") and (known["value"] or not known["lower"]):
        return f"an empty value and a lower bound for '{qualifier}'"
    return None


def _facts(evidence: Evidence) -> Iterator[Problem]:
    """Bounds, dates, paragraphs and notes of each fact."""
    file = "data/raw/facts.csv"
    facts = evidence.facts
    kinds = evidence.indicators.set_index("indicator_id")["value_type"].to_dict()
    paragraphs = evidence.sources.set_index("source_id")["paragraphs"].to_dict()
    for line, row in _rows(facts):
        kind = kinds.get(row["indicator_id"])
        expected = _qualifier(row)
        if expected:
            yield Problem(file, line, "qualifier", row["qualifier"], expected)
        if not pd.isna(row["lower"]) and not pd.isna(row["upper"]) and row["lower"] > row["upper"]:
            yield Problem(file, line, "lower", _text(row["lower"]),
                          f"at most upper ({_text(row['upper'])})")
        if kind == "count" and pd.isna(row["lower"]):
            yield Problem(file, line, "lower", "", "a lower bound for a count indicator")
        if kind == "date" and pd.isna(row["period_start"]):
            yield Problem(file, line, "period_start", "", "the date for a date indicator")
        if kind == "date" and not all(pd.isna(row[c]) for c in _BOUND_COLUMNS):
            yield Problem(file, line, "value", _text(row["value"]),
                          "empty value, lower and upper for a date indicator")
        start = parse_partial_date(_text(row["period_start"]))
        end = parse_partial_date(_text(row["period_end"]))
        if start is not None and end is not None and end < start:
            yield Problem(file, line, "period_end", row["period_end"],
                          f"a date from {row['period_start']} on")
        inferred = row["date_inferred"]
        if pd.notna(inferred) and bool(inferred) and pd.isna(row["note"]):
            yield Problem(file, line, "note", "", "a note saying how the inferred date was found")
        if pd.notna(row["partner_id"]) and row["partner_id"] == row["place_id"]:
            yield Problem(file, line, "partner_id", row["partner_id"],
                          "a party other than place_id")
        yield from _paragraph(file, line, row, paragraphs)


def _paragraph(file: str, line: int, row: dict[str, Any], paragraphs: dict) -> Iterator[Problem]:
    """A paragraph is cited exactly when the source is a numbered document."""
    if row["source_id"] not in paragraphs:
        return
    available, cited = paragraphs[row["source_id"]], row["paragraph"]
    if pd.isna(available) and not pd.isna(cited):
        yield Problem(file, line, "paragraph", _text(cited),
                      f"empty: source {row['source_id']} has no numbered paragraphs")
    elif not pd.isna(available) and pd.isna(cited):
        yield Problem(file, line, "paragraph", "", f"a paragraph of {row['source_id']}")
    elif not pd.isna(available) and cited > available:
        yield Problem(file, line, "paragraph", _text(cited),
                      f"a paragraph from 1 to {int(available)} of {row['source_id']}")


def _claims(evidence: Evidence) -> Iterator[Problem]:
    """Rows coding one claim (a document and its translation) agree.

    Quantities must be equal; dates must agree as far as both are precise
    ("2015" agrees with "2015-09-28").
    """
    agreeing = ["place_id", "indicator_id", "partner_id", "qualifier", *_BOUND_COLUMNS]
    first_coded: dict[str, tuple[int, dict[str, Any]]] = {}
    for line, row in _rows(evidence.facts):
        if pd.isna(row["claim"]):
            continue  # the cell itself was reported
        first_line, first = first_coded.setdefault(row["claim"], (line, row))
        if first_line == line:
            continue
        expected = [(c, _text(first[c])) for c in agreeing if _text(row[c]) != _text(first[c])]
        for column in ("period_start", "period_end"):
            mine, theirs = _text(row[column]), _text(first[column])
            common = min(len(mine), len(theirs))
            if mine[:common] != theirs[:common]:
                expected.append((column, theirs))
        for column, value in expected:
            yield Problem("data/raw/facts.csv", line, column, _text(row[column]),
                          f"{value!r} as on line {first_line}, "
                          f"which codes the same claim {row['claim']}")


def _population_coverage(evidence: Evidence) -> Iterator[Problem]:
    """Per-capita facts of the study cities have a population for their year."""
    per_capita = evidence.indicators.loc[evidence.indicators["per_capita"], "indicator_id"]
    study = evidence.study_cities
    facts = evidence.facts
    relevant = facts[facts["indicator_id"].isin(per_capita)]
    years = fact_years(relevant)
    needs = [(int(line), party, place, years.loc[line])
             for party in ("place_id", "partner_id")
             for line, place in relevant.loc[relevant[party].isin(study), party].items()]
    dated = [(place, int(year)) for _, _, place, year in needs if pd.notna(year)]
    found = resolve_population([p for p, _ in dated], [y for _, y in dated],
                               population_figures(evidence.population))
    found = found[found["population"].notna()]
    known = set(zip(found["place_id"], found["year"], strict=True))
    for line, party, place, year in needs:
        if pd.isna(year):
            yield Problem("data/raw/facts.csv", line, "period_start", "",
                          "a date: per-capita indicators need the fact's year")
        elif (place, int(year)) not in known:
            yield Problem("data/raw/facts.csv", line, party, place,
                          f"a place with an official population for {year} in "
                          "data/raw/population.csv, or figures of one definition on both "
                          "sides of that year (per-capita indicator)")


#: What a study city needs in ``places.csv``: each value, what it is, the column of its
#: source and what that source is of.
_STUDY_CITY_NEEDS = (
    ("latitude", "coordinates (latitude and longitude)", "coordinates_source_id", "coordinates"),
    ("longitude", "coordinates (latitude and longitude)", "coordinates_source_id", "coordinates"),
    ("land_area_km2", "a land area in km2", "land_area_source_id", "land area"),
)


def _study_city_needs(evidence: Evidence) -> Iterator[Problem]:
    """What a study city needs to be compared and mapped: location, area, population.

    Every study city has coordinates and a land area, each with the id of its
    source, and at least one official population figure (the years its
    per-capita facts need are checked by :func:`_population_coverage`). Any
    place's coordinates or area, study city or not, cite their source.
    """
    file = "data/raw/places.csv"
    official = evidence.population[evidence.population["series"] == "official"]
    counted = set(official["place_id"].dropna())
    for line, row in _rows(evidence.places):
        study = bool(row["study_city"]) if pd.notna(row["study_city"]) else False
        for column, what, source, of in _STUDY_CITY_NEEDS:
            if pd.isna(row[column]):
                if study:
                    yield Problem(file, line, column, "", f"{what} for a study city")
            elif pd.isna(row[source]):
                yield Problem(file, line, source, "",
                              f"the source id of the {of} (an id in data/raw/sources.csv)")
        if study and pd.notna(row["place_id"]) and row["place_id"] not in counted:
            yield Problem(file, line, "place_id", row["place_id"],
                          "a study city with official population figures in "
                          "data/raw/population.csv (series official)")


def validate(paths: ProjectPaths) -> list[Problem]:
    """Run every check on a project's raw data.

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    list of Problem
        Every problem found, sorted by file and line; empty when valid.

    Examples
    --------
    >>> from lcstudy.config import project_paths
    >>> validate(project_paths())
    []
    """
    return _checked(paths)[1]


def _checked(paths: ProjectPaths) -> tuple[Evidence, list[Problem]]:
    """Load the raw tables and run every check on them."""
    evidence, problems = load_evidence(paths)
    for check in (_uniqueness, _references, _facts, _claims, _study_city_needs,
                  _population_coverage):
        problems += check(evidence)
    return evidence, sorted(set(problems))


def load_valid(paths: ProjectPaths) -> Evidence:
    """Load a project's raw data, refusing it unless it is entirely valid.

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    Evidence
        The typed tables.

    Raises
    ------
    DataError
        Listing every problem :func:`validate` finds.
    """
    evidence, problems = _checked(paths)
    if problems:
        raise DataError(problems)
    return evidence
