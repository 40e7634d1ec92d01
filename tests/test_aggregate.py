"""Aggregation of normalised intervals across a group's indicators, worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.aggregate import aggregate

INF, NAN = math.inf, math.nan


def _frame(values: dict[str, dict[str, tuple[float, float]]]) -> pd.DataFrame:
    """``{place: {indicator: (lower, upper)}}`` as a tidy frame."""
    rows = [(place, indicator, float(lo), float(hi))
            for place, cells in values.items() for indicator, (lo, hi) in cells.items()]
    return pd.DataFrame(rows, columns=["place_id", "indicator_id", "lower", "upper"])


#: One city "a" on x, y, z unless said otherwise.
A = {"x": (10, 10), "y": (20, 40), "z": (30, 30)}

#: (values, method, kwargs, expected lower, upper, note); hand computation in the comment.
CASES = [
    # equal weights: lower (10 + 20 + 30) / 3, upper (10 + 40 + 30) / 3
    ({"a": A}, "arithmetic", {}, 20.0, 80 / 3, ""),
    # weights 2:1:1 -> shares 1/2, 1/4, 1/4: lower 5 + 5 + 7.5, upper 5 + 10 + 7.5
    ({"a": A}, "arithmetic", {"weights": {"x": 2, "y": 1, "z": 1}}, 17.5, 22.5, ""),
    # a zero weight leaves z out: (10 + 20) / 2 and (10 + 40) / 2
    ({"a": A}, "arithmetic", {"weights": {"x": 1, "y": 1, "z": 0}}, 15.0, 25.0, ""),
    # an open input opens the upper bound; the lower bound is unchanged
    ({"a": {**A, "y": (20, INF)}}, "arithmetic", {}, 20.0, INF, ""),
    # ... unless capped: upper (10 + 100 + 30) / 3
    ({"a": {**A, "y": (20, INF)}}, "arithmetic", {"cap": 100}, 20.0, 140 / 3,
     "open upper bound capped at 100 (1 indicator)"),
    ({"a": {"x": (10, INF), "y": (20, INF), "z": (30, 30)}}, "arithmetic", {"cap": 60},
     20.0, 50.0, "open upper bound capped at 60 (2 indicators)"),
    # an open bound with weight 0 does not count: (10 + 30) / 2 both ends
    ({"a": {**A, "y": (20, INF)}}, "arithmetic", {"weights": {"x": 1, "y": 0, "z": 1}},
     20.0, 20.0, ""),
    # 2 of 3 reported (0.67 >= 0.65): the two reported, re-weighted: (10 + 20) / 2, (10 + 40) / 2
    ({"a": {**A, "z": (NAN, NAN)}}, "arithmetic", {}, 15.0, 25.0, ""),
    # ... with threshold 0.7 it needs ceil(2.1) = 3
    ({"a": {**A, "z": (NAN, NAN)}}, "arithmetic", {"threshold": 0.7}, NAN, NAN,
     "not computable: 2 of 3 reported (needs at least 3)"),
    # 1 of 3 reported: ceil(0.65 * 3) = 2 needed
    ({"a": {"x": (10, 10), "y": (NAN, NAN), "z": (NAN, NAN)}}, "arithmetic", {}, NAN, NAN,
     "not computable: 1 of 3 reported (needs at least 2)"),
    # threshold 0 still needs one reported indicator
    ({"a": {"x": (NAN, NAN), "y": (NAN, NAN)}}, "arithmetic", {"threshold": 0}, NAN, NAN,
     "not computable: 0 of 2 reported (needs at least 1)"),
    # reported indicators all of weight 0
    ({"a": {"x": (10, 10), "y": (NAN, NAN)}}, "arithmetic",
     {"weights": {"x": 0, "y": 1}, "threshold": 0.5}, NAN, NAN,
     "not computable: every reported indicator has weight 0"),
    # geometric: sqrt(4 * 9) = 6
    ({"a": {"x": (4, 4), "y": (9, 9)}}, "geometric", {}, 6.0, 6.0, ""),
    # weights 1:3: 4 ** (1/4) * 9 ** (3/4) = sqrt(2) * 3 sqrt(3) = 3 sqrt(6)
    ({"a": {"x": (4, 4), "y": (9, 9)}}, "geometric", {"weights": {"x": 1, "y": 3}},
     3 * math.sqrt(6), 3 * math.sqrt(6), ""),
    # intervals: lower sqrt(1 * 4) = 2, upper sqrt(4 * 9) = 6
    ({"a": {"x": (1, 4), "y": (4, 9)}}, "geometric", {}, 2.0, 6.0, ""),
    # open: lower sqrt(4 * 9), upper open; capped at 16: sqrt(16 * 9) = 12
    ({"a": {"x": (4, INF), "y": (9, 9)}}, "geometric", {}, 6.0, INF, ""),
    ({"a": {"x": (4, INF), "y": (9, 9)}}, "geometric", {"cap": 16}, 6.0, 12.0,
     "open upper bound capped at 16 (1 indicator)"),
    # a zero (bottom of a min-max scale) or a negative z-score: not computable
    ({"a": {"x": (0, 4), "y": (9, 9)}}, "geometric", {}, NAN, NAN,
     "not computable: geometric mean needs values above 0; x has 0"),
    ({"a": {"x": (4, 4), "y": (-0.5, 1)}}, "geometric", {}, NAN, NAN,
     "not computable: geometric mean needs values above 0; y has -0.5"),
    # ... unless that indicator has weight 0: sqrt(9 ** 1) = 9
    ({"a": {"x": (0, 4), "y": (9, 9)}}, "geometric", {"weights": {"x": 0, "y": 1}},
     9.0, 9.0, ""),
]


@pytest.mark.parametrize(("values", "method", "kwargs", "low", "high", "note"), CASES)
def test_aggregate_one_city(values, method, kwargs, low, high, note) -> None:
    out = aggregate(_frame(values), method, **kwargs)
    assert len(out) == 1
    row = out.iloc[0]
    for got, want in ((row["lower"], low), (row["upper"], high)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
    assert row["note"] == note
    assert row["status"] == ("not computable" if note.startswith("not computable") else "computed")


@pytest.mark.parametrize(("reported", "computed"), [(13, True), (12, False)])
def test_threshold_is_exact_on_twenty_indicators(reported: int, computed: bool) -> None:
    # 0.65 * 20 is 13.000000000000002 in floating point; 13 of 20 must pass
    cells = {f"i{n:02d}": (1.0, 1.0) if n < reported else (NAN, NAN) for n in range(20)}
    row = aggregate(_frame({"a": cells})).iloc[0]
    assert (row["status"] == "computed") is computed
    assert row["n_reported"] == reported and row["n_indicators"] == 20


def test_groups_and_missing_rows() -> None:
    # b has no row for y at all: not reported. x is in both groups.
    data = _frame({"a": {"x": (10, 10), "y": (30, 30)}, "b": {"x": (20, 20)}})
    out = aggregate(data, framework={"one": ["x", "y"], "two": ["x"]}, threshold=0.5)
    assert out[["place_id", "group", "n_reported", "n_indicators"]].to_numpy().tolist() == [
        ["a", "one", 2, 2], ["b", "one", 1, 2], ["a", "two", 1, 1], ["b", "two", 1, 1]]
    # a/one: (10 + 30) / 2; b/one: only x reported (1 of 2 = 0.5 >= 0.5); two: x itself
    assert out["lower"].tolist() == [20.0, 20.0, 10.0, 20.0]
    assert (out["method"] == "arithmetic").all()


def test_column_names_and_input_untouched() -> None:
    data = _frame({"a": A}).rename(columns={"lower": "scaled_lower", "upper": "scaled_upper"})
    before = data.copy()
    out = aggregate(data, lower="scaled_lower", upper="scaled_upper")
    assert out["lower"].iloc[0] == pytest.approx(20.0)
    pd.testing.assert_frame_equal(data, before)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "median"}, "`method` must be one of 'arithmetic', 'geometric'; got 'median'"),
    ({"threshold": 65}, "`threshold` must be a fraction between 0 and 1 (65 % is 0.65); got 65"),
    ({"threshold": -0.1}, "`threshold` must be a fraction between 0 and 1"),
    ({"weights": {"x": -1, "y": 1, "z": 1}}, ("`weights['x']` must be a finite number >= 0; "
     "got -1")),
    ({"weights": {"x": NAN, "y": 1, "z": 1}}, "`weights['x']` must be a finite number >= 0"),
    ({"weights": {"x": 1, "y": 1}}, ("`weights` must be given for every indicator of the "
     "framework (missing ones listed); got ['z']")),
    ({"weights": {"x": 1, "y": 1, "z": 1, "w": 1}}, ("`weights` must be keyed by indicators of "
     "the framework (x, y, z); got ['w']")),
    ({"weights": {"x": 0, "y": 0, "z": 0}}, "weights with a positive sum in group 'overall'"),
    ({"cap": 25}, "`cap` must be at least the known lower bound 30 (a on z); got 25"),
    ({"cap": INF}, "`cap` must be None or a finite number; got inf"),
    ({"framework": {"empty": []}}, ("`framework` must be a mapping of each group to at least "
     "one indicator")),
])
def test_bad_parameters_name_parameter_value_and_what_is_allowed(kwargs, message) -> None:
    with pytest.raises(ValueError) as error:
        aggregate(_frame({"a": A}), **kwargs)
    assert message in str(error.value)


@pytest.mark.parametrize(("data", "message"), [
    (pd.concat([_frame({"a": A}), _frame({"a": {"x": (1, 1)}})]),
     "more than one row for place_id='a', indicator_id='x'"),
    (_frame({"a": {"x": (5, 1)}}), ("place_id='a', indicator_id='x': interval [5.0, 1.0]: "
     "expected lower <= upper")),
    (_frame({"a": {"x": (5, NAN)}}), "interval [5.0, nan]"),
])
def test_bad_frames_are_refused(data, message) -> None:
    with pytest.raises(ValueError) as error:
        aggregate(data)
    assert message in str(error.value)


def test_empty_group_bounds_are_nan_not_zero() -> None:
    out = aggregate(_frame({"a": A, "b": {"x": (NAN, NAN)}}))
    assert np.isnan(out.loc[out["place_id"] == "b", ["lower", "upper"]].to_numpy()).all()


def test_by_runs_in_one_call_equals_one_call_per_run() -> None:
    # run 1 is the first case (20 .. 80/3); run 2 opens y (20 .. inf) and drops b's x
    one = _frame({"a": A, "b": {"x": (5, 5), "y": (7, 7), "z": (9, 9)}}).assign(run=1)
    two = _frame({"a": {**A, "y": (20, INF)}, "b": {"y": (7, 7), "z": (9, 9)}}).assign(run=2)
    together = aggregate(pd.concat([one, two], ignore_index=True), by=["run"])
    assert together.columns.tolist()[:4] == ["run", "place_id", "group", "method"]
    separate = pd.concat([aggregate(one).assign(run=1), aggregate(two).assign(run=2)],
                         ignore_index=True)
    pd.testing.assert_frame_equal(together, separate[together.columns.tolist()])
    assert together["lower"].tolist() == pytest.approx([20.0, 7.0, 20.0, 8.0])
