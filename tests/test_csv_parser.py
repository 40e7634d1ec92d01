"""The structure of a CSV file (:mod:`lcstudy.data.csv_parser`): header, rows, lines, quotes.

Each file is one of the tiny table of conftest.py (``tiny_csv``), read with
:func:`lcstudy.data.csv_reader.read_table`: its problems located as a text editor shows
them, and every form read alike by pandas' C parser and by :func:`csv.reader`.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from lcstudy.data.cell_checks import FIELD_LIMIT
from lcstudy.errors import Problem


@pytest.mark.parametrize(
    "case",
    [
        lambda t: ("key,count,amount,when,day,kind,url,note",
                   [Problem(t.file, 1, "flag", "", "this column in the header")]),
        lambda t: (t.header + ",colour",
                   [Problem(t.file, 1, "colour", "colour", f"only the columns {t.header}")]),
        lambda t: (t.header + ",note",
                   [Problem(t.file, 1, "-", t.header + ",note", "each column once")]),
    ],
    ids=["missing", "extra", "duplicated"],
)
def test_header_problems(tiny_csv, case):
    header, expected = case(tiny_csv)
    frame, problems = tiny_csv.read(f"{header}\n{tiny_csv.row()}\n")
    assert problems == expected
    assert frame.empty and list(frame.columns) == tiny_csv.header.split(",")


@pytest.mark.parametrize(
    "case",
    [
        lambda t: (b"", Problem(t.file, 1, "-", "", f"a header row: {t.header}")),
        lambda t: (f"{t.header}\n".encode(),
                   Problem(t.file, 2, "-", "", "at least one data row below the header")),
        lambda t: (f"{t.header}\n{t.row()}\n".encode() + t.row(note="caf\xe9").encode("latin-1")
                   + b"\n", Problem(t.file, 3, "-", "0xe9", "text encoded as UTF-8")),
    ],
    ids=["empty", "header-only", "latin-1"],
)
def test_file_problems(tiny_csv, case):
    content, expected = case(tiny_csv)
    frame, problems = tiny_csv.read(content)
    assert problems == [expected]
    assert frame.empty and list(frame.columns) == tiny_csv.header.split(",")


def test_wrong_cell_count(tiny_csv):
    short = "k-2,12,3.5,true,2021,2021-10-08,a,https://example.org"
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row()}\n{short}\n{tiny_csv.row(key='k-3')}\n")
    assert problems == [Problem(tiny_csv.file, 3, "-", short, "9 cells, found 8")]
    assert frame.index.tolist() == [2, 4]


def test_line_numbers_count_newlines_inside_quoted_cells(tiny_csv):
    text = f"{tiny_csv.header}\n{tiny_csv.row(note='two' + chr(10) + 'lines')}\n{tiny_csv.row(key='k-2', count='x')}\n"
    assert text.count("\n") == 4  # the quoted cell spans lines 2 and 3
    frame, problems = tiny_csv.read(text)
    assert problems == [Problem(tiny_csv.file, 4, "count", "x", "a whole number such as 12")]
    assert frame.index.tolist() == [2, 4]
    assert frame.loc[2, "note"] == "two\nlines"


def test_line_numbers_count_blank_lines(tiny_csv):
    text = f"{tiny_csv.header}\n{tiny_csv.row()}\n\n{tiny_csv.row(key='Bad')}\n"
    frame, problems = tiny_csv.read(text)
    assert [p.line for p in problems] == [4]
    assert frame.index.tolist() == [2, 4]


def test_crlf_line_ends(tiny_csv):
    text = f"{tiny_csv.header}\r\n{tiny_csv.row()}\r\n{tiny_csv.row(flag='maybe')}\r\n"
    frame, problems = tiny_csv.read(text)
    assert problems == [Problem(tiny_csv.file, 3, "flag", "maybe", "true or false")]
    assert frame.loc[2, "note"] == "fine"


# --- large files: read by pandas' C parser where that reads what csv.reader reads ---------

def _all_quoted(t, *rows: dict[str, str]) -> str:
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(
        [t.header.split(","), *({**t.good, **row}.values() for row in rows)])
    return stream.getvalue()


QUOTES = 'say "hi", twice: ""'  # quoted by the writer, its quotes doubled
INCH, AFTER_QUOTE, UNCLOSED = '5" tall', '"fine"x', '"fine'  # as written in the file
#: Files in the forms the C parser is trusted with, and files it is not (any quote that
#: does not open or close a quoted cell, rows of another length, blank rows, NUL, a
#: header over two lines, bytes that are not UTF-8): each must read the same. Each is
#: written from the tiny table ``t`` (the ``tiny_csv`` fixture of conftest.py).
READ_ALIKE = {
    "line-breaks-in-quotes": lambda t: f"{t.header}\n{t.row(note='a' + chr(10) + chr(10) + 'b, c')}\n"
                                       f"{t.row(key='k-2', count='x')}\n",
    "doubled-quotes": lambda t: f"{t.header}\n{t.row(note=QUOTES)}\n{t.row(key='k-2')}\n",
    "empty-quoted-cells": lambda t: f"{t.header}\n" + t.row().replace(",fine", ',""') + "\n",
    "all-quoted": lambda t: _all_quoted(t, {}, {"key": "k-2", "note": "two" + chr(10) + "lines"}),
    "no-final-line-break": lambda t: f"{t.header}\n{t.row()}\n{t.row(key='k-2', flag='no')}",
    "columns-in-another-order": lambda t: ",".join(reversed(t.header.split(","))) + "\n"
                                          + ",".join(reversed(t.row().split(","))) + "\n",
    "bom-and-crlf": lambda t: "\ufeff" + f"{t.header}\n{t.row(note='x' + chr(10) + 'y')}\n".replace("\n", "\r\n"),
    "quote-inside-a-cell": lambda t: f"{t.header}\n{t.row()[:-4]}{INCH}\n{t.row(key='k-2')}\n",
    "text-after-a-closing-quote": lambda t: f"{t.header}\n{t.row()[:-4]}{AFTER_QUOTE}\n{t.row(key='k-2')}\n",
    "quote-never-closed": lambda t: f"{t.header}\n{t.row()}\n{t.row(key='k-2')[:-4]}{UNCLOSED}\n",
    "short-row": lambda t: f"{t.header}\n{t.row()}\n{t.row(key='k-2').rsplit(',', 1)[0]}\n",
    "long-row": lambda t: f"{t.header}\n{t.row()},extra\n{t.row(key='k-2')}\n",
    "blank-line": lambda t: f"{t.header}\n{t.row()}\n\n{t.row(key='k-2')}\n",
    "spaces-line": lambda t: f"{t.header}\n{t.row()}\n   \n{t.row(key='k-2')}\n",
    "blank-last-line": lambda t: f"{t.header}\n{t.row()}\n\n",
    "nul": lambda t: f"{t.header}\n{t.row(note='a' + chr(0) + 'b')}\n",
    "header-over-two-lines": lambda t: '"key\nx",' + t.header.split(",", 1)[1] + f"\n{t.row()}\n",
}


def _refuse(*args: object, **kwargs: object) -> None:
    raise pd.errors.ParserError("refused for the test")


@pytest.mark.parametrize("written", [*READ_ALIKE.values(), lambda t: t.row().encode() + b"\xe9\n"],
                         ids=[*READ_ALIKE, "not-utf-8"])
def test_c_parser_reads_what_csv_reader_reads(tiny_csv, monkeypatch, written):
    content = written(tiny_csv)
    fast, fast_problems = tiny_csv.read(content if isinstance(content, bytes)
                                        else content.encode("utf-8"))
    monkeypatch.setattr(pd, "read_csv", _refuse)  # only csv.reader reads now
    slow, slow_problems = tiny_csv.read(content if isinstance(content, bytes)
                                        else content.encode("utf-8"))
    assert fast_problems == slow_problems
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)


@pytest.mark.parametrize("name", ["line-breaks-in-quotes", "doubled-quotes", "all-quoted",
                                  "no-final-line-break", "columns-in-another-order",
                                  "bom-and-crlf"])
def test_plain_files_are_read_by_the_c_parser(tiny_csv, monkeypatch, name):
    read = []
    reader = csv.reader
    monkeypatch.setattr(csv, "reader", lambda lines, **k: reader(read.append(lines) or lines, **k))
    frame, _ = tiny_csv.read(READ_ALIKE[name](tiny_csv))
    assert len(read) == 1 and len(list(read[0])) == 1  # csv.reader read the header line only
    monkeypatch.undo()
    plain = READ_ALIKE[name](tiny_csv).removeprefix("\ufeff").replace("\r\n", "\n")
    rows = list(csv.DictReader(io.StringIO(plain, newline="")))
    assert frame["note"].fillna("").tolist() == [row["note"] for row in rows]
    assert frame.index.tolist() == _editor_lines(plain)


def _editor_lines(text: str) -> list[int]:
    """The line each record of a CSV text starts on, as an editor numbers them."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    starts, line = [], reader.line_num
    for _ in reader:
        starts.append(line + 1)
        line = reader.line_num
    return starts


@pytest.mark.parametrize("name", ["quote-inside-a-cell", "text-after-a-closing-quote",
                                  "quote-never-closed", "nul", "header-over-two-lines"])
def test_quotes_and_nul_the_c_parser_may_read_otherwise_go_to_csv_reader(tiny_csv, monkeypatch,
                                                                          name):
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: pytest.fail("the C parser read it"))
    tiny_csv.read(READ_ALIKE[name](tiny_csv))


@pytest.mark.parametrize("limit", [131_072, 10 * FIELD_LIMIT], ids=["csv-default", "raised"])
def test_cells_up_to_the_field_limit_are_read_and_a_longer_one_is_a_problem(tiny_csv, limit):
    """Whatever limit csv has in this process (another library may have changed it)."""
    previous = csv.field_size_limit(limit)
    try:
        frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row(note='n' * FIELD_LIMIT)}\n")
        assert problems == [] and len(frame["note"].iloc[0]) == FIELD_LIMIT
        frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row()}\n"
                                        f"{tiny_csv.row(note='n' * FIELD_LIMIT + 'x')}\n{tiny_csv.row()}\n")
        # one problem of the cell, named by its column; the rows around it are read
        assert [(p.line, p.column) for p in problems] == [(3, "note")]
        assert problems[0].expected == "a cell of at most 1,048,576 characters (this one has 1,048,577)"
        assert problems[0].value == "n" * 1000 + "... (1,048,577 characters)"
        assert frame.index.tolist() == [2, 3, 4] and pd.isna(frame["note"].loc[3])
        assert csv.field_size_limit() == limit  # restored
    finally:
        csv.field_size_limit(previous)


def test_a_quoted_carriage_return_is_part_of_its_cell_and_counts_no_line(tiny_csv):
    """A lone CR in a file of LF lines: a line end to no editor's line count, so not to ours."""
    quoted = '"k\r1"' + tiny_csv.row().removeprefix("k-1")  # csv.writer quotes no lone CR
    frame, problems = tiny_csv.read("\n".join([tiny_csv.header, quoted, tiny_csv.row(count="x"), ""]))
    assert [(p.line, p.column, p.value) for p in problems] == [
        (2, "key", "k\r1"),  # as written, not 'k\n1'
        (3, "count", "x"),  # the line a text editor shows
    ]
    frame, problems = tiny_csv.read("\n".join([tiny_csv.header, tiny_csv.row().replace("fine", '"a\rb"'), ""]))
    assert problems == [] and frame["note"].iloc[0] == "a\rb"


def test_a_carriage_return_outside_quotes_is_named(tiny_csv):
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row()}\n" + tiny_csv.row(note="x").replace(
        "https://example.org/x", "https://example.org/x\r") + "\n")
    assert [(p.line, p.column, p.value) for p in problems] == [(3, "url", "https://example.org/x\r")]
    assert problems[0].expected.startswith("no carriage return (CR) outside quotes")
