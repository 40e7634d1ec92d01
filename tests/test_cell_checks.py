"""Each cell checked against its declared column (:mod:`lcstudy.data.cell_checks`).

Each file is one of the tiny table of conftest.py (``tiny_csv``), read with
:func:`lcstudy.data.csv_reader.read_table`: a bad cell is one problem naming what was
expected, its row kept.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lcstudy.errors import Problem


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("key", "Espoo", "an id of lower-case letters, digits, '-' or '_'"),
        ("key", "es poo", "an id of lower-case letters, digits, '-' or '_'"),
        ("key", " espoo", "no leading or trailing spaces"),
        ("key", "", "a value (the column is required)"),
        ("count", "1.5", "a whole number such as 12"),
        ("count", "0", "a value of at least 1"),
        ("amount", "3,5", "a number with a decimal point, such as 3.5"),
        ("amount", "inf", "a number with a decimal point, such as 3.5"),
        ("amount", "-1", "a value of at least 0"),
        ("flag", "yes", "true or false"),
        ("flag", "t", "true or false"),
        ("when", "2021-13", "a date YYYY, YYYY-MM or YYYY-MM-DD"),
        ("when", "1989", "a year of at least 1990 and at most 2030"),
        ("when", "2031-01", "a year of at most 2030 and at least 1990"),
        ("day", "2021-10", "a date YYYY-MM-DD"),
        ("kind", "c", "one of a, b"),
        ("url", "ftp://example.org", r"text matching https?://\S+"),
    ],
)
def test_cell_problem(tiny_csv, column, value, expected):
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row()}\n"
                                    f"{tiny_csv.row(**{column: value})}\n")
    assert problems == [Problem(tiny_csv.file, 3, column, value, expected)]
    assert frame.index.tolist() == [2, 3]
    assert pd.isna(frame.loc[3, column])  # the bad cell is left out, the row kept
    assert not pd.isna(frame.loc[2, column])


@pytest.mark.parametrize("value", ["1e3", "0.25", "7", "5."])
def test_number_forms_accepted(tiny_csv, value):
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row(amount=value)}\n")
    assert problems == []
    assert frame.loc[2, "amount"] == float(value)


@pytest.mark.parametrize(("column", "text", "expected"), [
    ("amount", "1e309", "a finite number"),
    ("amount", "9" * 400, "a finite number"),
    ("amount", "-1e400", "a finite number"),
    ("count", "9" * 400, "a whole number of at most 15 digits"),
    ("count", "-" + "9" * 16, "a whole number of at most 15 digits"),
])
def test_a_number_too_large_to_compute_with_is_a_problem(tiny_csv, column, text, expected):
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row(**{column: text})}\n")
    assert [(p.line, p.column, p.value) for p in problems] == [(2, column, text)]
    assert problems[0].expected.startswith(expected)
    assert frame[column].isna().all()


def test_the_largest_numbers_allowed_are_read(tiny_csv):
    frame, problems = tiny_csv.read(
        f"{tiny_csv.header}\n{tiny_csv.row(count='9' * 15, amount='1.7e308')}\n")
    assert problems == []
    assert frame["count"].iloc[0] == 999_999_999_999_999 and frame["amount"].iloc[0] == 1.7e308
