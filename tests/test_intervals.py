"""Interval arithmetic and notation: open bounds stay open, unknowns stay unknown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.intervals import (
    STATES,
    closed_or_open,
    divide,
    interval_label,
    interval_status,
    interval_table,
    reference_point,
)

INF = np.inf
NAN = np.nan


def _same(got, expected) -> bool:
    """Floats equal, NaN matching NaN."""
    return np.array_equal(np.asarray(got, dtype=float), np.asarray(expected, dtype=float),
                          equal_nan=True)


# --- closed_or_open -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        (3.0, 3.0, (3.0, 3.0)),  # exact
        (0.0, 0.0, (0.0, 0.0)),  # a known zero is not unknown
        (2.0, 4.0, (2.0, 4.0)),  # closed
        (101.0, None, (101.0, INF)),  # no upper bound stated: open
        (None, None, (NAN, NAN)),  # unknown stays unknown, never open
    ],
)
@pytest.mark.parametrize("dtype", ["float64", "Float64", "object"])
def test_closed_or_open(lower, upper, expected, dtype):
    lo, hi = pd.Series([lower], dtype=dtype), pd.Series([upper], dtype=dtype)
    got_lo, got_hi = closed_or_open(lo, hi)
    assert _same([got_lo.iloc[0], got_hi.iloc[0]], expected)
    assert got_lo.dtype == got_hi.dtype == "float64"


def test_closed_or_open_keeps_the_index_and_leaves_its_input_alone():
    lower = pd.Series([101.0, 2.0, None], index=[7, 3, 5])
    upper = pd.Series([None, 4.0, None], index=[7, 3, 5])
    before = lower.copy(), upper.copy()
    lo, hi = closed_or_open(lower, upper)
    assert lo.index.tolist() == hi.index.tolist() == [7, 3, 5]
    assert _same(hi, [INF, 4.0, NAN])
    pd.testing.assert_series_equal(lower, before[0])
    pd.testing.assert_series_equal(upper, before[1])


# --- divide ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "divisor", "expected"),
    [
        (2.0, 4.0, 2.0, (1.0, 2.0)),
        (6.0, 6.0, 4.0, (1.5, 1.5)),
        (0.0, 0.0, 5.0, (0.0, 0.0)),  # zero over a number is a known zero
        (101.0, INF, 2.0, (50.5, INF)),  # open stays open
        (NAN, NAN, 2.0, (NAN, NAN)),  # unknown stays unknown
        (2.0, 4.0, 0.0, (NAN, NAN)),  # no denominator: unknown, never inf
        (0.0, 0.0, 0.0, (NAN, NAN)),
        (2.0, 4.0, -1.0, (NAN, NAN)),
        (2.0, 4.0, NAN, (NAN, NAN)),
        (101.0, INF, NAN, (NAN, NAN)),
    ],
)
def test_divide(lower, upper, divisor, expected):
    lo, hi = divide(pd.Series([lower]), pd.Series([upper]), np.array([divisor]))
    assert _same([lo[0], hi[0]], expected)


def test_divide_goes_row_by_row_with_a_series_of_divisors():
    lower = pd.Series([2.0, 101.0, 3.0], index=["x", "y", "z"])
    upper = pd.Series([4.0, INF, 3.0], index=["x", "y", "z"])
    divisor = pd.Series([2.0, 0.5, None])  # another index: taken by position
    before = lower.copy()
    lo, hi = divide(lower, upper, divisor)
    assert _same(lo, [1.0, 202.0, NAN])
    assert _same(hi, [2.0, INF, NAN])
    pd.testing.assert_series_equal(lower, before)


# --- reference_point ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [(6.0, 6.0, 6.0), (2.0, 4.0, 3.0), (0.0, 1.0, 0.5), (101.0, INF, 101.0), (NAN, NAN, NAN)],
)
def test_reference_point(lower, upper, expected):
    assert _same(reference_point(np.array([lower]), np.array([upper])), [expected])


# --- interval_status ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        (6.0, 6.0, "exact"),
        (0.0, 0.0, "exact"),  # only the comparability model knows a zero from a list
        (2.0, 4.0, "bounded"),
        (101.0, INF, "lower_bound"),
        (NAN, NAN, "not_reported"),
        (NAN, 5.0, "not_reported"),  # no lower bound: nothing is known
    ],
)
def test_interval_status(lower, upper, expected):
    assert interval_status(pd.Series([lower]), pd.Series([upper])).tolist() == [expected]


def test_interval_status_reads_nullable_columns():
    lower = pd.Series([6, 2, None], dtype="Float64")
    upper = pd.Series([6, None, None], dtype="Float64")
    assert interval_status(lower, upper).tolist()[0] == "exact"
    assert set(interval_status(lower, upper)) <= set(STATES)


@pytest.mark.parametrize(("state", "lower", "upper", "label"), [
    ("exact", 6.0, 6.0, "6"), ("bounded", 2.0, 4.0, "2–4"), ("lower_bound", 1.0, INF, "≥1"),
    ("known_zero", 0.0, 0.0, "0"), ("not_reported", NAN, NAN, "?"),
])
def test_state_label_is_the_one_formatter(state, lower, upper, label):
    from lcstudy.intervals import state_label
    assert state_label(state, lower, upper) == label


@pytest.mark.parametrize(("state", "lower", "upper"), [
    ("exact", 1.0, INF), ("lower_bound", 1.0, 1.0), ("known_zero", 1.0, 1.0), ("known", 1.0, 1.0),
])
def test_state_label_refuses_an_interval_that_contradicts_its_state(state, lower, upper):
    from lcstudy.intervals import state_label
    with pytest.raises(ValueError):
        state_label(state, lower, upper)


# --- interval_label -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [(6.0, 6.0, "6"), (2.0, 4.0, "2–4"), (101.0, INF, "≥101"), (NAN, NAN, "?"),
     (0.41895872, 0.41895872, "0.42"), (2016.0, 2016.0, "2016"), (0.0, 0.0, "0")],
)
def test_interval_label(lower, upper, expected):
    assert interval_label(lower, upper) == expected


@pytest.mark.parametrize(
    ("lower", "upper", "decimals", "expected"),
    [(0.41895872, 0.41895872, 0, "0"), (0.41895872, 0.41895872, 4, "0.419"),
     (1.26, 2.5, 1, "1.3–2.5"), (50.7, INF, 0, "≥51"), (NAN, NAN, 0, "?")],
)
def test_interval_label_decimals(lower, upper, decimals, expected):
    assert interval_label(lower, upper, decimals=decimals) == expected


# --- interval_table -------------------------------------------------------------------------


def _cells(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "place_id", "lower", "upper"])


def test_interval_table_spreads_labels_in_order_of_appearance():
    frame = _cells([("h", "b", 6.0, 6.0), ("h", "a", 2.0, 4.0),
                    ("g", "b", 101.0, INF), ("g", "a", NAN, NAN)])
    before = frame.copy()
    table = interval_table(frame, index="indicator_id", columns="place_id")
    assert table.index.tolist() == ["h", "g"]  # not sorted
    assert table.columns.tolist() == ["b", "a"]
    assert table.to_numpy().tolist() == [["6", "2–4"], ["≥101", "?"]]
    pd.testing.assert_frame_equal(frame, before)


def test_interval_table_with_two_index_columns():
    frame = _cells([("g", "a", 1.0, 1.0), ("g", "b", 2.0, 2.0),
                    ("g", "a", 0.5, 0.5), ("g", "b", 0.26, 1.0)])
    frame["measure"] = ["total", "total", "per_100k", "per_100k"]
    table = interval_table(frame, index=["indicator_id", "measure"], columns="place_id",
                           decimals=1)
    assert table.index.tolist() == [("g", "total"), ("g", "per_100k")]
    assert table.to_numpy().tolist() == [["1", "2"], ["0.5", "0.3–1"]]


def test_interval_table_refuses_two_intervals_in_one_cell():
    frame = _cells([("g", "a", 1.0, 1.0), ("g", "a", 2.0, 2.0)])
    with pytest.raises(ValueError, match="duplicate"):
        interval_table(frame, index="indicator_id", columns="place_id")
