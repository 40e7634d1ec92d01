"""Summaries over the factorial's runs: rank ranges and verdict shares."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.factorial import rank_summary, verdict_shares

NAN = math.nan


#: (exact ranks or interval ranks per run, expected best, worst, median_best, median_worst)
RANKS = [
    # exact ranks 1, 3, 2: best 1, worst 3, median 2
    ({"rank": [1, 3, 2]}, "rank", (1, 3, 2, 2)),
    # an unranked run is counted in runs but not used
    ({"rank": [1, NAN, 2]}, "rank", (1, 2, 1.5, 1.5)),
    # interval ranks [1, 2], [2, 3], [1, 1]: best 1, worst 3; medians 1 and 2
    ({"lo": [1, 2, 1], "hi": [2, 3, 1]}, ("lo", "hi"), (1, 3, 1, 2)),
]


@pytest.mark.parametrize(("columns", "rank", "expected"), RANKS)
def test_rank_summary(columns, rank, expected) -> None:
    runs = pd.DataFrame({"place_id": ["a"] * 3, **columns})
    out = rank_summary(runs, rank).iloc[0]
    assert out[["best", "worst", "median_best", "median_worst"]].tolist() == list(expected)
    assert out["runs"] == 3
    assert out["ranked"] == int(np.isfinite(runs.iloc[:, 1]).sum())


def test_verdict_shares() -> None:
    # a-b: 2 of 4 dominates, 1 undecided, 1 not_comparable; b-a: the mirror
    verdicts = ["dominates", "undecided", "dominates", "not_comparable"]
    mirror = ["dominated", "undecided", "dominated", "not_comparable"]
    runs = pd.DataFrame({"place_id": ["a"] * 4 + ["b"] * 4, "other_id": ["b"] * 4 + ["a"] * 4,
                         "verdict": verdicts + mirror})
    out = verdict_shares(runs)
    assert out.columns.tolist() == ["place_id", "other_id", "runs", "dominates",
                                    "dominated", "undecided", "not_comparable"]
    assert out.iloc[:, 2:].to_numpy().tolist() == [[4, 0.5, 0, 0.25, 0.25],
                                                   [4, 0, 0.5, 0.25, 0.25]]


def test_verdict_shares_refuses_unknown_or_missing_verdicts() -> None:
    runs = pd.DataFrame({"place_id": ["a", "a"], "other_id": ["b", "b"],
                         "verdict": ["better", None]})
    with pytest.raises(ValueError, match=r"`verdict` must be verdicts among dominates"):
        verdict_shares(runs)
