"""What a spreadsheet writes into a CSV file: accepted, or recognised and reported once.

The recognisers of :mod:`lcstudy.data.spreadsheets` on their own, then files of the tiny
table of conftest.py (``tiny_csv``) as a spreadsheet saves them, read with
:func:`lcstudy.data.csv_reader.read_table`.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from lcstudy.data.spreadsheets import plain_text, separator_problem, spreadsheet_forms

NAMES = ["place_id", "kind", "name_en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b\n1,2\n", "a,b\n1,2\n"),
        ("\ufeffa,b\n1,2\n", "a,b\n1,2\n"),
        ("a,b\r\n1,2\r\n", "a,b\n1,2\n"),
        ("a,b\r1,\"x\r\ny\"\r", "a,b\n1,\"x\ny\"\n"),
        ("a,b\n1,\"x\ry\"\n", "a,b\n1,\"x\ry\"\n"),  # a CR in a file of LF lines: a character
        ("a,b\r\n1,\"x\ry\"\r\n", "a,b\n1,\"x\ry\"\n"),
        ("a,\ufeffb\n", "a,\ufeffb\n"),  # only a leading mark is a byte-order mark
    ],
)
def test_plain_text(text, expected):
    assert plain_text(text) == expected


@pytest.mark.parametrize(
    ("header", "separator"),
    [
        ("place_id;kind;name_en", ";"),
        ('place_id;"kind";name_en', ";"),
        ("place_id\tkind\tname_en", "\t"),
        ("place_id;kind", ";"),
        ("place_id,kind,name_en", None),
        ("place_id,kind", None),  # a missing column, reported as such
        ("id;type;name", None),  # no declared name: not recognisably the table
        ("place_id;other", None),
    ],
)
def test_separator_problem(header, separator):
    problem = separator_problem(header, NAMES, "data/raw/places.csv")
    assert (problem.value if problem else None) == separator
    if problem:
        assert (problem.file, problem.line, problem.column) == ("data/raw/places.csv", 1, "-")


@pytest.mark.parametrize(
    ("kind", "texts", "values"),
    [
        ("date", {0: "28/09/2015", 1: "1/10/2021"}, {0: "2015-09-28", 1: "2021-10-01"}),
        ("date", {0: "9/28/2015", 1: "10/1/2021"}, {0: "2015-09-28", 1: "2021-10-01"}),
        ("date", {0: "1/10/2021"}, {0: "2021-10-01"}),  # undecided: day first
        ("date", {0: "28.9.2015"}, {0: "2015-09-28"}),
        ("date", {0: "2015. 9. 28."}, {0: "2015-09-28"}),
        ("date", {0: "2015/09/28"}, {0: "2015-09-28"}),
        ("date", {0: "Sep-15"}, None),  # a month is not a full date
        ("partial_date", {0: "Sep-15", 1: "Oct-2021"}, {0: "2015-09", 1: "2021-10"}),
        ("partial_date", {0: "31.2.2015"}, None),  # no such day either way
        ("partial_date", {0: "2015-13"}, None),
        ("partial_date", {0: "Foo-15"}, None),
        ("boolean", {0: "TOSI", 1: "epätosi"}, {0: "true", 1: "false"}),
        ("boolean", {0: "yes"}, None),
        ("integer", {0: "28.9.2015"}, None),
    ],
)
def test_spreadsheet_forms(kind, texts, values):
    found = spreadsheet_forms(kind, texts, {p: p + 2 for p in texts}, "t.csv", "c", "a form")
    assert (found.values if found else None) == values
    if found:
        assert (found.problem.line, found.problem.value) == (2, texts[0])
        assert found.problem.expected.startswith("a form, not ")


def test_one_problem_names_how_many_cells_and_where():
    texts = {0: "28/09/2015", 3: "bad", 5: "1/10/2021"}
    found = spreadsheet_forms("date", texts, {0: 2, 3: 6, 5: 9}, "t.csv", "c", "a date")
    assert set(found.values) == {0, 5}
    assert "(2 cells, lines 2 to 9 of this column)" in found.problem.expected


# --- read through read_table: files of the tiny table of conftest.py (tiny_csv) ------------

@pytest.fixture
def plain(tiny_csv) -> str:
    """A plain file of the tiny table (conftest.py): two rows, a cell over two lines."""
    return (f"{tiny_csv.header}\n{tiny_csv.row()}\n"
            f"{tiny_csv.row(key='k-2', note='two' + chr(10) + 'lines')}\n")


@pytest.mark.parametrize(
    "resaved",
    [
        lambda plain: "\ufeff" + plain,
        lambda plain: plain.replace("\n", "\r\n"),
        lambda plain: "\ufeff" + plain.replace("\n", "\r\n"),
        lambda plain: plain.replace("\n", "\r"),
        lambda plain: plain.replace("true", "TRUE"),
        lambda plain: plain.replace("true", "True"),
    ],
    ids=["bom", "crlf", "bom-crlf", "cr", "TRUE", "True"],
)
def test_spreadsheet_forms_read_as_the_plain_file(tiny_csv, plain, resaved):
    expected, _ = tiny_csv.read(plain)
    frame, problems = tiny_csv.read(resaved(plain))
    assert problems == []
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.loc[3, "note"] == "two\nlines"


@pytest.mark.parametrize(("value", "expected"), [("TRUE", True), ("FALSE", False),
                                                 ("True", True), ("false", False)])
def test_booleans_in_any_case(tiny_csv, value, expected):
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row(flag=value)}\n")
    assert problems == [] and frame.loc[2, "flag"] == expected


@pytest.mark.parametrize(("separator", "described"), [(";", "';' (semicolons)"), ("\t", "tabs")])
def test_other_separator_is_one_problem_naming_it(tiny_csv, separator, described):
    rows = [tiny_csv.header.split(","), list(tiny_csv.good.values()),
            list(tiny_csv.row(key="k-2").split(","))]
    stream = io.StringIO()
    csv.writer(stream, delimiter=separator, lineterminator="\r\n").writerows(rows)
    frame, problems = tiny_csv.read("\ufeff" + stream.getvalue())
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line, problem.column, problem.value) == (tiny_csv.file, 1, "-",
                                                                           separator)
    assert f"separates them by {described}" in problem.expected
    assert "save it again as CSV with ',' as the field delimiter" in problem.expected
    assert "data/README.md" in problem.expected
    assert frame.empty


def test_header_without_any_known_column_is_not_a_separator_problem(tiny_csv):
    _, problems = tiny_csv.read(f"a;b\n{tiny_csv.row()}\n")
    assert [p.column for p in problems] == [*tiny_csv.header.split(","), "a;b"]


RETYPED = [  # (day column as saved, when column as saved, what they stand for)
    (["28/09/2015", "1/10/2021", "5/3/2020"], ["28/09/2015", "Oct-21", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
    (["9/28/2015", "10/1/2021", "3/5/2020"], ["9/28/2015", "Oct-2021", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
    (["28.9.2015", "1.10.2021", "5.3.2020"], ["28.9.2015", "2021-10", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
    (["2015. 9. 28.", "2021/10/01", "2020. 3. 5."], ["2015. 9. 28.", "2021-10", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
]


@pytest.mark.parametrize(("days", "whens", "iso_days", "iso_whens"), RETYPED,
                         ids=["day-first", "month-first", "dotted", "year-first"])
def test_retyped_dates_are_one_problem_per_column(tiny_csv, days, whens, iso_days, iso_whens):
    rows = [tiny_csv.row(key=f"k-{i}", day=d, when=w)
            for i, (d, w) in enumerate(zip(days, whens, strict=True))]
    frame, problems = tiny_csv.read("\n".join([tiny_csv.header, *rows, ""]))
    by_column = {p.column: p for p in problems}
    assert len(problems) == len(by_column) == (2 if whens[0] != iso_whens[0] else 1)
    day = by_column["day"]
    assert (day.line, day.value) == (2, days[0])
    assert day.expected.startswith("a date YYYY-MM-DD, not dates as a spreadsheet re-types them "
                                   "(3 cells, lines 2 to 4 of this column): format the column as Text")
    assert "data/README.md" in day.expected
    assert frame["day"].tolist() == iso_days
    assert frame["when"].tolist() == iso_whens


def test_retyped_dates_beside_a_plain_bad_date(tiny_csv):
    rows = [tiny_csv.row(day="28/09/2015"), tiny_csv.row(key="k-2", day="2021-13-01"),
            tiny_csv.row(key="k-3", day="1/10/2021")]
    _, problems = tiny_csv.read("\n".join([tiny_csv.header, *rows, ""]))
    assert [(p.line, p.value) for p in sorted(problems)] == [(2, "28/09/2015"), (3, "2021-13-01")]
    assert "2 cells, lines 2 to 4" in sorted(problems)[0].expected
    assert sorted(problems)[1].expected == "a date YYYY-MM-DD"


@pytest.mark.parametrize(("words", "expected"), [(("TOSI", "EPÄTOSI"), [True, False]),
                                                 (("SANT", "FALSKT"), [True, False]),
                                                 (("WAHR", "FALSCH"), [True, False])])
def test_booleans_in_a_spreadsheets_language_are_one_problem(tiny_csv, words, expected):
    rows = [tiny_csv.row(flag=words[0]), tiny_csv.row(key="k-2", flag=words[1])]
    frame, problems = tiny_csv.read("\n".join([tiny_csv.header, *rows, ""]))
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "flag", words[0])]
    assert problems[0].expected.startswith("true or false, not booleans in a spreadsheet's "
                                           "language (2 cells, lines 2 to 3 of this column)")
    assert frame["flag"].tolist() == expected
