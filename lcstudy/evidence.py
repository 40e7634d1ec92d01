"""Read the raw CSV tables into typed DataFrames, checking every cell.

Each loaded frame is indexed by ``line``: the line of the CSV file the row
came from, as a text editor numbers it (the header is line 1). Problems are
collected, not raised one at a time, so a user sees all of them in one run.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lcstudy.config import ProjectPaths
from lcstudy.dates import parse_partial_date
from lcstudy.errors import Problem
from lcstudy.schema import RAW_TABLES, Column, Table
from lcstudy.spreadsheets import BOOLEANS, plain_text, separator_problem, spreadsheet_forms

__all__ = ["Evidence", "load_evidence", "read_table"]

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_DTYPES = {
    "id": "string",
    "text": "string",
    "date": "string",
    "partial_date": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}
_EXPECTED = {
    "id": "an id of lower-case letters, digits, '-' or '_'",
    "integer": "a whole number such as 12",
    "number": "a number with a decimal point, such as 3.5",
    "date": "a date YYYY-MM-DD",
    "partial_date": "a date YYYY, YYYY-MM or YYYY-MM-DD",
    "boolean": "true or false",
}


@dataclass(frozen=True)
class Evidence:
    """The raw tables of one project, loaded and cell-checked.

    Attributes
    ----------
    sources, places, population, indicators, facts, award_winners : pandas.DataFrame
        One frame per table of :data:`lcstudy.schema.RAW_TABLES`, indexed by line.
    kflc, complete_lists, list_entries : pandas.DataFrame
        The framework and the complete lists (empty when not given, as in
        hand-made test evidence).
    """

    sources: pd.DataFrame
    places: pd.DataFrame
    population: pd.DataFrame
    indicators: pd.DataFrame
    facts: pd.DataFrame
    award_winners: pd.DataFrame
    kflc: pd.DataFrame = field(default_factory=pd.DataFrame)
    complete_lists: pd.DataFrame = field(default_factory=pd.DataFrame)
    list_entries: pd.DataFrame = field(default_factory=pd.DataFrame)

    def table(self, name: str) -> pd.DataFrame:
        """Return the frame of the table called ``name``."""
        frame: pd.DataFrame = getattr(self, name)
        return frame

    @property
    def study_cities(self) -> list[str]:
        """The compared cities: ``study_city`` true in ``places.csv``, in file order.

        The one answer to "which are the study cities" that every table,
        figure and check of the package follows.
        """
        chosen = self.places["study_city"].fillna(False).astype(bool)
        return self.places.loc[chosen, "place_id"].tolist()

    @property
    def place_names(self) -> pd.Series:
        """English name of every place, indexed by ``place_id``."""
        return self.places.set_index("place_id")["name_en"]


def _cell_problem(column: Column, text: str) -> str | None:
    """Return what was expected if ``text`` is not a valid cell of ``column``."""
    if text != text.strip():
        return "no leading or trailing spaces"
    if text == "":
        return "a value (the column is required)" if column.required else None
    kind = column.type
    if kind == "id" and not _ID.fullmatch(text):
        return _EXPECTED["id"]
    if kind == "integer" and not _INTEGER.fullmatch(text):
        return _EXPECTED["integer"]
    if kind == "number" and not _NUMBER.fullmatch(text):
        return _EXPECTED["number"]
    if kind == "boolean" and text.lower() not in BOOLEANS:
        return _EXPECTED["boolean"]
    if kind in ("date", "partial_date"):
        parsed = parse_partial_date(text)
        if parsed is None or (kind == "date" and len(text) != 10):
            return _EXPECTED[kind]
        return _range_problem(column, parsed.year, "a year")
    if column.allowed and text not in column.allowed:
        return "one of " + ", ".join(column.allowed)
    if column.pattern and not re.fullmatch(column.pattern, text):
        return f"text matching {column.pattern}"
    if kind in ("integer", "number"):
        return _range_problem(column, float(text), "a value")
    return None


def _range_problem(column: Column, number: float, what: str) -> str | None:
    """Return what was expected if ``number`` lies outside the column's bounds."""
    low, high = column.minimum, column.maximum
    if low is not None and number < low:
        return f"{what} of at least {low:g}" + (f" and at most {high:g}" if high is not None else "")
    if high is not None and number > high:
        return f"{what} of at most {high:g}" + (f" and at least {low:g}" if low is not None else "")
    return None


def _decode(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """Read ``path`` as UTF-8, without a byte-order mark and with LF line ends."""
    if not path.is_file():
        return None, [Problem(file, 0, "-", "", "the file to exist")]
    data = path.read_bytes()
    try:
        return plain_text(data.decode("utf-8")), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end].hex()
        return None, [Problem(file, line, "-", f"0x{bad}", "text encoded as UTF-8")]


def read_table(table: Table, path: Path, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one raw table and check each cell against its declaration.

    Parameters
    ----------
    table : Table
        The declaration.
    path : Path
        The CSV file.
    file : str
        The name to report in problems (relative to the project root).

    Returns
    -------
    frame : pandas.DataFrame
        Typed columns indexed by ``line``; cells with problems are missing.
        Empty (with the declared columns) when the file could not be read.
    problems : list of Problem
        Everything wrong with the file's structure or cells; the cells of one
        column that a spreadsheet re-typed (dates, booleans) are one problem.

    Notes
    -----
    What a spreadsheet writes is accepted where it is unambiguous: a UTF-8
    byte-order mark, CRLF line ends, ``TRUE``/``FALSE``
    (:mod:`lcstudy.spreadsheets`). The frame is then the one the plain file gives.
    """
    names = [c.name for c in table.columns]
    empty = _typed(table, {n: [] for n in names}, [])
    text, problems = _decode(path, file)
    if text is None:
        return empty, problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if not header:
        return empty, [Problem(file, 1, "-", "", "a header row: " + ",".join(names))]
    missing = [n for n in names if n not in header]
    separated = separator_problem(text.partition("\n")[0], names, file) if missing else None
    if separated is not None:
        return empty, [separated]
    extra = [h for h in header if h not in names]
    problems += [Problem(file, 1, n, "", "this column in the header") for n in missing]
    problems += [Problem(file, 1, h, h, "only the columns " + ",".join(names)) for h in extra]
    if missing or extra or len(set(header)) != len(header):
        if not (missing or extra):
            problems.append(Problem(file, 1, "-", ",".join(header), "each column once"))
        return empty, problems
    cells: dict[str, list[str | None]] = {n: [] for n in names}
    invalid: dict[str, dict[int, Problem]] = {n: {} for n in names}
    lines: list[int] = []
    line = 1
    while True:
        start = line + 1
        try:
            row = next(reader, None)
        except csv.Error:
            problems.append(_runaway_quote(file, header, text.splitlines()[start - 1], start))
            break
        if row is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(file, start, "-", ",".join(row),
                                    f"{len(header)} cells, found {len(row)}"))
            continue
        lines.append(start)
        for name, cell in zip(header, row, strict=True):
            column = table.column(name)
            expected = _cell_problem(column, cell)
            if expected is not None:
                invalid[name][len(cells[name])] = Problem(file, start, name, cell, expected)
                problems.append(invalid[name][len(cells[name])])
                cells[name].append(None)
            else:
                cells[name].append(cell if cell != "" else None)
    if not lines and not problems and not table.may_be_empty:
        problems.append(Problem(file, 2, "-", "", "at least one data row below the header"))
    problems = _retyped(table, file, cells, lines, invalid, problems)
    return _typed(table, cells, lines), problems


def _retyped(table: Table, file: str, cells: dict[str, list[str | None]], lines: list[int],
             invalid: dict[str, dict[int, Problem]], problems: list[Problem]) -> list[Problem]:
    """Replace the problems of the cells a spreadsheet re-typed by one per column.

    The re-typed cells are filled into ``cells`` (in place: it is this
    module's own working list) with the values they stand for.
    """
    kept = list(problems)
    for name, found in invalid.items():
        column = table.column(name)
        if not found or column.type not in ("date", "partial_date", "boolean"):
            continue
        retyped = spreadsheet_forms(column.type, {p: q.value for p, q in found.items()},
                                    dict(enumerate(lines)), file, name, _EXPECTED[column.type])
        if retyped is None:
            continue
        for position, value in retyped.values.items():
            kept.remove(found[position])
            cells[name][position] = value
        kept.append(retyped.problem)
    return kept


def _runaway_quote(file: str, header: list[str], text: str, line: int) -> Problem:
    """The problem of a quote opened on ``line`` and never closed."""
    cells = next(csv.reader([text]))
    column = header[min(len(cells), len(header)) - 1]
    return Problem(file, line, column, cells[-1],
                   "a closing quote: the quoted cell runs on to the end of the file")


def _typed(table: Table, cells: dict[str, list[str | None]], lines: list[int]) -> pd.DataFrame:
    """Build the typed frame of checked cells."""
    columns = {}
    for column in table.columns:
        values: list[Any] = list(cells[column.name])
        if column.type == "boolean":
            values = [None if v is None else BOOLEANS[v.lower()] for v in values]
        elif column.type in ("integer", "number"):
            values = [None if v is None else float(v) for v in values]
        series = pd.Series(values, dtype="object")
        columns[column.name] = series.astype(_DTYPES[column.type])
    frame = pd.DataFrame(columns)
    frame.index = pd.Index(lines, name="line", dtype="int64")
    return frame


def load_evidence(paths: ProjectPaths) -> tuple[Evidence, list[Problem]]:
    """Load every raw table of a project.

    Parameters
    ----------
    paths : ProjectPaths
        The project to read.

    Returns
    -------
    evidence : Evidence
        The typed tables (rows or cells with problems left out or missing).
    problems : list of Problem
        Structural and cell problems of every file.

    See Also
    --------
    lcstudy.validate.validate : adds the checks across rows and tables.
    """
    frames, problems = {}, []
    for table in RAW_TABLES:
        file = f"data/raw/{table.file_name}"
        frames[table.name], found = read_table(table, paths.raw / table.file_name, file)
        problems += found
    return Evidence(**frames), problems

