"""Checks across rows and tables of the raw evidence.

:func:`validate` runs every check and returns every problem;
:func:`load_valid` is what the rest of the package calls: valid evidence or
a :class:`~lcstudy.errors.DataError` listing all that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from lcstudy.config import ProjectPaths, raw_file
from lcstudy.data.checking import (
    cell_text,
    combined_codes,
    first_rows,
    numbered_rows,
)
from lcstudy.data.evidence import Evidence, load_evidence
from lcstudy.data.fact_checks import check_claims, check_facts
from lcstudy.data.list_checks import (
    check_complete_lists,
    check_list_links,
    check_searches,
    check_states,
)
from lcstudy.data.place_checks import (
    check_colours,
    check_per_capita_rationale,
    check_place_confidence,
    check_population_coverage,
    check_source_voice,
    check_study_city_needs,
)
from lcstudy.data.schema import RAW_TABLES
from lcstudy.data.spreadsheets import FORMULA_START
from lcstudy.errors import DataError, Problem

__all__ = ["check", "validate", "load_valid"]


def _uniqueness(evidence: Evidence) -> Iterator[Problem]:
    """Unique columns and table keys."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        file = raw_file(table.file_name)
        lines = frame.index.to_numpy()
        keys = [[c.name] for c in table.columns if c.unique]
        keys += [list(table.key)] if table.key else []
        for key in keys:
            codes = [evidence.codes(table.name, k)[0] for k in key]
            rows = np.flatnonzero(np.logical_and.reduce([c >= 0 for c in codes]))
            group = combined_codes([c[rows] for c in codes])
            seen = first_rows(group)
            first_line = lines[rows[seen]]  # of each group, by its code
            for position in np.flatnonzero(~seen).tolist():
                row = rows[position]
                value = "|".join(cell_text(frame[k].iloc[row]) for k in key)
                yield Problem(file, int(lines[row]), "+".join(key), value,
                              f"a unique value (line {first_line[group[position]]} has it already)")


def _references(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Every id that points into another table exists there (unless that column was unread)."""
    for table in RAW_TABLES:
        lines = evidence.table(table.name).index.to_numpy()
        for column in (c for c in table.columns if c.references):
            target_table, target_column = column.references.split(".")
            if {target_table, column.references} & unread:
                continue  # its problem is reported; a missing id here would be a false one
            known = evidence.table(target_table)[target_column].dropna().unique()
            codes, distinct = evidence.codes(table.name, column.name)
            listed = np.append(pd.Series(distinct, dtype=object).isin(known).to_numpy(), True)
            expected = f"an id listed in data/raw/{target_table}.csv {target_column}"
            if 0 < len(known) <= _LISTED:  # a short list: name what is allowed
                expected += " (" + ", ".join(sorted(map(str, known))) + ")"
            for row in np.flatnonzero(~listed[codes]).tolist():
                yield Problem(raw_file(table.file_name), int(lines[row]), column.name,
                              distinct[codes[row]], expected)


#: The most ids a problem lists as the allowed values of a reference.
_LISTED = 12


def _framework(evidence: Evidence) -> Iterator[Problem]:
    """The framework nests area > area of focus > feature; indicators point at a focus or feature."""
    kflc = evidence.kflc
    level = kflc.set_index("kflc_id")["level"].to_dict()
    parent_level = {"area": None, "focus": "area", "feature": "focus"}
    for line, row in numbered_rows(kflc):
        wanted = parent_level.get(row["level"])
        got = level.get(row["parent_id"]) if pd.notna(row["parent_id"]) else None
        if pd.notna(row["level"]) and got != wanted and (wanted is None or got is not None):
            yield Problem(raw_file("kflc.csv"), line, "parent_id", cell_text(row["parent_id"]),
                          f"the id of an {wanted} for a {row['level']}" if wanted
                          else "empty: an area has no parent")
    for line, row in numbered_rows(evidence.indicators):
        if pd.notna(row["kflc_id"]) and level.get(row["kflc_id"]) == "area":
            yield Problem(raw_file("indicators.csv"), line, "kflc_id", row["kflc_id"],
                          "an area of focus or a feature in data/raw/kflc.csv, not an area")


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


def check(paths: ProjectPaths) -> tuple[list[Problem], list[Problem]]:
    """Run every check on a project's raw data, and say what deserves a warning.

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    problems : list of Problem
        As :func:`validate` gives them.
    warnings : list of Problem
        Text cells a spreadsheet would evaluate as a formula (a leading
        ``=``, ``+``, ``-``, ``@``, tab or carriage return): valid, and
        written into the outputs with a leading ``'``.
    """
    evidence, problems = _checked(paths)
    return problems, sorted(_formulas(evidence))


def _formulas(evidence: Evidence) -> Iterator[Problem]:
    """Text cells of the raw tables that begin as a spreadsheet formula."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        for name, column in frame.items():
            if column.dtype != object and not isinstance(column.dtype, pd.StringDtype):
                continue
            for line, value in column.items():
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    yield Problem(raw_file(table.file_name), int(line), str(name), value,
                                  "no leading =, +, -, @, tab or carriage return (a "
                                  "spreadsheet runs it as a formula; outputs get a leading ')")


def _tables_of(problems: list[Problem]) -> frozenset[str]:
    """The tables whose files ``problems`` name (a repeated key: not read as a lookup)."""
    names = {raw_file(t.file_name): t.name for t in RAW_TABLES}
    return frozenset(names[p.file] for p in problems)


def _documents(evidence: Evidence) -> Iterator[Problem]:
    """A source that names its document's file gives the document's SHA-256."""
    sources = evidence.sources
    missing = sources["file"].notna() & sources["sha256"].isna()
    for line, row in sources[missing].iterrows():
        yield Problem(raw_file("sources.csv"), int(line), "sha256", "",
                      f"the SHA-256 of {row['file']} (64 hex digits), which `lcstudy sources "
                      "check` compares; a source with a file always has one")


def _unread(problems: list[Problem]) -> frozenset[str]:
    """Tables (``places``) and columns (``places.place_id``) not read whole.

    A table is unread when its file could not be read row by row (missing,
    undecodable, a bad header or separator, a row of the wrong length or a
    runaway quote: problems not about one column); a column, when one of its
    cells is invalid. Checks of other files against them are skipped, so one
    file's problem does not appear as false problems in the others.
    """
    names = {raw_file(t.file_name): t.name for t in RAW_TABLES}
    unread = set()
    for problem in problems:
        table = names.get(problem.file)
        if table is not None:
            unread.add(table if problem.column == "-" or problem.line <= 1
                       else f"{table}.{problem.column}")
    return frozenset(unread)


def _checked(paths: ProjectPaths) -> tuple[Evidence, list[Problem]]:
    """Load the raw tables and run every check on them."""
    evidence, problems = load_evidence(paths)
    repeated = list(_uniqueness(evidence))
    unread = _unread(problems) | _tables_of(repeated)
    # A row with an invalid cell is checked against others only once it is fixed:
    # the cell is missing from the frame, not empty, and rules reading it would err.
    invalid_rows = {(p.file, p.line) for p in problems if p.column != "-" and p.line > 1}
    found: list[Problem] = []
    for check in (check_per_capita_rationale, check_place_confidence, _documents):
        found += check(evidence)
    for check_read in (check_facts, _references, check_population_coverage, check_claims):
        found += check_read(evidence, unread)
    unread_tables = {item.partition(".")[0] for item in unread}
    for check, reads in _ACROSS_TABLES.items():
        if not unread_tables & set(reads):
            found += check(evidence)
    problems += repeated + [p for p in found if (p.file, p.line) not in invalid_rows]
    return evidence, sorted(set(problems))


#: Checks that read several tables, and the tables they read: each is skipped
#: while one of its tables could not be read whole (no false problems).
_ACROSS_TABLES = {
    _framework: ("kflc", "indicators"),
    check_states: ("facts", "complete_lists", "award_winners", "list_entries", "sources"),
    check_complete_lists: ("complete_lists", "award_winners", "list_entries", "facts"),
    check_study_city_needs: ("places", "population"),
    check_source_voice: ("sources", "places"),
    check_searches: ("searches", "facts", "sources"),
    check_colours: ("places",),
    check_list_links: ("places", "award_winners", "list_entries"),
}


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
