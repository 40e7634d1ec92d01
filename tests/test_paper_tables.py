"""The paper's tables: each built from its own small factorial, or derived from data/raw."""

from __future__ import annotations

import pandas as pd
import pytest

from lcstudy.compare.factorial import FACTORS, Robustness
from lcstudy.exhibits.paper_tables import (
    dominance_table,
    held_values_table,
    profile_table,
    ranks_table,
    save_paper_tables,
)
from lcstudy.intervals import interval_label
from lcstudy.study import open_study

NAMES = {"a": "Aville", "b": "Btown"}
LABELS = {"overall": "Overall"}


def _factorial() -> Robustness:
    """Two runs of one pair: compared on 1 then 2 of 3 indicators; undecided, then dominates."""
    runs = pd.DataFrame([{**{f: "x" for f in FACTORS}, "run": r} for r in range(2)])
    pairs = pd.DataFrame({"run": [0, 1], "group": "overall", "place_id": "a", "other_id": "b",
                          "verdict": ["undecided", "dominates"], "indicators": 3,
                          "compared": [1, 2], "refused": [2, 1]})
    ranks = pd.DataFrame([{"run": r, "group": "overall", "place_id": c, "best": best,
                           "worst": best, "copeland_lower": -1, "copeland_upper": 1, "note": ""}
                          for r in range(2) for c, best in (("a", 1 + r), ("b", 2 - r))])
    return Robustness(runs=runs, ranks=ranks, pairs=pairs, comparisons=pd.DataFrame())


def test_dominance_table_names_the_pair_and_the_range_of_indicators_compared() -> None:
    row = dominance_table(_factorial(), NAMES, LABELS).iloc[0]
    assert (row["group"], row["pair"]) == ("Overall", "Aville – Btown")
    assert (row["indicators"], row["compared"], row["refused"]) == (3, "1–2", "1–2")
    assert (row["dominates"], row["undecided"], row["dominated"]) == (0.5, 0.5, 0.0)
    assert row["runs"] == 2


def test_ranks_table_gives_each_city_its_rank_range_over_the_runs() -> None:
    table = ranks_table(_factorial(), NAMES, LABELS).set_index("city")
    assert table.loc["Aville", ["best", "worst"]].tolist() == [1, 2]
    assert table.loc["Btown", ["copeland_lower", "copeland_upper"]].tolist() == [-1, 1]
    assert set(table["group"]) == {"Overall"}


@pytest.fixture(scope="module")
def study(repo_paths):
    return open_study(repo_paths.root)


def test_held_values_table_has_one_column_per_study_city_in_order(study) -> None:
    table = held_values_table(study)
    assert table.columns.tolist() == ["indicator", *[study.names[c] for c in study.cities]]
    assert table["indicator"].is_unique


def test_profile_table_reads_membership_and_awards_from_the_claims(study) -> None:
    """GNLC membership as the claims hold it; ``none`` only for a known zero, ``?`` if unknown."""
    profile = profile_table(study).set_index("city")
    claims, knowledge = study.table("claims"), study.table("knowledge")
    assert profile.index.tolist() == [study.names[c] for c in study.cities]
    joined = claims[(claims["indicator_id"] == "gnlc_membership")
                    & (claims["status"] == "happened") & (claims["role"] == "subject")]
    awards = knowledge[(knowledge["indicator_id"] == "learning_city_awards")
                       & (knowledge["measure"] == "total")].set_index("place_id")
    for city in study.cities:
        held = joined[joined["place_id"] == city]
        expected = interval_label(held["lower"].iloc[-1], held["upper"].iloc[-1]) \
            if len(held) else "?"
        assert profile.loc[study.names[city], "GNLC member since"] == expected
        award = profile.loc[study.names[city], "UNESCO award"]
        assert award.startswith("none") == (awards.loc[city, "state"] == "known_zero"), award


def test_save_paper_tables_writes_every_table_to_the_folder_given(study, tmp_path) -> None:
    small = Robustness(runs=_factorial().runs, ranks=_factorial().ranks.replace(
        {"a": study.cities[0], "b": study.cities[1]}), pairs=_factorial().pairs.replace(
        {"a": study.cities[0], "b": study.cities[1]}), comparisons=pd.DataFrame())
    written = save_paper_tables(study, small, LABELS, folder=tmp_path)
    assert list(written) == ["tab1_comparison", "tab2_populations", "tab3_comparability",
                             "tab4_robustness", "tab6_ranks", "tab5_profile"]
    assert all(path.parent == tmp_path and path.exists() for paths in written.values()
               for path in paths)
    assert "over 2 runs" in (tmp_path / "tab4_robustness.md").read_text(encoding="utf-8")
