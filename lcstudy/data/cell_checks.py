"""Each cell of a raw table checked against its declared column, and the columns typed.

A column declares its type, allowed values, pattern and range
(:class:`lcstudy.data.columns.Column`); :func:`check_column` checks every cell of a
column, each distinct text once, naming what was expected; :func:`retyped_columns`
turns the cells a spreadsheet re-typed (dates, booleans) into one problem per
column; :func:`typed_frame` gives the typed frame (:data:`DTYPES`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from lcstudy.data.columns import Column, Table
from lcstudy.data.spreadsheets import BOOLEANS, spreadsheet_forms
from lcstudy.dates import parse_partial_date
from lcstudy.errors import Problem

__all__ = ["FIELD_LIMIT", "SHOWN", "INTEGER_DIGITS", "DTYPES", "shown", "Coded", "as_coded",
           "check_column", "retyped_columns", "typed_frame", "decimal_commas_once"]


#: The longest valid cell, in characters (1 MiB; csv's own limit, 131,072, would make a
#: longer cell an error of the whole file): far above any note. A longer cell is a
#: problem naming its file, line and column, showing its first characters.
FIELD_LIMIT = 1 << 20


#: The characters of a cell a problem shows.
SHOWN = 1000


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


DTYPES = {
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


def shown(value: str) -> str:
    """A cell as a problem shows it: its first :data:`SHOWN` characters if longer."""
    return value if len(value) <= SHOWN else f"{value[:SHOWN]}... ({len(value):,} characters)"


#: A column as the codes of its rows and its distinct texts (:func:`pandas.factorize`).
Coded = tuple[np.ndarray, np.ndarray]


def as_coded(texts: Sequence[str]) -> Coded:
    """A column of texts as codes and distinct texts (so each text is checked once)."""
    codes, distinct = pd.factorize(np.asarray(texts, dtype=object))
    return codes, np.asarray(distinct, dtype=object)


def check_column(column: Column, codes: np.ndarray,
                  distinct: np.ndarray) -> tuple[Coded, dict[int, tuple[str, str]]]:
    """Check one column's cells (as :func:`as_coded` gives them), each distinct text once.

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


def retyped_columns(table: Table, file: str, cells: dict[str, Coded], lines: list[int],
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


def typed_frame(table: Table, cells: dict[str, Coded], lines: list[int]) -> pd.DataFrame:
    """Build the typed frame of checked cells (each distinct text converted once)."""
    columns = {}
    for column in table.columns:
        codes, texts = cells[column.name]
        dtype = DTYPES[column.type]
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


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def decimal_commas_once(problems: list[Problem]) -> list[Problem]:
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
