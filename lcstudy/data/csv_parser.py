"""The structure of a CSV file: its header, its rows as coded columns, and each row's line.

:func:`parse_csv` reads a file's bytes into one coded column per header cell
and the line a text editor shows for each row (the header is line 1),
with the problems of its structure (encoding, header, row lengths, quotes)
collected, not raised. What a spreadsheet writes is accepted where it is
unambiguous (:mod:`lcstudy.data.spreadsheets`). A plain file is read by
pandas' C parser, any other by :func:`csv.reader` (``strict=True``); both
give the same cells and lines. :mod:`lcstudy.data.csv_reader` then checks
the cells against their columns.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

from lcstudy.data.cell_checks import Coded, as_coded
from lcstudy.data.spreadsheets import plain_text, separator_problem
from lcstudy.errors import Problem

__all__ = ["Parsed", "parse_csv"]


#: :mod:`csv`'s field limit while a file is read: the file is in memory already, and
#: a cell longer than :data:`lcstudy.data.cell_checks.FIELD_LIMIT` is a problem of its column, not of the file.
_NO_LIMIT = 2**31 - 1


#: Rows parsed at a time by :func:`_plain_rows`.
_CHUNK = 50_000


#: Bytes scanned for quotes at a time by :func:`_quotes_close_cells`.
_SCAN = 1 << 24


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


#: A file's columns, the line of each row and the problems of its structure.
Parsed = tuple[list[Coded], list[int], list[Problem]]


@contextmanager
def _field_limit() -> Iterator[None]:
    """Let :mod:`csv` read cells of any length meanwhile (:data:`lcstudy.data.cell_checks.FIELD_LIMIT` is checked after)."""
    previous = csv.field_size_limit(_NO_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def parse_csv(data: bytes, names: list[str], file: str) -> tuple[list[str], Parsed] | list[Problem]:
    """Parse a CSV file's bytes into its header and coded columns.

    Parameters
    ----------
    data : bytes
        The whole file.
    names : list of str
        The declared columns, in any order in the file.
    file : str
        The name to report in problems.

    Returns
    -------
    tuple of (list of str, Parsed), or list of Problem
        The header and the file's columns (one per header cell), the line of
        each row and the problems of single rows (a row of the wrong length,
        a runaway quote); or, for a file that cannot be read at all (not
        UTF-8, a wrong header), its problems. Cells of any length are read:
        a cell's length is its column's check.
    """
    with _field_limit():
        return _parse(data, names, file)


def _parse(data: bytes, names: list[str], file: str) -> tuple[list[str], Parsed] | list[Problem]:
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


def _c_parsed_rows(data: bytes, header: list[str]) -> Parsed | None:
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
    columns = [as_coded(frame[position].to_numpy(dtype=object)[1:])
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


def _plain_lines(columns: list[Coded], breaks: np.ndarray) -> list[int] | None:
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


def _plain_rows(text: str, width: int) -> Parsed | None:
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


def _rows_one_by_one(text: str, header: list[str], file: str) -> Parsed:
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
    columns = [as_coded([row[position] for row in rows]) for position in range(len(header))]
    return columns, lines, problems


def _line(text: str, number: int) -> str:
    """Line ``number`` of a text with LF line ends (``str.splitlines`` also breaks at CR,
    form feeds and more, which would misnumber the lines)."""
    return next(itertools.islice(_lines(text), number - 1, None), "").removesuffix("\n")


def _unreadable(file: str, header: list[str], whole: str, line: int,
                error: csv.Error) -> Problem:
    """The problem of the row starting on ``line`` that :func:`csv.reader` refuses.

    A carriage return outside quotes (in a file whose lines end otherwise,
    see :func:`lcstudy.data.spreadsheets.plain_text`), else a runaway quote.
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


