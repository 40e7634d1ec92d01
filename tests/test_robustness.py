"""The joint factorial: vectorised cells agree with the comparability model; runs are complete."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.coding.lists import eligible_rounds
from lcstudy.compare.comparability import knowledge, verdicts
from lcstudy.compare.design import full_factorial
from lcstudy.compare.factorial import FACTORS, Robustness
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


def _small_factorial() -> Robustness:
    """Two cities, one group; window and normalisation vary, the rest fixed.

    Under the window ``2021`` the one comparison is drawn over another period
    and the pair verdict turns from undecided to dominates; the
    normalisation swaps the two cities' ranks.
    """
    base = {factor: "x" for factor in FACTORS}
    runs = pd.DataFrame([{**base, "run": i, "window": w, "normalisation": m}
                         for i, (w, m) in enumerate([("own", "minmax"), ("own", "rank"),
                                                     ("2021", "minmax"), ("2021", "rank")])])
    pairs = pd.DataFrame({"run": range(4), "group": "overall", "place_id": "a", "other_id": "b",
                          "verdict": ["undecided", "undecided", "dominates", "dominates"],
                          "indicators": 2, "compared": [1, 1, 2, 2], "refused": [1, 1, 0, 0]})
    ranks = pd.DataFrame([{"run": r, "group": "overall", "place_id": c, "best": b, "worst": b,
                           "copeland_lower": 0, "copeland_upper": 0, "note": ""}
                          for r in range(4) for c, b in (("a", 1 + r % 2), ("b", 2 - r % 2))])
    comparisons = pd.DataFrame([{**{f: "x" for f in FACTORS[:4]}, "window": w,
                                 "indicator_id": "awards", "measure": "total", "city_a": "a",
                                 "city_b": "b", "period": period, "verdict": verdict,
                                 "reason_code": code}
                                for w, period, verdict, code in
                                (("own", "2017-2024", "undecided", "overlap"),
                                 ("2021", "2021-2024", "higher", "ordered"))])
    return Robustness(runs=runs, ranks=ranks, pairs=pairs, comparisons=comparisons)


def test_changes_counts_what_each_factor_moves_and_marks_inert_factors() -> None:
    """Two factors vary; only the window moves the verdict, only the scaling the rank."""
    changes = _small_factorial().changes().set_index("factor")
    assert changes.loc["window", ["comparisons", "verdicts", "ranks", "inert"]].tolist() == [
        1, 1, 0, False]
    assert changes.loc["normalisation", ["comparisons", "verdicts", "ranks", "inert"]].tolist() \
        == [0, 0, 2, False]
    assert changes.loc["aggregation", ["levels", "inert"]].tolist() == [1, True]
    assert changes["of_verdicts"].eq(1).all() and changes["of_cities"].eq(2).all()
    assert changes["of_comparisons"].eq(1).all()


def test_changed_lists_each_moved_result_with_its_value_under_each_level() -> None:
    changed = _small_factorial().changed()
    window = changed[changed["factor"] == "window"].set_index("result")
    assert window.loc["verdict", "values"] == "own: undecided; 2021: dominates"
    assert window.loc["comparison", "values"] == (
        "own: undecided over 2017-2024; 2021: higher over 2021-2024")
    assert window.loc["verdict", ["moved_in", "sets"]].tolist() == [2, 2]
    ranks = changed[(changed["factor"] == "normalisation") & (changed["result"] == "rank")]
    assert ranks.set_index("place_id")["values"].to_dict() == {
        "a": "minmax: 1; rank: 2", "b": "minmax: 2; rank: 1"}
    assert set(changed["factor"]) == {"window", "normalisation"}


def test_by_level_shows_the_period_each_window_compares_over() -> None:
    by_window = _small_factorial().by_level("window")
    assert by_window[["level", "period", "period_changed", "verdict_changed"]].to_numpy(
        ).tolist() == [["own", "2017-2024", False, False], ["2021", "2021-2024", True, True]]
    with pytest.raises(ValueError, match="factor"):
        _small_factorial().by_level("normalisation")


def test_verdict_shares_carry_the_compared_and_refused_counts() -> None:
    shares = _small_factorial().verdict_shares().iloc[0]
    assert shares[["indicators", "compared_min", "compared_max", "refused_min",
                   "refused_max"]].tolist() == [2, 1, 2, 0, 1]
    assert shares[["dominates", "undecided"]].tolist() == [0.5, 0.5]


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
