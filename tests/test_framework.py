"""The KFLC framework (:mod:`lcstudy.compare.framework`): each area's indicators, what the evidence covers."""

from __future__ import annotations

import pandas as pd

from lcstudy.compare.framework import framework


def test_framework_groups_by_area_and_skips_empty_areas(catalogue: pd.DataFrame,
                                                        kflc: pd.DataFrame) -> None:
    assert framework(catalogue, kflc) == {"kf1": ["x", "y"], "kf2": ["z"],
                                          "overall": ["x", "y", "z"]}


def test_framework_coverage_counts_states_per_area_of_focus():
    from lcstudy.compare.framework import framework_coverage
    framework = pd.DataFrame({"kflc_id": ["k1", "k1-1", "k1-2"], "level": ["area", "focus", "focus"],
                              "parent_id": [None, "k1", "k1"], "label": ["A", "F1", "F2"]})
    catalogue = pd.DataFrame({"indicator_id": ["g", "h"], "kflc_id": ["k1-1", "k1-1"]})
    cells = pd.DataFrame({"indicator_id": ["g", "h", "g", "h"], "measure": "total",
                          "place_id": ["a", "a", "b", "b"],
                          "state": ["exact", "not_reported", "known_zero", "lower_bound"]})
    out = framework_coverage(cells, catalogue, framework, ["a", "b"])
    assert out[["kflc_id", "place_id", "indicators", "coverage"]].values.tolist() == [
        ["k1-1", "a", 2, "exact 1, not reported 1"],
        ["k1-1", "b", 2, "lower bound 1, known zero 1"],
        ["k1-2", "a", 0, "no indicator"], ["k1-2", "b", 0, "no indicator"]]
