"""What a spreadsheet writes into a CSV file: accepted, or recognised and reported once."""

from __future__ import annotations

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
