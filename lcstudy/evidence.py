"""Read the raw CSV tables into typed DataFrames, checking every cell.

Each loaded frame is indexed by ``line``: the line of the CSV file the row
came from, as a text editor numbers it (the header is line 1). Problems are
collected, not raised one at a time, so a user sees all of them in one run.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lcstudy.config import ProjectPaths, raw_file
from lcstudy.dates import parse_partial_date
from lcstudy.errors import Problem
from lcstudy.schema import RAW_TABLES, Column, Table
from lcstudy.spreadsheets import BOOLEANS, plain_text, separator_problem, spreadsheet_forms

__all__ = ["FIELD_LIMIT", "INTEGER_DIGITS", "Evidence", "StudyCities", "load_evidence", "read_table"]

#: The longest valid cell, in characters (1 MiB; csv's own limit, 131,072, would make a
#: longer cell an error of the whole file): far above any note. A longer cell is a
#: problem naming its file, line and column, showing its first characters.
FIELD_LIMIT = 1 << 20
#: The characters of a cell a problem shows.
SHOWN = 1000
#: :mod:`csv`'s field limit while a file is read: the file is in memory already, and
#: a cell longer than :data:`FIELD_LIMIT` is a problem of its column, not of the file.
_NO_LIMIT = 2**31 - 1
#: The most digits of a whole number: every integer of 15 digits is exact as a float.
INTEGER_DIGITS = 15

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
#: Many cells of a column, joined by NUL: all valid ids / texts without surrounding
#: spaces (what :func:`_cell_problem` accepts of a column without allowed values or pattern).
_JOINED_VALID = {
    "id": re.compile(r"(?:[a-z0-9][a-z0-9_-]*\x00)*"),
    "text": re.compile(r"(?:[^\s\x00](?:[^\x00]*[^\s\x00])?\x00)*"),
}
#: Below this many distinct texts, checking them one by one is as fast.
_JOIN_FROM = 64
#: Rows parsed at a time by :func:`_plain_rows`.
_CHUNK = 50_000
#: Bytes scanned for quotes at a time by :func:`_quotes_close_cells`.
_SCAN = 1 << 24
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


class StudyCities(list[str]):
    """The study cities' ids in ``places.csv`` order, with their colour numbers.

    A plain list of ids, so every function taking the study cities takes it;
    ``colour_numbers`` holds the ``places.colour`` of the cities that give one,
    which :func:`lcstudy.figures.city_colours` follows.

    Examples
    --------
    >>> cities = StudyCities(["a", "b"], {"b": 1})
    >>> cities, cities.colour_numbers
    (['a', 'b'], {'b': 1})
    """

    def __init__(self, cities: Iterable[str] = (), colour_numbers: Mapping[str, int] | None = None
                 ) -> None:
        super().__init__(cities)
        self.colour_numbers: dict[str, int] = dict(colour_numbers or {})


@dataclass(frozen=True)
class Evidence:
    """The raw tables of one project, loaded and cell-checked.

    Attributes
    ----------
    sources, places, population, indicators, facts, award_winners : pandas.DataFrame
        One frame per table of :data:`lcstudy.schema.RAW_TABLES`, indexed by line.
    kflc, complete_lists, list_entries, population_definitions, searches : pandas.DataFrame
        The framework, the complete lists, the population definitions and the
        searches of reference works (empty when not given, as in hand-made
        test evidence).
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
    population_definitions: pd.DataFrame = field(default_factory=pd.DataFrame)
    searches: pd.DataFrame = field(default_factory=pd.DataFrame)
    _codes: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame:
        """Return the frame of the table called ``name``."""
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def codes(self, table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """One column as :func:`pandas.factorize` gives it, computed once.

        The checks across rows read the same columns many times; the frames
        are never changed once loaded (:func:`load_evidence` gives the codes
        of the text columns the readers found).

        Returns
        -------
        codes : numpy.ndarray
            Per row, the position of its value in ``distinct``; -1 where missing.
        distinct : numpy.ndarray
            The distinct values (object array), in the order they first appear.
        """
        key = (table, column)
        if key not in self._codes:
            cells = self.table(table)[column]
            # a text column through its objects (pd.NA missing): the same codes, found faster
            codes, distinct = pd.factorize(np.asarray(cells.array)
                                           if cells.dtype == "string" else cells)
            self._codes[key] = codes, np.asarray(distinct, dtype=object)
        return self._codes[key]

    @property
    def study_cities(self) -> StudyCities:
        """The compared cities: ``study_city`` true in ``places.csv``, in file order.

        The one answer to "which are the study cities" that every table,
        figure and check of the package follows. The list carries each city's
        ``colour`` number (:func:`lcstudy.figures.city_colours`).
        """
        chosen = self.places["study_city"].fillna(False).astype(bool)
        rows = self.places.loc[chosen]
        colours = rows["colour"] if "colour" in rows else pd.Series(pd.NA, index=rows.index)
        numbers = {p: int(n) for p, n in zip(rows["place_id"], colours, strict=True)
                   if pd.notna(n)}
        return StudyCities(rows["place_id"].tolist(), numbers)

    @property
    def counts_as(self) -> dict[str, str]:
        """Whom each population definition counts (``population_definitions.counts_as``).

        Per-capita values are compared only between definitions with the same
        ``counts_as`` that is not :data:`lcstudy.schema.NOT_STATED`
        (:func:`lcstudy.comparability.knowledge`).
        """
        table = self.population_definitions
        if table.empty:
            return {}
        return dict(zip(table["definition_id"], table["counts_as"], strict=True))

    @property
    def place_names(self) -> pd.Series:
        """English name of every place, indexed by ``place_id``."""
        return self.places.set_index("place_id")["name_en"]


def _cell_problem(column: Column, text: str) -> str | None:
    """Return what was expected if ``text`` is not a valid cell of ``column``."""
    if len(text) > FIELD_LIMIT:
        return f"a cell of at most {FIELD_LIMIT:,} characters (this one has {len(text):,})"
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
        return _size_problem(kind, text) or _range_problem(column, float(text), "a value")
    return None


def _size_problem(kind: str, text: str) -> str | None:
    """Return what was expected if a well-formed number is too large to compute with."""
    if kind == "integer" and len(text.lstrip("-").lstrip("0")) > INTEGER_DIGITS:
        return f"a whole number of at most {INTEGER_DIGITS} digits"
    if kind == "number" and not math.isfinite(float(text)):
        return "a finite number (this one is beyond 1.8e308, infinite to a computer)"
    return None


def _range_problem(column: Column, number: float, what: str) -> str | None:
    """Return what was expected if ``number`` lies outside the column's bounds."""
    low, high = column.minimum, column.maximum
    if low is not None and number < low:
        return f"{what} of at least {low:g}" + (f" and at most {high:g}" if high is not None else "")
    if high is not None and number > high:
        return f"{what} of at most {high:g}" + (f" and at least {low:g}" if low is not None else "")
    return None


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of a decoded file, each with its ``\\n``, one at a time.

    What ``io.StringIO(text, newline="")`` gives once :func:`plain_text` has
    made every line end ``\\n``, without its copy of the text (four bytes per
    character).
    """
    return (match.group() for match in _LINE.finditer(text))


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as UTF-8 text, without a byte-order mark and with LF line ends."""
    try:
        return plain_text(data.decode("utf-8")), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end].hex()
        return None, [Problem(file, line, "-", f"0x{bad}", "text encoded as UTF-8")]


def _plain_bytes(data: bytes) -> bytes:
    """The UTF-8 of :func:`plain_text` of UTF-8 ``data``: no byte-order mark, LF line ends."""
    data = data.removeprefix("\ufeff".encode("utf-8"))
    if b"\r" not in data:
        return data
    data = data.replace(b"\r\n", b"\n")
    first = data.find(b"\n")
    return data.replace(b"\r", b"\n") if b"\r" in data[: first if first >= 0 else None] else data


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
    frame, problems, _ = _read(table, path, file)
    return frame, problems


def _read(table: Table, path: Path,
          file: str) -> tuple[pd.DataFrame, list[Problem], dict[str, _Coded]]:
    """:func:`read_table`, and the codes of its text columns (:meth:`Evidence.codes`)."""
    names = [c.name for c in table.columns]
    empty = _typed(table, {n: _NO_TEXTS for n in names}, [])
    if path.is_dir():
        return empty, [Problem(file, 0, "-", "", "a file, not a folder")], {}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return empty, [Problem(file, 0, "-", "", "the file to exist")], {}
    except OSError as error:  # no permission, an I/O error: named, never a traceback
        return empty, [Problem(file, 0, "-", "", f"a readable file ({error.strerror})")], {}
    with _field_limit():
        read = _parse(data, names, file)
    del data
    if isinstance(read, list):
        return empty, read, {}
    header, parsed = read
    columns, lines, problems = parsed
    cells: dict[str, _Coded] = {}
    invalid: dict[str, dict[int, Problem]] = {n: {} for n in names}
    found: list[tuple[int, int, Problem]] = []
    for position, name in enumerate(header):
        cells[name], bad = _check_column(table.column(name), *columns[position])
        columns[position] = _NO_TEXTS  # drop the parsed texts: the checked ones are kept
        for row, (value, expected) in bad.items():
            invalid[name][row] = Problem(file, lines[row], name, _shown(value), expected)
            found.append((lines[row], position, invalid[name][row]))
    # In file order, as a reader goes through the file: by line, then column.
    found += [(p.line, -1, p) for p in problems]
    problems = [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]
    if not lines and not problems and not table.may_be_empty:
        problems.append(Problem(file, 2, "-", "", "at least one data row below the header"))
    problems, retyped = _retyped(table, file, cells, lines, invalid, problems)
    texts = [c.name for c in table.columns if _DTYPES[c.type] == "string" and c.name not in retyped]
    return _typed(table, cells, lines), problems, {n: _factorized(*cells[n]) for n in texts}


def _shown(value: str) -> str:
    """A cell as a problem shows it: its first :data:`SHOWN` characters if longer."""
    return value if len(value) <= SHOWN else f"{value[:SHOWN]}... ({len(value):,} characters)"


@contextmanager
def _field_limit() -> Iterator[None]:
    """Let :mod:`csv` read cells of any length meanwhile (:data:`FIELD_LIMIT` is checked after)."""
    previous = csv.field_size_limit(_NO_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _factorized(codes: np.ndarray, texts: np.ndarray) -> _Coded:
    """A text column's codes as :func:`pandas.factorize` gives them for its frame column.

    ``texts`` are distinct but for ``None`` (empty and bad cells), in the
    order their rows first appear, as the readers number them; -1 for ``None``.
    """
    known = np.array([t is not None for t in texts], dtype=bool)
    return np.where(known, np.cumsum(known) - 1, -1)[codes], texts[known]


#: A column as the codes of its rows and its distinct texts (:func:`pandas.factorize`).
_Coded = tuple[np.ndarray, np.ndarray]
_NO_TEXTS: _Coded = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=object))
#: A file's columns, the line of each row and the problems of its structure.
_Parsed = tuple[list[_Coded], list[int], list[Problem]]


def _parse(data: bytes, names: list[str], file: str) -> tuple[list[str], _Parsed] | list[Problem]:
    """The header and rows of a file, or the problems that leave it unread.

    A plain file whose first line is the declared columns (:func:`_plain_header`)
    is read by pandas' C parser (:func:`_c_parsed_rows`), never decoded
    whole: the parser decodes every cell, strictly. Any other file is
    decoded and read by :func:`csv.reader`: its header checked, then its
    rows by :func:`_plain_rows`, or :func:`_rows_one_by_one` if a row is not plain.
    """
    plain = _plain_bytes(data)
    header = _plain_header(plain, names)
    parsed = _c_parsed_rows(plain, header) if header is not None else None
    if header is not None and parsed is not None:
        return header, parsed
    del plain
    text, problems = _decode(data, file)
    del data  # only the text is read below
    if text is None:
        return problems
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if not header:
        return [Problem(file, 1, "-", "", "a header row: " + ",".join(names))]
    missing = [n for n in names if n not in header]
    separated = separator_problem(text.partition("\n")[0], names, file) if missing else None
    if separated is not None:
        return [separated]
    extra = [h for h in header if h not in names]
    problems += [Problem(file, 1, n, "", "this column in the header") for n in missing]
    problems += [Problem(file, 1, h if _names_a_column(h) else "-", h,
                         "only the columns " + ",".join(names)) for h in extra]
    if missing or extra or len(set(header)) != len(header):
        if not (missing or extra):
            problems.append(Problem(file, 1, "-", ",".join(header), "each column once"))
        return problems
    parsed = _plain_rows(text, len(header))
    return header, parsed if parsed is not None else _rows_one_by_one(text, header, file)


def _names_a_column(cell: str) -> bool:
    """Whether a header cell can stand as the column of a problem (else ``-`` does).

    Printable, no ``:`` and no surrounding spaces, so that the problem stays
    one line that reads ``file:line: column: value``.
    """
    return bool(cell) and cell.isprintable() and ":" not in cell and cell == cell.strip()


def _plain_header(data: bytes, names: list[str]) -> list[str] | None:
    """The cells of the first line, if they are the declared columns in some order."""
    end = data.find(b"\n")
    try:
        header = next(csv.reader([data[: end if end >= 0 else None].decode("utf-8")],
                                 strict=True), [])
    except (UnicodeDecodeError, csv.Error):
        return None  # not UTF-8, or a quoted cell running on to the next line
    return header if sorted(header) == sorted(names) else None


def _coded(texts: Sequence[str]) -> _Coded:
    """A column of texts as codes and distinct texts (so each text is checked once)."""
    codes, distinct = pd.factorize(np.asarray(texts, dtype=object))
    return codes, np.asarray(distinct, dtype=object)


def _c_parsed_rows(data: bytes, header: list[str]) -> _Parsed | None:
    """The columns and lines of a plainly well-formed file, read by pandas' C parser.

    ``data`` is the file without a byte-order mark and with LF line ends,
    ``header`` the cells of its first line. ``None`` unless the file is
    UTF-8 and its own characters prove the C parser reads the cells
    :func:`csv.reader` (``strict=True``) reads, and the rows
    :func:`_plain_rows` reads: every quote opens, escapes or closes a quoted
    cell (:func:`_quotes_close_cells`), no NUL, no cell longer than
    :func:`csv.field_size_limit`, and the commas and line breaks outside
    the cells are exactly those of the header and rows of ``len(header)``
    cells each (the C parser fills a short row and raises on a long one),
    none blank. Then the cells are the same, and so are the lines.
    """
    if b"\x00" in data or not _quotes_close_cells(data):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(data), header=None, dtype=object, na_filter=False,
                            skip_blank_lines=False, engine="c", encoding="utf-8",
                            encoding_errors="strict")
    except (pd.errors.ParserError, UnicodeDecodeError):
        return None  # a row of more cells than the header, a runaway quote, not UTF-8
    if frame.shape[1] != len(header) or frame.iloc[0].tolist() != header:
        return None
    columns = [_coded(frame[position].to_numpy(dtype=object)[1:])
               for position in range(len(header))]
    del frame
    limit = csv.field_size_limit()
    if any(len(distinct) and max(map(len, distinct)) > limit for _, distinct in columns):
        return None  # csv.reader refuses such a cell
    rows = len(columns[0][0]) + 1  # with the header
    commas = sum(name.count(",") for name in header) + sum(
        _inside(codes, distinct, ",").sum() for codes, distinct in columns)
    breaks = sum((_inside(codes, distinct, "\n") for codes, distinct in columns),
                 np.zeros(rows - 1, dtype=np.int64))
    ends = data.count(b"\n") - int(breaks.sum())
    if data.count(b",") - commas != rows * (len(header) - 1) \
            or ends != rows - (not data.endswith(b"\n")):
        return None
    lines = _plain_lines(columns, breaks)
    return None if lines is None else (columns, lines, [])


def _quotes_close_cells(data: bytes) -> bool:
    """Whether every ``"`` of ``data`` opens, escapes or closes a quoted cell.

    Then a character is inside quotes exactly when an odd number of quotes
    comes before it (a doubled quote stands for one): a run of quotes met
    outside quotes starts a cell (follows a comma, a line break or the start
    of the file), one that leaves the text outside quotes ends a cell (is
    followed by a comma, a line break or the end), and the quotes are even
    in number. ``"a"b`` (an error to :func:`csv.reader`), ``a"b`` (text to
    both parsers, but it breaks the count) and a quote never closed fail.
    """
    if b'"' not in data:
        return True
    view = np.frombuffer(data, dtype=np.uint8)
    quotes = np.concatenate([np.flatnonzero(view[start : start + _SCAN] == ord('"')) + start
                             for start in range(0, len(view), _SCAN)])
    if len(quotes) % 2:
        return False
    first = np.flatnonzero(np.diff(quotes, prepend=-2) != 1)  # runs of quotes
    last = np.append(first[1:], len(quotes)) - 1
    before = quotes[first[first % 2 == 0]] - 1  # runs starting outside quotes
    after = quotes[last[last % 2 == 1]] + 1  # runs ending outside quotes
    bounds = np.array([ord(","), ord("\n")], dtype=np.uint8)
    return bool(np.isin(view[before[before >= 0]], bounds).all()
                and np.isin(view[after[after < len(view)]], bounds).all())


def _inside(codes: np.ndarray, distinct: np.ndarray, character: str) -> np.ndarray:
    """How often ``character`` occurs in each row's cell of one column."""
    if character not in "\x00".join(distinct.tolist()):
        return np.zeros(len(codes), dtype=np.int64)
    return np.array([t.count(character) for t in distinct], dtype=np.int64)[codes]


def _plain_lines(columns: list[_Coded], breaks: np.ndarray) -> list[int] | None:
    """Each row's line, from the line breaks inside the cells above it; ``None`` for a blank row.

    Columns with fewer distinct texts are looked at first: a row with one
    non-blank cell is not blank.
    """
    blank = np.ones(len(breaks), dtype=bool)
    for codes, distinct in sorted(columns, key=lambda column: len(column[1])):
        if not blank.any():
            break
        blank &= np.array([not t.strip() for t in distinct], dtype=bool)[codes]
    if blank.any():
        return None  # blank rows are skipped, one by one
    before = np.concatenate([[0], np.cumsum(breaks)[:-1]]) if len(breaks) else breaks
    return (2 + np.arange(len(breaks)) + before).tolist()


def _plain_rows(text: str, width: int) -> _Parsed | None:
    """The columns and lines of a file whose rows are all plain data rows, read at once.

    What :func:`_c_parsed_rows` cannot prove it reads the same (a quote
    inside an unquoted cell, ``a"b``) is read here by :func:`csv.reader`.
    ``None`` when a row is not a plain data row: of another length, blank,
    or not CSV (a runaway quote); :func:`_rows_one_by_one` then reads the
    file. Rows are read :data:`_CHUNK` at a time and only one object per
    distinct text is kept, so memory holds the distinct texts, not every cell.
    """
    reader = csv.reader(_lines(text), strict=True)
    found: list[dict[str, int]] = [{} for _ in range(width)]
    codes: list[list[np.ndarray]] = [[] for _ in range(width)]
    try:
        next(reader)
        if reader.line_num != 1:
            return None  # a header over several lines: line numbers as the reader counts
        while rows := list(itertools.islice(reader, _CHUNK)):
            if any(len(row) != width for row in rows):
                return None
            for position, texts in enumerate(zip(*rows, strict=True)):
                local, distinct = pd.factorize(np.asarray(texts, dtype=object))
                index = found[position]
                ids = np.array([index.setdefault(t, len(index)) for t in distinct], dtype=np.intp)
                codes[position].append(ids[local])
    except csv.Error:
        return None
    columns = [(np.concatenate(c) if c else np.zeros(0, dtype=np.intp),
                np.array(list(f), dtype=object)) for c, f in zip(codes, found, strict=True)]
    breaks = np.zeros(len(columns[0][0]), dtype=np.int64)
    for column_codes, distinct in columns:
        breaks += np.array([t.count("\n") for t in distinct], dtype=np.int64)[column_codes]
    lines = _plain_lines(columns, breaks)
    return None if lines is None else (columns, lines, [])


def _rows_one_by_one(text: str, header: list[str], file: str) -> _Parsed:
    """The columns, lines and structural problems of a file, read row by row.

    Blank rows are skipped; a row of the wrong length and a runaway quote
    are problems.
    """
    reader = csv.reader(_lines(text), strict=True)
    next(reader)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    line = 1
    while True:
        start = line + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            problems.append(_unreadable(file, header, text, start, error))
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
        rows.append(row)
    columns = [_coded([row[position] for row in rows]) for position in range(len(header))]
    return columns, lines, problems


def _check_column(column: Column, codes: np.ndarray,
                  distinct: np.ndarray) -> tuple[_Coded, dict[int, tuple[str, str]]]:
    """Check one column's cells (as :func:`_coded` gives them), each distinct text once.

    Returns
    -------
    cells : (numpy.ndarray, numpy.ndarray)
        The same codes, and the distinct texts with ``None`` for empty and bad ones.
    bad : dict of int to (str, str)
        Row position to the bad cell's text and what was expected, in row order.
    """
    expected = np.full(len(distinct), None, dtype=object)
    unsure = np.flatnonzero(~_surely_valid(column, distinct))
    expected[unsure] = [_cell_problem(column, t) for t in distinct[unsure]]
    wrong = expected != None  # noqa: E711 (element-wise)
    kept = distinct.copy()
    kept[wrong | (distinct == "")] = None
    bad: dict[int, tuple[str, str]] = {}
    if wrong.any():
        rows = np.flatnonzero(wrong[codes])
        bad = {int(r): (distinct[codes[r]], expected[codes[r]]) for r in rows}
    return (codes, kept), bad


def _surely_valid(column: Column, distinct: np.ndarray) -> np.ndarray:
    """Texts :func:`_cell_problem` certainly accepts (the others are checked one by one).

    Only the common case of large columns, ids and free text: all their
    non-empty texts checked by one regular expression over the joined texts.
    """
    valid = np.zeros(len(distinct), dtype=bool)
    pattern = _JOINED_VALID.get(column.type)
    if len(distinct) < _JOIN_FROM or pattern is None or column.allowed or column.pattern:
        return valid
    filled = np.flatnonzero(distinct != "")
    joined = "\x00".join(distinct[filled].tolist()) + "\x00"
    if joined.count("\x00") == len(filled) and pattern.fullmatch(joined):
        valid[filled] = np.fromiter(map(len, distinct[filled]), dtype=np.int64,
                                    count=len(filled)) <= FIELD_LIMIT
    return valid


def _retyped(table: Table, file: str, cells: dict[str, _Coded], lines: list[int],
             invalid: dict[str, dict[int, Problem]],
             problems: list[Problem]) -> tuple[list[Problem], set[str]]:
    """Replace the problems of the cells a spreadsheet re-typed by one per column.

    The re-typed cells are filled into ``cells`` (in place: it is this
    module's own working dict) with the values they stand for. Returns the
    problems and the names of the columns with re-typed cells.
    """
    kept = list(problems)
    retyped_columns = set()
    for name, found in invalid.items():
        column = table.column(name)
        if not found or column.type not in ("date", "partial_date", "boolean"):
            continue
        retyped = spreadsheet_forms(column.type, {p: q.value for p, q in found.items()},
                                    dict(enumerate(lines)), file, name, _EXPECTED[column.type])
        if retyped is None:
            continue
        codes, texts = cells[name]
        codes = codes.copy()
        for position, value in retyped.values.items():
            kept.remove(found[position])
            codes[position] = len(texts)
            texts = np.append(texts, np.array([value], dtype=object))
        cells[name] = codes, texts
        kept.append(retyped.problem)
        retyped_columns.add(name)
    return kept, retyped_columns


def _line(text: str, number: int) -> str:
    """Line ``number`` of a text with LF line ends (``str.splitlines`` also breaks at CR,
    form feeds and more, which would misnumber the lines)."""
    return next(itertools.islice(_lines(text), number - 1, None), "").removesuffix("\n")


def _unreadable(file: str, header: list[str], whole: str, line: int,
                error: csv.Error) -> Problem:
    """The problem of the row starting on ``line`` that :func:`csv.reader` refuses.

    A carriage return outside quotes (in a file whose lines end otherwise,
    see :func:`lcstudy.spreadsheets.plain_text`), else a runaway quote.
    """
    text = _line(whole, line)
    if "new-line character" in str(error) and "\r" in text:
        cells = next(csv.reader([text.partition("\r")[0]]), [""])
        column = header[min(len(cells), len(header)) - 1]
        return Problem(file, line, column, cells[-1] + "\r",
                       "no carriage return (CR) outside quotes: this file's lines end with LF, "
                       "so a CR is no line end; quote the cell, or remove the CR")
    return _runaway_quote(file, header, text, line)


def _runaway_quote(file: str, header: list[str], text: str, line: int) -> Problem:
    """The problem of a quote opened on ``line`` and never closed."""
    cells = next(csv.reader([text]))
    column = header[min(len(cells), len(header)) - 1]
    return Problem(file, line, column, cells[-1],
                   "a closing quote: the quoted cell runs on to the end of the file")


def _typed(table: Table, cells: dict[str, _Coded], lines: list[int]) -> pd.DataFrame:
    """Build the typed frame of checked cells (each distinct text converted once)."""
    columns = {}
    for column in table.columns:
        codes, texts = cells[column.name]
        dtype = _DTYPES[column.type]
        if column.type == "boolean":
            known = _per_text(texts, lambda t: True, False, bool)[codes]
            flags = _per_text(texts, lambda t: BOOLEANS[t.lower()], False, bool)[codes]
            columns[column.name] = pd.arrays.BooleanArray(flags, ~known)
        elif column.type == "number":  # NaN only where missing: no accepted text reads as NaN
            columns[column.name] = pd.array(_per_text(texts, float, np.nan, float)[codes],
                                            dtype=dtype)
        elif column.type == "integer":  # from Python floats and None, as ever
            columns[column.name] = pd.array(_per_text(texts, float, None, object)[codes],
                                            dtype=dtype)
        else:
            columns[column.name] = pd.array(texts, dtype=dtype).take(codes)
    return pd.DataFrame(columns, index=pd.Index(lines, name="line", dtype="int64"), copy=False)


def _per_text(texts: np.ndarray, convert: Any, missing: Any, kind: type) -> np.ndarray:
    """``convert`` of each distinct text, ``missing`` for ``None``."""
    return np.array([missing if t is None else convert(t) for t in texts], dtype=kind)


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
    codes: dict[tuple[str, str], _Coded] = {}
    for table in RAW_TABLES:
        file = raw_file(table.file_name)
        frames[table.name], found, coded = _read(table, paths.raw / table.file_name, file)
        problems += found
        codes |= {(table.name, column): c for column, c in coded.items()}
    evidence = Evidence(**frames)
    evidence._codes.update(codes)  # the readers' codes of the text columns, as codes() finds
    return evidence, _decimal_commas_once(problems)


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _decimal_commas_once(problems: list[Problem]) -> list[Problem]:
    """One problem per column whose numbers have decimal commas, naming every line.

    A spreadsheet set to a decimal-comma language writes ``3,5`` in every
    number it saves: one message per column says so, at the first such cell,
    instead of one per cell.
    """
    expected = _EXPECTED["number"]
    lines: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        if problem.expected == expected and _DECIMAL_COMMA.fullmatch(problem.value):
            lines.setdefault((problem.file, problem.column), []).append(problem)
    if not lines:
        return problems
    merged = {id(cells[0]): replace(cells[0], expected=(
        f"{expected}: this column has decimal commas, as a spreadsheet set to a "
        f"decimal-comma language saves numbers (line{'s' if len(cells) > 1 else ''} "
        f"{', '.join(str(c.line) for c in cells)}); save it with '.' as the decimal separator"))
        for cells in lines.values()}
    dropped = {id(c) for cells in lines.values() for c in cells[1:]}
    return [merged.get(id(p), p) for p in problems if id(p) not in dropped]

