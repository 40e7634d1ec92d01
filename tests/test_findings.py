"""Result sentences follow the numbers: they change when a city is added or evidence removed."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from lcstudy.compare.comparability import knowledge, verdicts
from lcstudy.compare.factorial import FACTORS, Robustness
from lcstudy.compare.findings import findings, robustness_findings
from lcstudy.compare.robustness import robustness
from lcstudy.config import project_paths
from lcstudy.data.validate import load_valid

CATALOGUE = pd.DataFrame({"indicator_id": ["awards", "events"], "direction": ["higher", "higher"],
                          "per_capita": [False, False]})
ROUNDS = pd.DataFrame([("l2019", "awards", city, True, 2019) for city in ("a", "b", "c")]
                      + [("l2021", "awards", city, True, 2021) for city in ("a", "b", "c")],
                      columns=["list_id", "indicator_id", "place_id", "eligible", "year"])
NAMES = {"a": "Alpha", "b": "Beta", "c": "Gamma"}
LABELS = {"awards": "Awards", "events": "Events"}


def _claim(claim: str, place: str, indicator: str, value: float, year: int,
           listed: str | None = None, upper: float = math.inf) -> dict[str, object]:
    return {"claim": claim, "place_id": place, "indicator_id": indicator, "lower": value,
            "upper": value if listed else upper, "year": year, "period_start": None,
            "role": "subject", "relation": None, "complete_list": listed, "status": "happened",
            "part_of": None, "population_definition": None, "source_ids": f"s-{claim}",
            "lower_per_100k": math.nan, "upper_per_100k": math.nan}


def _findings(rows: list[dict[str, object]], cities: list[str]) -> list[str]:
    claims = pd.DataFrame(rows).astype({"year": "Int64"})
    rounds = ROUNDS[ROUNDS["place_id"].isin(cities)]
    cells = knowledge(claims, cities, CATALOGUE, rounds)
    return findings(verdicts(cells, claims, CATALOGUE, rounds), NAMES, LABELS)


#: a won the 2019 round, b is a known zero of it; both report events in 2020.
CLAIMS = [_claim("a-award", "a", "awards", 1, 2019, "l2019"),
          _claim("b-award", "b", "awards", 0, 2019, "l2019"),
          _claim("a-ev", "a", "events", 3, 2020), _claim("b-ev", "b", "events", 1, 2020)]


def test_the_sentences_state_the_tally_and_each_order_with_its_values() -> None:
    assert _findings(CLAIMS, ["a", "b"]) == [
        "2 comparisons (2 cities in pairs, each pair over the years both cover): 1 ordered, "
        "0 equal, 1 undecided, 0 refused.",
        "Awards (total), 2019-2021, 2 rounds: Alpha ahead of Beta, 1 vs 0.",
    ]


def test_adding_a_city_adds_its_findings_and_leaves_the_others() -> None:
    before = _findings(CLAIMS, ["a", "b"])
    after = _findings([*CLAIMS, _claim("c-award", "c", "awards", 2, 2021, "l2021"),
                       _claim("c-ev", "c", "events", 5, 2021)], ["a", "b", "c"])
    assert after[0] == ("6 comparisons (3 cities in pairs, each pair over the years both "
                        "cover): 3 ordered, 0 equal, 1 undecided, 2 refused (2 no_common_period).")
    assert before[1] in after  # a and b as before
    assert "Awards (total), 2019-2021, 2 rounds: Gamma ahead of Alpha, 2 vs 1." in after


def test_removing_the_evidence_of_an_order_removes_its_sentence() -> None:
    lines = _findings(CLAIMS[1:], ["a", "b"])
    assert not any("ahead" in line for line in lines)
    assert "0 ordered" in lines[0]


def _factorial(verdicts: list[str], compared: list[int]) -> Robustness:
    """Two cities a, b in one group, four runs over the window and the normalisation."""
    base = {factor: "x" for factor in FACTORS}
    runs = pd.DataFrame([{**base, "run": i, "window": w, "normalisation": m}
                         for i, (w, m) in enumerate([("own", "minmax"), ("own", "rank"),
                                                     ("2021", "minmax"), ("2021", "rank")])])
    pairs = pd.DataFrame({"run": range(4), "group": "overall", "place_id": "a", "other_id": "b",
                          "verdict": verdicts, "indicators": 2, "compared": compared,
                          "refused": [2 - c for c in compared]})
    ranks = pd.DataFrame([{"run": r, "group": "overall", "place_id": c, "best": math.nan,
                           "worst": math.nan, "copeland_lower": -1, "copeland_upper": 1,
                           "note": "not computable: 0 of 2 reported (needs at least 2)"}
                          for r in range(4) for c in ("a", "b")])
    comparisons = pd.DataFrame([{**{f: "x" for f in FACTORS[:4]}, "window": w,
                                 "indicator_id": "awards", "measure": "total", "city_a": "a",
                                 "city_b": "b", "period": period, "verdict": "higher",
                                 "reason_code": "ordered"}
                                for w, period in (("own", "2017-2024"), ("2021", "2021-2024"))])
    return Robustness(runs=runs, ranks=ranks, pairs=pairs, comparisons=comparisons)


def test_robustness_statements_carry_counts_and_shares() -> None:
    lines = robustness_findings(_factorial(["undecided", "undecided", "dominates",
                                            "dominates"], [1, 1, 2, 2]),
                                NAMES, {"overall": "Overall"})
    assert lines[0].startswith("4 runs: every combination of the levels of 7 factors (")
    assert lines[1] == (
        "Window moves 1 of 1 engine comparisons, 1 of 1 summary verdicts, 0 rank and 0 Copeland "
        "intervals of 2. Summary verdicts it moves: Overall, Alpha–Beta: own: undecided; 2021: "
        "dominates (in 2 of 2 sets of runs).")
    assert lines[2].startswith("Inert on this evidence, so no evidence of robustness")
    assert "normalisation" in lines[2] and "window" not in lines[2]
    assert lines[3] == ("The comparison period: under the window 2021, 1 of 1 comparisons are "
                        "drawn over another period than under own, and 0 reach another verdict.")
    assert lines[4] == ("Overall, Alpha vs Beta: compared on 1–2 of 2 indicators, 0–1 refused; "
                        "Alpha dominates in 50 %, undecided in 50 % of 4 runs.")
    assert lines[5] == ("Overall: no city is ranked in any of 4 runs: not computable: 0 of 2 "
                        "reported (needs at least 2) (in all 8 city runs).")


def test_necessarily_only_when_it_holds_in_every_run() -> None:
    every = robustness_findings(_factorial(["dominated"] * 4, [2] * 4), NAMES,
                                {"overall": "Overall"})
    assert ("Overall, Alpha vs Beta: compared on 2 of 2 indicators, 0 refused; Beta dominates "
            "Alpha necessarily: in every one of 4 runs.") in every
    three = robustness_findings(_factorial(["dominated"] * 3 + ["undecided"], [2] * 4),
                                NAMES, {"overall": "Overall"})
    assert not any("necessarily" in line for line in three)
    assert any("Beta dominates in 75 %, undecided in 25 % of 4 runs." in line
               for line in three)


def test_robustness_statements_change_when_a_document_is_removed() -> None:
    """On the shipped study: drop every fact of one cited document family, the statements move."""
    evidence = load_valid(project_paths())
    areas = evidence.kflc.set_index("kflc_id")["label"].to_dict() | {"overall": "Overall"}
    names = evidence.place_names.to_dict()
    windows = {"own": None}
    given = robustness(evidence, windows)
    family = given.runs["left_out"].drop_duplicates().iloc[1].split(";")
    kept = evidence.facts[~evidence.facts["source_id"].isin(family)]
    removed = robustness(dataclasses.replace(evidence, facts=kept), windows)
    before = robustness_findings(given, names, areas)
    after = robustness_findings(removed, names, areas)
    assert before != after
    for factorial, lines in ((given, before), (removed, after)):
        assert lines[0].startswith(f"{len(factorial.runs)} runs")
        for row in factorial.verdict_shares().itertuples(index=False):
            said = [line for line in lines if line.startswith(
                f"{areas[row.group]}, {names[row.place_id]} vs {names[row.other_id]}: ")]
            assert len(said) == 1 and f"of {row.indicators} indicators" in said[0]
