"""Exhibits do not depend on the order in which cities or indicators are given."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lcstudy.compare.robustness import robustness
from lcstudy.config import project_paths
from lcstudy.data.validate import load_valid
from lcstudy.study import open_study

FLIP = {"dominates": "dominated", "dominated": "dominates"}


@pytest.fixture(scope="module")
def study():
    return open_study(project_paths().root)


def test_compare_gives_the_same_cells_for_any_order_of_cities_and_indicators(study) -> None:
    cities, indicators = study.cities, list(study.table("knowledge")["indicator_id"].unique())
    given = study.compare(cities=cities, indicators=indicators).table()
    permuted = study.compare(cities=cities[::-1], indicators=indicators[::-1]).table()
    pd.testing.assert_frame_equal(permuted.loc[given.index, given.columns], given)


def _canonical(pairs: pd.DataFrame) -> set[tuple[object, ...]]:
    """(run, group, {city, other}, verdict read from the alphabetically first city)."""
    out = set()
    for row in pairs.itertuples(index=False):
        first, second = sorted((row.place_id, row.other_id))
        verdict = row.verdict if first == row.place_id else FLIP.get(row.verdict, row.verdict)
        out.add((row.run, row.group, first, second, verdict))
    return out


def test_robustness_gives_the_same_results_for_any_order_of_the_study_cities() -> None:
    """Reversing places.csv (so the study cities' order) changes no rank, score or verdict."""
    evidence = load_valid(project_paths())
    reversed_evidence = dataclasses.replace(evidence, places=evidence.places.iloc[::-1])
    assert reversed_evidence.study_cities == evidence.study_cities[::-1]
    windows = {"own": None}
    given, permuted = robustness(evidence, windows), robustness(reversed_evidence, windows)
    keys = ["run", "group", "place_id"]
    ranks = [r.ranks.sort_values(keys).reset_index(drop=True) for r in (given, permuted)]
    pd.testing.assert_frame_equal(ranks[0], ranks[1])
    assert _canonical(given.pairs) == _canonical(permuted.pairs)
    summary = [r.rank_ranges().sort_values(["group", "place_id"]).reset_index(drop=True)
               for r in (given, permuted)]
    pd.testing.assert_frame_equal(summary[0], summary[1])
    assert _canonical_shares(given.verdict_shares()) == _canonical_shares(
        permuted.verdict_shares())
    changes = [r.changes() for r in (given, permuted)]
    pd.testing.assert_frame_equal(changes[0], changes[1])


def _canonical_shares(shares: pd.DataFrame) -> set[tuple[object, ...]]:
    """tab4's content, read from the alphabetically first city of each pair."""
    out = set()
    for row in shares.to_dict("records"):
        first, second = sorted((row["place_id"], row["other_id"]))
        higher, lower = row["dominates"], row["dominated"]
        if first != row["place_id"]:
            higher, lower = lower, higher
        out.add((row["group"], first, second, higher, lower, row["undecided"],
                 row["not_comparable"], row["indicators"], row["compared_min"],
                 row["compared_max"], row["refused_min"], row["refused_max"]))
    return out
