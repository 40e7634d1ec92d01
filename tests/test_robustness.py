"""The joint factorial: vectorised cells agree with the comparability model; runs are complete."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.comparability import common_window, knowledge, verdicts
from lcstudy.config import project_paths
from lcstudy.indicators import normalised_claims
from lcstudy.robustness import FACTORS, robustness, variant_cells
from lcstudy.summaries import comparable_pairs, dominance_summary, framework, headline
from lcstudy.validate import load_valid


def _claims(rows: list[tuple[str, str, str, float, float, str | None, str | None]]
            ) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place_id", "indicator_id", "claim", "lo", "hi",
                                       "relation", "complete_list"]).assign(
        variant=0, measure="total", coverage="")


@pytest.mark.parametrize(("rows", "state_a", "verdict"), [
    # one shared agreement only: one tie, not comparable
    ([("a", "g", "ab", 1, 1, "shared", None), ("b", "g", "ab", 1, 1, "shared", None)],
     "known", "not_comparable"),
    # a has its own claim besides the shared one: [1, inf) against [0, inf): undecided
    ([("a", "g", "ab", 1, 1, "shared", None), ("a", "g", "a1", 1, 1, None, None),
      ("b", "g", "ab", 1, 1, "shared", None)], "known", "undecided"),
    # complete lists: 1 against a known 0: higher
    ([("a", "g", "w", 1, 1, None, "list"), ("b", "g", "n", 0, 0, None, "list")],
     "known", "higher"),
    # b not reported
    ([("a", "g", "x", 3, np.inf, None, None)], "bounded", "not_comparable"),
])
def test_variant_cells_follow_the_comparability_rules(rows: list, state_a: str,
                                                      verdict: str) -> None:
    cells, pairs = variant_cells(_claims(rows), ["a", "b"], ["g"])
    assert cells.loc[cells["place_id"] == "a", "state"].item() == state_a
    assert pairs["verdict"].tolist() == [verdict]


def test_variant_cells_agree_with_the_comparability_model_on_the_study() -> None:
    evidence = load_valid(project_paths())
    cities = evidence.study_cities
    groups = framework(evidence.indicators, evidence.kflc)
    table = normalised_claims(evidence)
    window = common_window(table, cities, groups["overall"])
    cells = headline(knowledge(table, cities, evidence.indicators, window), evidence.indicators)
    expected = verdicts(knowledge(table, cities, evidence.indicators, window), table,
                        evidence.indicators)
    run = robustness(evidence, {"common": window})
    first = run.runs.iloc[0]
    assert first["window"] == "common" and first["left_out"] == "none"
    # the Copeland intervals of run 1 are those of the committed verdicts
    _, scores = dominance_summary(cells, comparable_pairs(expected, cells), groups)
    got = run.ranks[run.ranks["run"] == 1][["group", "place_id", "copeland_lower",
                                            "copeland_upper"]]
    assert got.to_numpy().tolist() == scores[["group", "place_id", "lower", "upper"]
                                             ].to_numpy().tolist()


def test_every_run_has_every_city_group_and_pair() -> None:
    evidence = load_valid(project_paths())
    run = robustness(evidence, {"a": (2015, 2024), "b": (2013, 2026)})
    n_cities = len(evidence.study_cities)
    n_groups = len(framework(evidence.indicators, evidence.kflc))
    assert list(run.runs.columns) == ["run", *FACTORS]
    assert len(run.ranks) == len(run.runs) * n_cities * n_groups
    assert len(run.pairs) == len(run.runs) * n_groups * n_cities * (n_cities - 1) // 2
    not_ranked = run.ranks["best"].isna()
    assert run.ranks.loc[not_ranked, "note"].str.startswith("not computable").all()
    shares = run.verdict_shares()
    assert np.allclose(shares[["surely higher", "surely lower", "undecided",
                               "not comparable"]].sum(axis=1), 1.0)
