"""Partial dates: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as the sources give them.

A source often dates an event to its year or month only, so every date in the
evidence is a *partial date*. This module parses them, takes their year, and
places them on a decimal-year axis at the middle of the period they name.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

__all__ = ["PARTIAL_DATE", "parse_partial_date", "decimal_year", "year_of", "fact_years",
           "dated_by_publication"]

#: A partial date: the year, optionally the month, optionally the day.
PARTIAL_DATE = re.compile(r"([0-9]{4})(-([0-9]{2}))?(-([0-9]{2}))?")


def parse_partial_date(text: str) -> date | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` to its first day.

    Parameters
    ----------
    text : str
        The date as written.

    Returns
    -------
    datetime.date or None
        The first day the text can mean, or ``None`` when it is not such a date.

    Examples
    --------
    >>> parse_partial_date("2021-10")
    datetime.date(2021, 10, 1)
    """
    match = PARTIAL_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.group(1), match.group(3), match.group(5)
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def decimal_year(text: str) -> float:
    """The middle of the period a partial date names, as a decimal year.

    Parameters
    ----------
    text : str
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns
    -------
    float
        The year plus the fraction of it elapsed at the middle of the year,
        month or day named.

    Raises
    ------
    ValueError
        If ``text`` is not such a date.

    Examples
    --------
    >>> decimal_year("2015")
    2015.5
    >>> round(decimal_year("2021-09-29"), 3)
    2021.744
    """
    start = parse_partial_date(text)
    if start is None:
        raise ValueError(f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    precision = text.count("-")
    if precision == 0:
        end = date(start.year + 1, 1, 1)
    elif precision == 1:
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    else:
        end = date.fromordinal(start.toordinal() + 1)
    year_start = date(start.year, 1, 1)
    days_in_year = (date(start.year + 1, 1, 1) - year_start).days
    middle = (start - year_start).days + (end - start).days / 2
    return start.year + middle / days_in_year


def year_of(dates: pd.Series) -> pd.Series:
    """The year of each partial date.

    Parameters
    ----------
    dates : pandas.Series
        Partial dates as text; missing stays missing.

    Returns
    -------
    pandas.Series
        Nullable integer years.

    Examples
    --------
    >>> year_of(pd.Series(["2021-09-29", None, "2015"], dtype="string")).tolist()
    [2021, <NA>, 2015]
    """
    codes, distinct = pd.factorize(dates)  # each distinct date read once
    years = pd.Series(distinct).str[:4].astype("Int64").array
    return pd.Series(years.take(codes, allow_fill=True), index=dates.index, name=dates.name)


def fact_years(facts: pd.DataFrame) -> pd.Series:
    """The year a fact refers to: that of its period end, else its start.

    Parameters
    ----------
    facts : pandas.DataFrame
        Facts with ``period_start`` and ``period_end`` (partial dates).

    Returns
    -------
    pandas.Series
        Nullable integer years, missing for undated facts.
    """
    return year_of(facts["period_end"].fillna(facts["period_start"]))


def dated_by_publication(frame: pd.DataFrame, published: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """The codebook's one rule for undated claims (1.6): they happened by their publication.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``period_start`` and ``period_end`` (partial dates).
    published : pandas.Series
        Per row (same index), the publication date of its source (for a claim
        cited by several, the earliest).

    Returns
    -------
    frame : pandas.DataFrame
        A copy in which a row with neither date ends at ``published``; its
        start stays empty.
    dated : pandas.Series
        The rows so dated (their date is inferred).

    Examples
    --------
    >>> rows = pd.DataFrame({"period_start": [None, "2018"], "period_end": [None, None]})
    >>> out, dated = dated_by_publication(rows, pd.Series(["2021-10-08", "2021-10-08"]))
    >>> out["period_end"].tolist(), dated.tolist()
    (['2021-10-08', None], [True, False])
    """
    dated = frame["period_start"].isna() & frame["period_end"].isna() & published.notna()
    out = frame.copy()
    out["period_end"] = out["period_end"].astype(object).where(~dated, published)
    return out.astype({"period_end": frame["period_end"].dtype}), dated
