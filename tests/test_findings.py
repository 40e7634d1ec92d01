"""Result sentences follow the numbers: they change when a city is added or evidence removed."""

from __future__ import annotations

import math

import pandas as pd

from lcstudy.comparability import knowledge, verdicts
from lcstudy.findings import findings

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
