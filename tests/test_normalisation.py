"""Normalisation of intervals across cities: every method, worked out by hand."""

from __future__ import annotations

import copy
import math
import statistics
import warnings

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.normalisation import METHODS, normalise

INF, NAN = math.inf, math.nan
SINGLE = "single known value: no scale can be estimated"
FLAT = "no spread: all known values are equal"
UNKNOWN = "unknown value"
HIGHER, LOWER = "higher", "lower"
NONE = ""


def _frame(lower, upper, direction=HIGHER, indicator="g"):
    n = len(lower)
    return pd.DataFrame({
        "indicator_id": [indicator] * n,
        "place_id": list("abcdefgh"[:n]),
        "lower": [float(x) for x in lower],
        "upper": [float(x) for x in upper],
        "direction": [direction] * n,
    })


def _assert_values(actual, expected):
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(got), (actual, expected)
        else:
            assert got == pytest.approx(want), (actual, expected)


#: (method, kwargs, lower, upper, direction, scaled lower, scaled upper, notes)
TABLE = [
    # minmax: smallest and largest finite bound onto 0..100
    ("minmax", {}, [0, 5, 10], [0, 5, 10], HIGHER, [0, 50, 100], [0, 50, 100], None),
    ("minmax", {}, [0, 5, 10], [0, 5, 10], LOWER, [100, 50, 0], [100, 50, 0], None),
    ("minmax", {}, [1, 2, 5], [3, 6, 5], HIGHER, [0, 20, 80], [40, 100, 80], None),
    ("minmax", {}, [1, 2, 5], [3, 6, 5], LOWER, [60, 0, 20], [100, 80, 20], None),
    ("minmax", {}, [0, 5, 101], [0, 5, INF], HIGHER, [0, 500 / 101, 100], [0, 500 / 101, INF], None),
    ("minmax", {}, [3, NAN, 7], [3, NAN, 7], HIGHER, [0, NAN, 100], [0, NAN, 100],
     [NONE, UNKNOWN, NONE]),
    ("minmax", {}, [3, NAN], [3, NAN], HIGHER, [NAN, NAN], [NAN, NAN], [SINGLE, UNKNOWN]),
    ("minmax", {}, [4, 4, 4], [4, 4, 4], HIGHER, [NAN] * 3, [NAN] * 3, [FLAT] * 3),
    ("minmax", {"target": (1.0, 10.0)}, [0, 5, 10], [0, 5, 10], HIGHER, [1, 5.5, 10],
     [1, 5.5, 10], None),
    # zscore: mean and sample sd of reference points (middle; lower bound when open)
    ("zscore", {}, [0, 5, 10], [0, 5, 10], HIGHER, [-1, 0, 1], [-1, 0, 1], None),
    ("zscore", {}, [0, 5, 10], [0, 5, 10], LOWER, [1, 0, -1], [1, 0, -1], None),
    ("zscore", {}, [0, 4, 8], [2, 6, 10], HIGHER, [-1.25, -0.25, 0.75], [-0.75, 0.25, 1.25], None),
    ("zscore", {}, [0, 5, 101], [0, 5, INF], HIGHER,
     [(x - 106 / 3) / statistics.stdev([0, 5, 101]) for x in (0, 5, 101)],
     [(x - 106 / 3) / statistics.stdev([0, 5, 101]) for x in (0, 5)] + [INF], None),
    ("zscore", {}, [0, NAN, 10], [0, NAN, 10], HIGHER,
     [-1 / math.sqrt(2), NAN, 1 / math.sqrt(2)], [-1 / math.sqrt(2), NAN, 1 / math.sqrt(2)],
     [NONE, UNKNOWN, NONE]),
    ("zscore", {}, [3, NAN], [3, NAN], HIGHER, [NAN, NAN], [NAN, NAN], [SINGLE, UNKNOWN]),
    ("zscore", {}, [4, 4], [4, 4], HIGHER, [NAN, NAN], [NAN, NAN], [FLAT, FLAT]),
    # rank: 1 = best; ties share the best rank; intervals give rank ranges
    ("rank", {}, [0, 5, 10], [0, 5, 10], HIGHER, [3, 2, 1], [3, 2, 1], None),
    ("rank", {}, [0, 5, 10], [0, 5, 10], LOWER, [1, 2, 3], [1, 2, 3], None),
    ("rank", {}, [5, 5, 1], [5, 5, 1], HIGHER, [1, 1, 3], [1, 1, 3], None),
    ("rank", {}, [5, 5, 1], [5, 5, 1], LOWER, [2, 2, 1], [2, 2, 1], None),
    ("rank", {}, [4, 4], [4, 4], HIGHER, [1, 1], [1, 1], None),
    ("rank", {}, [1, 2, 5], [3, 6, 5], HIGHER, [2, 1, 1], [3, 3, 2], None),
    ("rank", {}, [1, 2, 5], [3, 6, 5], LOWER, [1, 1, 2], [2, 3, 3], None),
    ("rank", {}, [0, 5, 101], [0, 5, INF], HIGHER, [3, 2, 1], [3, 2, 1], None),
    ("rank", {}, [100, 150], [INF, 150], HIGHER, [1, 1], [2, 2], None),
    ("rank", {}, [3, NAN, 7], [3, NAN, 7], HIGHER, [2, NAN, 1], [2, NAN, 1], [NONE, UNKNOWN, NONE]),
    ("rank", {}, [3, NAN], [3, NAN], HIGHER, [1, NAN], [1, NAN], [NONE, UNKNOWN]),
    # percentile: share of the other cities ranked below, in percent
    ("percentile", {}, [0, 5, 10], [0, 5, 10], HIGHER, [0, 50, 100], [0, 50, 100], None),
    ("percentile", {}, [0, 5, 10], [0, 5, 10], LOWER, [100, 50, 0], [100, 50, 0], None),
    ("percentile", {}, [1, 2, 5], [3, 6, 5], HIGHER, [0, 0, 50], [50, 100, 100], None),
    ("percentile", {}, [0, 5, 101], [0, 5, INF], HIGHER, [0, 50, 100], [0, 50, 100], None),
    ("percentile", {}, [5, 5, 1], [5, 5, 1], HIGHER, [50, 50, 0], [50, 50, 0], None),
    ("percentile", {}, [5, 5, 1], [5, 5, 1], LOWER, [0, 0, 100], [0, 0, 100], None),
    ("percentile", {}, [4, 4], [4, 4], HIGHER, [0, 0], [0, 0], None),
    ("percentile", {}, [3, NAN], [3, NAN], HIGHER, [NAN, NAN], [NAN, NAN], [SINGLE, UNKNOWN]),
    # distance: ratio to the reference city a (inverted when lower is better)
    ("distance", {"reference": "a"}, [2, 4, 1], [2, 4, 1], HIGHER, [1, 2, 0.5], [1, 2, 0.5], None),
    ("distance", {"reference": "a"}, [2, 4, 1], [2, 4, 1], LOWER, [1, 0.5, 2], [1, 0.5, 2], None),
    ("distance", {"reference": "a"}, [2, 10], [2, INF], HIGHER, [1, 5], [1, INF], None),
    ("distance", {"reference": "a"}, [2, 10], [2, INF], LOWER, [1, 0], [1, 0.2], None),
    ("distance", {"reference": "a"}, [1, 6], [3, 6], HIGHER, [1 / 3, 2], [3, 6], None),
    ("distance", {"reference": "a"}, [2, NAN, 3], [2, NAN, 3], HIGHER, [1, NAN, 1.5],
     [1, NAN, 1.5], [NONE, UNKNOWN, NONE]),
    ("distance", {"reference": "a"}, [NAN, 4], [NAN, 4], HIGHER, [NAN, NAN], [NAN, NAN],
     [UNKNOWN, "reference city a unknown"]),
    ("distance", {"reference": "z"}, [2, 4], [2, 4], HIGHER, [NAN, NAN], [NAN, NAN],
     ["reference city z unknown"] * 2),
    ("distance", {"reference": "a"}, [0, 4], [0, 4], HIGHER, [NAN, NAN], [NAN, NAN],
     ["reference city a has zero"] * 2),
    ("distance", {"reference": "a"}, [0, 4], [0, 4], LOWER, [NAN, NAN], [NAN, NAN],
     ["reference city a has zero"] * 2),
    # goalposts: (worst, best) onto 0..100, clipped
    ("goalposts", {"goalposts": {"g": (0, 10)}}, [0, 5, 10], [0, 5, 10], HIGHER, [0, 50, 100],
     [0, 50, 100], None),
    ("goalposts", {"goalposts": {"g": (2, 10)}}, [1, 15], [1, 15], HIGHER, [0, 100], [0, 100], None),
    ("goalposts", {"goalposts": {"g": (10, 0)}}, [2, 8], [2, 8], LOWER, [80, 20], [80, 20], None),
    ("goalposts", {"goalposts": {"g": (0, 10)}}, [5, 2], [INF, 4], HIGHER, [50, 20], [100, 40], None),
    ("goalposts", {"goalposts": {"g": (0, 10)}}, [3, NAN], [3, NAN], HIGHER, [30, NAN], [30, NAN],
     [NONE, UNKNOWN]),
    ("goalposts", {"goalposts": {"g": (0, 10)}, "target": (0.0, 1.0)}, [5], [5], HIGHER, [0.5],
     [0.5], None),
    ("goalposts", {"goalposts": {"other": (0, 10)}}, [5, 6], [5, 6], HIGHER, [NAN, NAN], [NAN, NAN],
     ["no goalposts for this group"] * 2),
]


@pytest.mark.filterwarnings("error")  # no division or invalid-value warnings
@pytest.mark.parametrize(
    ("method", "kwargs", "lower", "upper", "direction", "scaled_lower", "scaled_upper", "notes"),
    TABLE,
    ids=[f"{row[0]}-{row[4]}-{i}" for i, row in enumerate(TABLE)],
)
def test_normalise(method, kwargs, lower, upper, direction, scaled_lower, scaled_upper, notes):
    frame = _frame(lower, upper, direction)
    before = copy.deepcopy(frame)
    out = normalise(frame, method, **kwargs)
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    pd.testing.assert_frame_equal(out[frame.columns], frame)
    _assert_values(out["normalised_lower"].tolist(), [float(x) for x in scaled_lower])
    _assert_values(out["normalised_upper"].tolist(), [float(x) for x in scaled_upper])
    assert (out["normalisation"] == method).all()
    assert out["normalisation_note"].tolist() == (notes or [NONE] * len(lower))


def test_every_method_is_in_the_table():
    assert {row[0] for row in TABLE} == set(METHODS)


def test_invalid_method():
    with pytest.raises(ValueError, match="method must be one of"):
        normalise(_frame([1, 2], [1, 2]), "maxmin")


@pytest.mark.parametrize(("method", "needs"), [("distance", "reference"), ("goalposts", "goalposts")])
def test_missing_method_argument(method, needs):
    with pytest.raises(ValueError, match=needs):
        normalise(_frame([1, 2], [1, 2]), method)


def test_groups_are_normalised_separately():
    frame = pd.concat([_frame([0, 10], [0, 10], indicator="g"),
                       _frame([100, 300], [100, 300], indicator="h")], ignore_index=True)
    out = normalise(frame, "minmax")
    assert out["normalised_lower"].tolist() == [0.0, 100.0, 0.0, 100.0]


def test_minmax_spans_the_finite_bounds():
    # min 1 (a lower bound), max 6 (an upper bound): [1, 3] -> [0, 40], [2, 6] -> [20, 100]
    out = normalise(_frame([1, 2, 5, NAN], [3, 6, 5, NAN]), "minmax")
    _assert_values(out["normalised_lower"].tolist(), [0.0, 20.0, 80.0, NAN])
    _assert_values(out["normalised_upper"].tolist(), [40.0, 100.0, 80.0, NAN])


def test_zscore_uses_reference_points():
    # reference points 1, 5, 9: mean 5, sample sd 4; [0, 2] -> [-1.25, -0.75]
    out = normalise(_frame([0, 4, 8], [2, 6, 10]), "zscore")
    assert out["normalised_lower"].tolist() == pytest.approx([-1.25, -0.25, 0.75])
    assert out["normalised_upper"].tolist() == pytest.approx([-0.75, 0.25, 1.25])


def test_goalposts_and_distance_values():
    out = normalise(_frame([5], [5]), "goalposts", goalposts={"g": (1, 9)})
    assert out["normalised_lower"].tolist() == [50.0]
    out = normalise(_frame([5, 6], [5, 6]), "distance", reference="b")
    assert out["normalised_lower"].tolist() == pytest.approx([5 / 6, 1.0])


def test_groups_named_after_by():
    frame = pd.DataFrame({
        "indicator_id": ["g", "g", "g", "g"],
        "measure": ["total", "total", "per_100k", "per_100k"],
        "place_id": ["a", "b", "a", "b"],
        "lower": [1.0, 3.0, 2.0, NAN],
        "upper": [1.0, 3.0, 2.0, NAN],
    })
    out = normalise(frame, "minmax", by=("indicator_id", "measure"), direction=None)
    assert out["normalised_lower"].tolist()[:2] == [0.0, 100.0]
    assert out["normalisation_note"].tolist() == [NONE, NONE, SINGLE, UNKNOWN]


def test_direction_none_column_or_argument_means_higher():
    frame = _frame([0, 10], [0, 10], direction="none")
    out = normalise(frame, "rank")
    assert out["normalised_lower"].tolist() == [2.0, 1.0]
    out = normalise(frame.drop(columns="direction"), "rank", direction=None)
    assert out["normalised_lower"].tolist() == [2.0, 1.0]


def test_other_interval_columns():
    frame = _frame([0, 0], [0, 0]).assign(lo=[1.0, 3.0], hi=[1.0, 3.0])
    out = normalise(frame, "minmax", lower="lo", upper="hi")
    assert out["normalised_lower"].tolist() == [0.0, 100.0]


@pytest.mark.parametrize("method", METHODS)
def test_empty_frame(method):
    kwargs = {"distance": {"reference": "a"}, "goalposts": {"goalposts": {"g": (0, 1)}}}
    out = normalise(_frame([], []), method, **kwargs.get(method, {}))
    assert out.empty
    assert {"normalised_lower", "normalised_upper", "normalisation", "normalisation_note"} <= set(out.columns)


@pytest.mark.parametrize("method", METHODS)
def test_index_preserved_and_input_not_mutated(method):
    frame = _frame([1, 3, NAN], [2, INF, NAN])
    frame.index = pd.Index([12, 4, 8], name="line")
    before = copy.deepcopy(frame)
    kwargs = {"distance": {"reference": "a"}, "goalposts": {"goalposts": {"g": (0, 5)}}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = normalise(frame, method, **kwargs.get(method, {}))
    pd.testing.assert_frame_equal(frame, before)
    assert out.index.equals(frame.index)
    assert np.isnan(out.loc[8, "normalised_lower"]) and out.loc[8, "normalisation_note"] == UNKNOWN
