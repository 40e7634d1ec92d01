"""Partial dates: parsing, the year of a date or a fact, the middle of the period named."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lcstudy.dates import decimal_year, fact_years, parse_partial_date, year_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", date(2021, 1, 1)),
        ("2021-10", date(2021, 10, 1)),
        ("2021-10-08", date(2021, 10, 8)),
        ("2020-02-29", date(2020, 2, 29)),
        ("2021-13", None),
        ("2021-02-29", None),
        ("2021-00", None),
        ("21", None),
        ("2021-1", None),
        ("2021-10-08T12", None),
        ("", None),
    ],
)
def test_parse_partial_date(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2015", 2015.5),
        ("2016", 2016.5),  # leap year: still the middle
        ("2015-01", 2015 + 15.5 / 365),
        ("2016-02", 2016 + (31 + 14.5) / 366),
        ("2020-12", 2020 + (335 + 15.5) / 366),
        ("2015-01-01", 2015 + 0.5 / 365),
        ("2015-12-31", 2015 + 364.5 / 365),
    ],
)
def test_decimal_year_is_the_middle_of_the_period_named(date, expected):
    assert decimal_year(date) == pytest.approx(expected)


@pytest.mark.parametrize("date", ["", "15", "2015-13", "2015-02-30", "2015/09"])
def test_decimal_year_refuses_what_is_not_a_partial_date(date):
    with pytest.raises(ValueError, match="YYYY"):
        decimal_year(date)


@pytest.mark.parametrize(
    ("dates", "years"),
    [
        (["2021-09-29", "2015", "1999-12"], [2021, 2015, 1999]),
        (["2021", None], [2021, None]),  # missing stays missing, never 0
        ([None], [None]),
        ([], []),
    ],
)
def test_year_of(dates, years):
    given = pd.Series(dates, dtype="string", index=range(10, 10 + len(dates)))
    before = given.copy()
    got = year_of(given)
    assert str(got.dtype) == "Int64"
    assert got.index.tolist() == given.index.tolist()
    assert [None if pd.isna(y) else y for y in got] == years
    pd.testing.assert_series_equal(given, before)  # input untouched


@pytest.mark.parametrize(
    ("start", "end", "year"),
    [("2018-10", "2021-10", 2021), ("2015-09-28", None, 2015), (None, "2020", 2020),
     (None, None, None)],
)
def test_fact_years(start, end, year):
    facts = pd.DataFrame({"period_start": pd.array([start], dtype="string"),
                          "period_end": pd.array([end], dtype="string")})
    got = fact_years(facts).iloc[0]
    assert (year is None and pd.isna(got)) or got == year
