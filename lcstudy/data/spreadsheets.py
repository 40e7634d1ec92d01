"""What a spreadsheet program does to a CSV file it opens and saves, recognised.

Excel, LibreOffice and Numbers change a CSV file in a few predictable ways.
Each is either harmless and accepted, or reported once, naming what to do:

- a UTF-8 byte-order mark (Excel's "CSV UTF-8" always writes one) and CRLF
  line ends: accepted; :func:`plain_text` removes them before the file is read;
- ``TRUE``/``FALSE`` for booleans: accepted as ``true``/``false`` (see
  :data:`BOOLEANS`);
- cells separated by ``;`` or a tab (what Excel writes where the decimal
  separator is a comma): one problem for the file, :func:`separator_problem`;
- dates re-typed in the program's local form (``28.9.2015``, ``28/09/2015``,
  ``9/28/2015``, ``Sep-15``) and booleans in the local language (``TOSI``,
  ``SANT``, ``WAHR``): one problem per file and column,
  :func:`spreadsheet_forms`.

The re-typed cells are also read as the value they stand for, so that the
checks across rows and tables see the data as the user meant it and report
nothing that fixing the one problem would not fix.

The other way round, a spreadsheet program evaluates a cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (a name such as
``=HYPERLINK(...)`` runs when a researcher opens the file). Every CSV and XLSX
the project writes passes its texts through :func:`defuse` (OWASP's rule: a
leading ``'``; :func:`defused` for a whole table), and ``lcstudy validate`` warns of such raw cells.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lcstudy.errors import Problem

__all__ = ["BOOLEANS", "FORMULA_START", "GUIDE", "Retyped", "defuse", "defused", "plain_text",
           "separator_problem", "spreadsheet_forms"]

#: What a text cell may not begin with, or a spreadsheet evaluates it (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: How booleans may be written: lower case as the dictionary gives them, or in
#: any case (Excel and LibreOffice write ``TRUE``/``FALSE``, Python ``True``).
BOOLEANS = {"true": True, "false": False}

#: Where data/README.md explains how to edit the tables in a spreadsheet.
GUIDE = "see 'Editing the tables in a spreadsheet' in data/README.md"

#: Booleans as spreadsheets write them in other languages (fi, sv, de, fr, es, it, nl, pt).
_LOCAL_BOOLEANS = {
    "tosi": True, "epätosi": False, "sant": True, "falskt": False, "wahr": True,
    "falsch": False, "vrai": True, "faux": False, "verdadero": True, "falso": False,
    "vero": True, "waar": True, "onwaar": False, "verdadeiro": True,
}
_SEPARATORS = {";": "';' (semicolons)", "\t": "tabs"}
#: Day and month in either order, then the year: 28.9.2015, 28/09/2015, 9/28/2015.
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})\.?")
#: Year first with '/' or '.' (and the spaces of the Korean form): 2015/09/28, 2015. 9. 28.
_YEAR_MONTH_DAY = re.compile(r"([0-9]{4})([./]) ?([0-9]{1,2})\2 ?([0-9]{1,2})\.?")
#: A month re-typed from YYYY-MM and shown as Excel does in English: Sep-15, Oct-2021.
_MONTH_YEAR = re.compile(r"([A-Z][a-z]{2})[- ]([0-9]{2}|[0-9]{4})")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``'`` before every text (cell or column name) a spreadsheet evaluates.

    Only texts are changed: a number, even a negative one, stays a number
    (so a float column is never touched); texts that begin otherwise too.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be written as CSV or XLSX; not changed.

    Returns
    -------
    pandas.DataFrame
        A new frame where a text begins with one of :data:`FORMULA_START`,
        else ``frame`` itself.

    Examples
    --------
    >>> defused(pd.DataFrame({"@who": ['=HYPERLINK("x")', "a-b"], "n": [-1.5, 2.0]}))
                  '@who    n
    0  '=HYPERLINK("x") -1.5
    1               a-b  2.0
    """
    names = [_defused(name) for name in frame.columns]
    changed = {position: [_defused(value) for value in values]
               for position, values in enumerate(_text_columns(frame))
               if any(_risky(value) for value in values)}
    if not changed and names == list(frame.columns):
        return frame
    out = frame.set_axis(names, axis="columns")  # a new frame (copy-on-write)
    for position, values in changed.items():
        out.isetitem(position, pd.array(values, dtype=object))
    return out


def _text_columns(frame: pd.DataFrame) -> list[list[object]]:
    """The cells of each column that may hold texts (none for a numeric or date column)."""
    return [[] if pd.api.types.is_numeric_dtype(column.dtype)
            or pd.api.types.is_datetime64_any_dtype(column.dtype)
            else column.tolist() for _, column in frame.items()]


def defuse(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would evaluate it, else unchanged.

    Parameters
    ----------
    text : str
        A cell or a column name about to be written as CSV or XLSX.

    Returns
    -------
    str
        ``"'" + text`` when ``text`` begins with one of :data:`FORMULA_START`.

    Examples
    --------
    >>> defuse("=1+1"), defuse("-3"), defuse("a-b")
    ("'=1+1", "'-3", 'a-b')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def _risky(value: object) -> bool:
    """Whether a cell is a text a spreadsheet would evaluate."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _defused(value: object) -> object:
    """A cell passed through :func:`defuse` if it is a text."""
    return defuse(value) if isinstance(value, str) else value


def plain_text(text: str) -> str:
    """Remove a leading byte-order mark and turn CRLF (and lone CR) line ends into LF.

    A lone CR is a line end only in a file whose lines end so (its first
    line does, as in a file of classic Mac OS); elsewhere it is a character:
    inside a quoted cell, part of the cell (``"a\\rb"`` stays as written,
    and the lines below keep the numbers a text editor gives them); outside
    quotes, a problem of the row that holds it.

    Parameters
    ----------
    text : str
        A decoded CSV file.

    Returns
    -------
    str
        The same table as a file written with LF line ends and no mark.

    Examples
    --------
    >>> plain_text("\\ufeffa,b\\r\\n1,2\\r\\n")
    'a,b\\n1,2\\n'
    >>> plain_text('a,b\\n1,"x\\ry"\\n')
    'a,b\\n1,"x\\ry"\\n'
    """
    text = text.removeprefix("\ufeff")
    if "\r" not in text:
        return text
    text = text.replace("\r\n", "\n")
    return text.replace("\r", "\n") if _CR_LINES.match(text) else text


#: The first line of a file whose lines end with a lone CR.
_CR_LINES = re.compile(r"[^\r\n]*\r")


def separator_problem(header: str, names: list[str], file: str) -> Problem | None:
    """The problem of a header whose cells are separated by something other than commas.

    Parameters
    ----------
    header : str
        The first line of the file.
    names : list of str
        The columns the table declares.
    file : str
        The file name to report.

    Returns
    -------
    Problem or None
        One problem naming the separator and how to save the file with
        commas, when splitting the header at ``;`` or a tab (and not at
        commas) gives at least two declared column names.

    Examples
    --------
    >>> separator_problem("a;b;c", ["a", "b", "c"], "t.csv").value
    ';'
    """
    if len(set(next(csv.reader([header]), [])) & set(names)) == len(names):
        return None
    for separator, described in _SEPARATORS.items():
        cells = next(csv.reader([header], delimiter=separator), [])
        if len(set(cells) & set(names)) >= 2:
            return Problem(file, 1, "-", separator,
                           f"cells separated by ',' (commas); this file separates them by "
                           f"{described}, as a spreadsheet set to a language with decimal "
                           f"commas saves CSV: save it again as CSV with ',' as the field "
                           f"delimiter and '.' as the decimal separator ({GUIDE})")
    return None


@dataclass(frozen=True)
class Retyped:
    """The cells of one column that a spreadsheet re-typed, and what they stand for.

    Attributes
    ----------
    problem : Problem
        The one problem reported for the column (at its first such cell).
    values : dict of int to str
        For each row position in the column, the cell as the dictionary
        writes it (``2015-09-28``, ``true``), for the checks across rows.
    """

    problem: Problem
    values: dict[int, str]


def _dates(texts: dict[int, str]) -> dict[int, str]:
    """ISO forms of re-typed dates; day or month first as the column's own cells show."""
    split: dict[int, tuple[int, int, int, bool]] = {}
    for position, text in texts.items():
        if match := _YEAR_MONTH_DAY.fullmatch(text):
            split[position] = (int(match[1]), int(match[3]), int(match[4]), False)
        elif match := _DAY_MONTH_YEAR.fullmatch(text):
            split[position] = (int(match[4]), int(match[1]), int(match[3]), True)
        elif (match := _MONTH_YEAR.fullmatch(text)) and match[1] in _MONTHS:
            year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
            split[position] = (year, _MONTHS.index(match[1]) + 1, 0, False)
    swappable = [(a, b) for _, a, b, ambiguous in split.values() if ambiguous]
    month_first = any(a <= 12 < b for a, b in swappable) and not any(b <= 12 < a for a, b in swappable)
    values = {}
    for position, (year, first, second, ambiguous) in split.items():
        month, day = (first, second) if not ambiguous or month_first else (second, first)
        try:
            date(year, month, day or 1)
        except ValueError:
            continue  # not a date in any order: reported cell by cell
        values[position] = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return values


def _booleans(texts: dict[int, str]) -> dict[int, str]:
    """``true``/``false`` for booleans written in another language."""
    return {position: str(_LOCAL_BOOLEANS[text.lower()]).lower()
            for position, text in texts.items() if text.lower() in _LOCAL_BOOLEANS}


def spreadsheet_forms(kind: str, texts: dict[int, str], lines: dict[int, int],
                      file: str, column: str, expected: str) -> Retyped | None:
    """Recognise the cells of one column that a spreadsheet re-typed.

    Parameters
    ----------
    kind : str
        The column's type: ``date``, ``partial_date`` or ``boolean`` (other
        types are never re-typed into something this recognises).
    texts : dict of int to str
        The column's invalid cells, by row position.
    lines : dict of int to int
        The line of each row position, as an editor numbers it.
    file, column : str
        Where the cells are, for the problem.
    expected : str
        What the column expects, e.g. ``"a date YYYY-MM-DD"``.

    Returns
    -------
    Retyped or None
        One problem for all re-typed cells of the column, and the values
        they stand for; ``None`` when no cell was re-typed.

    Examples
    --------
    >>> found = spreadsheet_forms("date", {0: "28.9.2015"}, {0: 2}, "t.csv", "day", "a date")
    >>> found.values
    {0: '2015-09-28'}
    """
    if kind in ("date", "partial_date"):
        values = _dates(texts)
        written_as = "dates as a spreadsheet re-types them"
        fix = "format the column as Text (or type a ' before the date) and write them as the " \
              "dictionary does"
    elif kind == "boolean":
        values = _booleans(texts)
        written_as = "booleans in a spreadsheet's language"
        fix = "write true or false (TRUE and FALSE are accepted too)"
    else:
        return None
    if kind == "date":
        values = {p: v for p, v in values.items() if len(v) == 10}
    if not values:
        return None
    found = sorted(lines[p] for p in values)
    first = min(values, key=lines.__getitem__)
    where = f"line {found[0]}" if len(found) == 1 else \
        f"{len(found)} cells, lines {found[0]} to {found[-1]}"
    return Retyped(
        Problem(file, found[0], column, texts[first],
                f"{expected}, not {written_as} ({where} of this column): {fix}; {GUIDE}"),
        values,
    )
