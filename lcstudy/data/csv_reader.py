"""Reading raw CSV files: each cell checked against its declared column.

:func:`read_table` parses one file (:mod:`lcstudy.data.csv_parser`) and
checks its cells (:mod:`lcstudy.data.cell_checks`) into a typed frame indexed
by ``line``, the line a text editor shows (the header is line 1), with every
problem of its structure and cells collected, not raised one at a time;
:func:`read_raw_tables` reads every table of a project.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lcstudy.config import ProjectPaths, raw_file
from lcstudy.data.cell_checks import (
    DTYPES,
    Coded,
    check_column,
    decimal_commas_once,
    retyped_columns,
    shown,
    typed_frame,
)
from lcstudy.data.columns import Table
from lcstudy.data.csv_parser import parse_csv
from lcstudy.data.schema import RAW_TABLES
from lcstudy.errors import Problem

__all__ = ["read_raw_tables", "read_table"]


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
    (:mod:`lcstudy.data.spreadsheets`). The frame is then the one the plain file gives.
    """
    frame, problems, _ = _read(table, path, file)
    return frame, problems


def _read(table: Table, path: Path,
          file: str) -> tuple[pd.DataFrame, list[Problem], dict[str, Coded]]:
    """:func:`read_table`, and the codes of its text columns (:meth:`lcstudy.data.evidence.Evidence.codes`)."""
    names = [c.name for c in table.columns]
    empty = typed_frame(table, {n: _NO_TEXTS for n in names}, [])
    if path.is_dir():
        return empty, [Problem(file, 0, "-", "", "a file, not a folder")], {}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return empty, [Problem(file, 0, "-", "", "the file to exist")], {}
    except OSError as error:  # no permission, an I/O error: named, never a traceback
        return empty, [Problem(file, 0, "-", "", f"a readable file ({error.strerror})")], {}
    read = parse_csv(data, names, file)
    del data
    if isinstance(read, list):
        return empty, read, {}
    header, parsed = read
    columns, lines, problems = parsed
    cells: dict[str, Coded] = {}
    invalid: dict[str, dict[int, Problem]] = {n: {} for n in names}
    found: list[tuple[int, int, Problem]] = []
    for position, name in enumerate(header):
        cells[name], bad = check_column(table.column(name), *columns[position])
        columns[position] = _NO_TEXTS  # drop the parsed texts: the checked ones are kept
        for row, (value, expected) in bad.items():
            invalid[name][row] = Problem(file, lines[row], name, shown(value), expected)
            found.append((lines[row], position, invalid[name][row]))
    # In file order, as a reader goes through the file: by line, then column.
    found += [(p.line, -1, p) for p in problems]
    problems = [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]
    if not lines and not problems and not table.may_be_empty:
        problems.append(Problem(file, 2, "-", "", "at least one data row below the header"))
    problems, retyped = retyped_columns(table, file, cells, lines, invalid, problems)
    texts = [c.name for c in table.columns if DTYPES[c.type] == "string" and c.name not in retyped]
    return typed_frame(table, cells, lines), problems, {n: _factorized(*cells[n]) for n in texts}


def _factorized(codes: np.ndarray, texts: np.ndarray) -> Coded:
    """A text column's codes as :func:`pandas.factorize` gives them for its frame column.

    ``texts`` are distinct but for ``None`` (empty and bad cells), in the
    order their rows first appear, as the readers number them; -1 for ``None``.
    """
    known = np.array([t is not None for t in texts], dtype=bool)
    return np.where(known, np.cumsum(known) - 1, -1)[codes], texts[known]


_NO_TEXTS: Coded = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=object))


def read_raw_tables(paths: ProjectPaths
                    ) -> tuple[dict[str, pd.DataFrame], list[Problem], dict[tuple[str, str], Coded]]:
    """Read every raw table of a project (:data:`lcstudy.data.schema.RAW_TABLES`).

    Parameters
    ----------
    paths : ProjectPaths
        The project to read.

    Returns
    -------
    frames : dict of str to pandas.DataFrame
        Each table's typed frame, by table name (as :func:`read_table` gives it).
    problems : list of Problem
        Structural and cell problems of every file, decimal commas one per column.
    codes : dict of (str, str) to Coded
        The codes of each table's text columns, by (table, column).
    """
    frames, problems = {}, []
    codes: dict[tuple[str, str], Coded] = {}
    for table in RAW_TABLES:
        file = raw_file(table.file_name)
        frames[table.name], found, coded = _read(table, paths.raw / table.file_name, file)
        problems += found
        codes |= {(table.name, column): c for column, c in coded.items()}
    return frames, decimal_commas_once(problems), codes
