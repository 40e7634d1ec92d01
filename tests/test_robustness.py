"""The joint factorial: vectorised cells agree with the comparability model; runs are complete."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lcstudy.coding.lists import eligible_rounds
from lcstudy.compare.comparability import knowledge, verdicts
from lcstudy.compare.design import full_factorial
from lcstudy.compare.factorial import FACTORS
from lcstudy.compare.framework import framework
from lcstudy.compare.indicators import denominated_claims
from lcstudy.compare.robustness import _kept, evidence_levels, robustness, variant_cells
from lcstudy.compare.sensitivity import population_choices
from lcstudy.compare.summaries import comparable_pairs, dominance_summary, headline
from lcstudy.config import project_paths
from lcstudy.data.validate import load_valid


def test_every_variant_runs_through_the_one_engine() -> None:
    """Run 1 of the factorial is exactly the committed comparison: there is no second engine."""
    evidence = load_valid(project_paths())
    cities = evidence.study_cities
    groups = framework(evidence.indicators, evidence.kflc)
    rounds = eligible_rounds(evidence, cities)
    table = denominated_claims(evidence)
    known = knowledge(table, cities, evidence.indicators, rounds, searches=evidence.searches,
                      counts_as=evidence.counts_as)
    cells = headline(known, evidence.indicators)
    expected = verdicts(known, table, evidence.indicators, rounds)
    first_population = next(iter(population_choices(evidence.population)))
    variants = pd.DataFrame({"variant": [0], "population": [first_population], "window": ["own"],
                             "confidence": ["all claims"], "left_out": ["none"]})
    _, drawn = variant_cells(evidence, variants, {"own": None})
    pd.testing.assert_frame_equal(drawn.drop(columns="variant"), expected)
    # every variant of the factorial: the same engine on the claims that variant keeps
    windows = {"own": None, "2021-2025": (2021, 2025)}
    levels = evidence_levels(evidence, table, windows)
    every = full_factorial({k: levels[k] for k in ("population", "window", "confidence",
                                                   "left_out")}).drop(columns="run")
    every.insert(0, "variant", range(len(every)))
    _, all_drawn = variant_cells(evidence, every, windows)
    claimed = {name: denominated_claims(evidence, choice)
               for name, choice in population_choices(evidence.population).items()}
    for row in every.itertuples(index=False):
        kept = _kept(claimed[row.population], row.confidence, row.left_out)
        window = windows[row.window]
        direct = verdicts(knowledge(kept, cities, evidence.indicators, rounds, window,
                                     searches=evidence.searches,
                                     counts_as=evidence.counts_as), kept,
                          evidence.indicators, rounds, window)
        got = all_drawn[all_drawn["variant"] == row.variant].drop(columns="variant")
        pd.testing.assert_frame_equal(got.reset_index(drop=True), direct)
    run = robustness(evidence, {"own": None})
    first = run.runs.iloc[0]
    assert first["window"] == "own" and first["left_out"] == "none"
    _, scores = dominance_summary(comparable_pairs(expected, cells), groups, evidence.indicators)
    got = run.ranks[run.ranks["run"] == 1][["group", "place_id", "copeland_lower",
                                            "copeland_upper"]]
    assert sorted(got.to_numpy().tolist()) == sorted(
        scores[["group", "place_id", "lower", "upper"]].to_numpy().tolist())


def test_every_run_has_every_city_group_and_pair() -> None:
    evidence = load_valid(project_paths())
    run = robustness(evidence, {"a": None, "b": (2021, 2025)})
    n_cities = len(evidence.study_cities)
    n_groups = len(framework(evidence.indicators, evidence.kflc))
    assert list(run.runs.columns) == ["run", *FACTORS]
    assert len(run.ranks) == len(run.runs) * n_cities * n_groups
    assert len(run.pairs) == len(run.runs) * n_groups * n_cities * (n_cities - 1) // 2
    not_ranked = run.ranks["best"].isna()
    assert run.ranks.loc[not_ranked, "note"].str.startswith("not computable").all()
    shares = run.verdict_shares()
    assert np.allclose(shares[["dominates", "dominated", "undecided",
                               "not_comparable"]].sum(axis=1), 1.0)


def test_leave_one_document_out_leaves_out_a_family_with_all_its_versions() -> None:
    """One level per document family of sources.csv: never one language version alone."""
    evidence = load_valid(project_paths())
    sources = evidence.sources
    linked = sources[sources["sha256"].notna()]
    twins = {frozenset((a, b)) for a, b in zip(linked["source_id"], linked["version_of"]
                                                .fillna(linked["translation_of"]), strict=True)
             if pd.notna(b)}
    levels = evidence_levels(evidence, denominated_claims(evidence), {"own": None})["left_out"]
    families = [set(level.split(";")) for level in levels[1:]]
    assert twins, "the shipped study has language versions"
    for pair in twins:
        assert any(pair <= family for family in families), pair
    every = [source for family in families for source in family]
    assert len(every) == len(set(every))  # each document in one family only
    kept = _kept(denominated_claims(evidence), "all claims", levels[1])
    assert not set(";".join(kept["source_ids"]).split(";")) & families[0]


def test_ranks_exist_only_when_every_city_is_computable() -> None:
    from lcstudy.compare.robustness import _ranks

    agg = pd.DataFrame({"problem": "p", "normalisation": "minmax", "aggregation": "arithmetic",
                        "group": ["g1"] * 3 + ["g2"] * 3, "place_id": list("abc") * 2,
                        "lower": [30.0, 20.0, 10.0, 30.0, 20.0, np.nan],
                        "upper": [30.0, 20.0, 10.0, 30.0, 20.0, np.nan],
                        "note": ["", "", "", "", "", "not computable: 1 of 3 reported"]})
    out = _ranks(agg)
    assert out.loc[out["group"] == "g1", "best"].tolist() == [1.0, 2.0, 3.0]
    g2 = out[out["group"] == "g2"]
    assert g2["best"].isna().all() and g2["worst"].isna().all()
    assert g2["note"].tolist() == ["no rank: another city's aggregate is not computable"] * 2 + [
        "not computable: 1 of 3 reported"]
