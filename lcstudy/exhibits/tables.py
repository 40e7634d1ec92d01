"""Paper tables: the counterpart of :func:`lcstudy.exhibits.figures.save_figure`.

:func:`save_table` writes one table as LaTeX (booktabs), Markdown (a pipe
table), CSV and XLSX into ``figures/``, beside the figures, byte-identical on
rerun; footnotes and sources go below the table (not into the CSV, which
holds the cells only). :func:`comparison_table` lays a tidy comparison out
as the paper shows it: one row per indicator, one column per city, cells in
the notebooks' interval notation (``6``, ``2–4``, ``≥101``, ``0`` for a known
zero, ``?`` for not reported).

Safety: every text cell goes into the XLSX as a string, never as a formula,
URL or number (XlsxWriter's ``strings_to_*`` conversions are off). A text a
spreadsheet would evaluate (one beginning with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return), column names, caption and notes included, gets a
leading ``'`` in all four forms (:func:`lcstudy.data.spreadsheets.defused`), so
that neither opening the CSV nor editing an XLSX cell runs it.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Sequence
from numbers import Real
from pathlib import Path

import pandas as pd
import xlsxwriter  # type: ignore[import-untyped]

from lcstudy.arguments import check_argument, check_intervals
from lcstudy.atomic import write_bytes, write_text
from lcstudy.config import project_paths
from lcstudy.data.spreadsheets import defuse, defused
from lcstudy.intervals import STATES, interval_label, state_label

__all__ = ["comparison_table", "latex_escape", "save_table"]

#: Fixed workbook date, so that the XLSX is byte-identical on rerun.
_CREATED = datetime.datetime(2000, 1, 1)
_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
          "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
          "≥": r"$\geq$", "≤": r"$\leq$", "–": "--", "—": "---", "\n": " "}
_LATEX_PATTERN = re.compile("|".join(re.escape(c) for c in _LATEX))


def latex_escape(text: str) -> str:
    """Escape ``text`` for a LaTeX table cell.

    Parameters
    ----------
    text : str
        Plain text, e.g. ``"≥101"`` or ``"R&D_share 5%"``.

    Returns
    -------
    str

    Examples
    --------
    >>> latex_escape("≥101")
    '$\\\\geq$101'
    >>> print(latex_escape("R&D_share 5% #1, 2–4"))
    R\\&D\\_share 5\\% \\#1, 2--4
    """
    return _LATEX_PATTERN.sub(lambda match: _LATEX[match.group(0)], text)


def _text(value: object) -> str:
    """A cell as text: floats without trailing zeros, missing values empty."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float)
                                                              and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def _latex(cells: list[list[str]], header: list[str], caption: str, label: str,
           notes: list[str]) -> str:
    align = "l" + "r" * (len(header) - 1)
    lines = ["% Written by lcstudy.exhibits.tables.save_table: edit the notebook, not this file.",
             r"\begin{table}", r"\centering"]
    if caption:
        lines.append(rf"\caption{{{latex_escape(caption)}}}")
    lines += [rf"\label{{tab:{label}}}", rf"\begin{{tabular}}{{{align}}}", r"\toprule",
              " & ".join(latex_escape(h) for h in header) + r" \\", r"\midrule"]
    lines += [" & ".join(latex_escape(c) for c in row) + r" \\" for row in cells]
    lines += [r"\bottomrule", r"\end{tabular}"]
    if notes:
        lines.append(r"\par\smallskip")
        lines.append(r"{\footnotesize " + r" \par ".join(latex_escape(n) for n in notes) + "}")
    lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"


def _markdown(cells: list[list[str]], header: list[str], caption: str, notes: list[str]) -> str:
    def row(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", r"\|").replace("\n", " ") for v in values) + " |"

    lines = [f"**{caption}**", ""] if caption else []
    lines += [row(header), "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += [row(values) for values in cells]
    for note in notes:
        lines += ["", note.replace("\n", " ")]
    return "\n".join(lines) + "\n"


def _xlsx(table: pd.DataFrame, header: list[str], caption: str, notes: list[str]) -> bytes:
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False,
                                            "strings_to_numbers": False})
    workbook.set_properties({"created": _CREATED})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("table")

    def put(row: int, column: int, value: object, style: object = None) -> None:
        if isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value):
            sheet.write_number(row, column, float(value), style)
            return
        text = _text(value)
        if not text:
            sheet.write_blank(row, column, None, style)
        else:
            sheet.write_string(row, column, text, style)

    top = 0
    if caption:
        put(0, 0, caption, bold)
        top = 2
    for column, name in enumerate(header):
        put(top, column, name, bold)
    for row, values in enumerate(table.itertuples(index=False, name=None), start=top + 1):
        for column, value in enumerate(values):
            put(row, column, value)
    for offset, note in enumerate(notes):
        put(top + len(table) + 2 + offset, 0, note)
    for column, name in enumerate(header):
        width = max([len(name)] + [len(_text(v)) for v in table.iloc[:, column]])
        sheet.set_column(column, column, min(60, width + 2))
    sheet.freeze_panes(top + 1, 0)
    workbook.close()
    return stream.getvalue()


def save_table(
    table: pd.DataFrame,
    name: str,
    *,
    caption: str = "",
    footnotes: Sequence[str] = (),
    sources: Sequence[str] = (),
    folder: Path | None = None,
) -> list[Path]:
    """Write ``table`` as LaTeX, Markdown, CSV and XLSX, deterministically.

    Parameters
    ----------
    table : pandas.DataFrame
        The cells as the paper shows them (e.g. from :func:`comparison_table`);
        its index is not written. Column names must be unique.
    name : str
        File stem of letters, digits, ``_`` and ``-``, e.g. ``"tab1_comparison"``;
        also the LaTeX label ``tab:<name>``.
    caption : str
        Title above the table (LaTeX ``\\caption``, a bold Markdown line, the XLSX's first row).
    footnotes : sequence of str
        Notes below the table, one per line.
    sources : sequence of str
        Source ids or citations, written below the notes as ``Sources: a; b.``
    folder : Path, optional
        Output folder; defaults to the project's ``figures/`` (as for
        :func:`lcstudy.exhibits.figures.save_figure`).

    Returns
    -------
    list of Path
        The ``.tex``, ``.md``, ``.csv`` and ``.xlsx`` files written.

    Raises
    ------
    ValueError
        For a name that is not a plain file stem, or repeated column names;
        nothing is written then. All four forms are made in memory first.

    Examples
    --------
    >>> import tempfile
    >>> table = pd.DataFrame({"indicator": ["Awards"], "a": ["≥1"], "b": ["0"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = save_table(table, "tab_demo", sources=["uil-2024"], folder=Path(folder))
    ...     print(paths[1].read_text(encoding="utf-8"))
    | indicator | a | b |
    |---|---:|---:|
    | Awards | ≥1 | 0 |
    <BLANKLINE>
    Sources: uil-2024.
    <BLANKLINE>
    """
    check_argument("name", name, "a file stem of letters, digits, _ and -",
                   isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_-]+", name) is not None)
    check_argument("table columns", list(table.columns), "unique names",
                   len(set(map(str, table.columns))) == len(table.columns))
    notes = [str(note) for note in footnotes]
    if sources:
        notes.append("Sources: " + "; ".join(str(s) for s in sources) + ".")
    table = defused(table.set_axis([str(c) for c in table.columns], axis="columns"))
    caption, notes = defuse(caption), [defuse(note) for note in notes]
    header = list(table.columns)
    cells = [[_text(value) for value in row] for row in table.itertuples(index=False, name=None)]
    texts = {
        "tex": _latex(cells, header, caption, name, notes),
        "md": _markdown(cells, header, caption, notes),
        "csv": table.to_csv(index=False, lineterminator="\n", float_format="%.10g"),
    }
    workbook = _xlsx(table, header, caption, notes)
    folder = folder if folder is not None else project_paths().figures
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in texts.items():
        path = folder / f"{name}.{suffix}"
        write_text(path, text)
        written.append(path)
    path = folder / f"{name}.xlsx"
    write_bytes(path, workbook)
    return [*written, path]


def comparison_table(
    data: pd.DataFrame,
    *,
    rows: str = "indicator_id",
    columns: str = "place_id",
    lower: str = "lower",
    upper: str = "upper",
    state: str | None = None,
    row_order: Sequence[str] | None = None,
    column_order: Sequence[str] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Lay a tidy comparison out as the paper table: indicators down, cities across.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per indicator and city with ``lower``/``upper``.
    rows, columns : str
        The columns giving the table's rows and columns.
    lower, upper : str
        Interval columns (``upper`` inf when open, NaN when not reported).
    state : str, optional
        Column of states (:data:`lcstudy.intervals.STATES`), each cell written
        by :func:`lcstudy.intervals.state_label` (the formatter of every
        exhibit), which refuses an interval that contradicts its state.
    row_order, column_order : sequence of str, optional
        Order (and selection) of rows and columns; default order of appearance.
    decimals : int
        Decimals of the interval labels.

    Returns
    -------
    pandas.DataFrame
        Text cells; the first column is ``rows``. A city with no row for an
        indicator gets ``?``.

    Raises
    ------
    ValueError
        For an unknown state, an interval contradicting its state, or
        duplicated rows.

    Examples
    --------
    >>> data = pd.DataFrame({"indicator_id": ["awards"] * 3, "place_id": ["e", "o", "g"],
    ...     "lower": [1.0, 101.0, 0.0], "upper": [1.0, float("inf"), 0.0],
    ...     "state": ["exact", "lower_bound", "known_zero"]})
    >>> comparison_table(data, state="state").to_numpy().tolist()
    [['awards', '1', '≥101', '0']]
    """
    check_intervals(data, [rows, columns], lower, upper)
    labels = [interval_label(lo, hi, decimals=decimals)
              for lo, hi in zip(data[lower].astype(float), data[upper].astype(float),
                                strict=True)]
    if state is not None:
        states = data[state]
        unknown = sorted(map(str, pd.unique(states[~states.isin(STATES)])))
        check_argument(f"{state} values", unknown, "states among "
                       f"{', '.join(STATES)} (others listed)", not unknown)
        labels = [state_label(s, lo, hi, decimals=decimals) for s, lo, hi in
                  zip(states, data[lower].astype(float), data[upper].astype(float), strict=True)]
    cells = data[[rows, columns]].assign(_label=labels)
    wide = cells.pivot(index=rows, columns=columns, values="_label")
    wide = wide.reindex(index=list(row_order) if row_order is not None
                        else list(pd.unique(data[rows])),
                        columns=list(column_order) if column_order is not None
                        else list(pd.unique(data[columns])))
    wide = wide.fillna("?")
    wide.columns.name = None
    return wide.reset_index()
