"""Comparability: periods per pair, states as the model holds them, every verdict and reason code."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.comparability import VERDICTS, knowledge, verdicts
from lcstudy.compare.reasons import REASON_CODES, REFUSALS
from lcstudy.data.vocabularies import NOT_STATED
from lcstudy.intervals import STATES

INF, NAN = math.inf, math.nan
CATALOGUE = pd.DataFrame({
    "indicator_id": ["g", "p", "w", "ctx"],
    "direction": ["higher", "higher", "higher", "none"],
    "per_capita": [False, True, False, False],
})
NO_ROUNDS = pd.DataFrame({"list_id": pd.Series(dtype=object),
                          "indicator_id": pd.Series(dtype=object),
                          "place_id": pd.Series(dtype=object), "eligible": pd.Series(dtype=bool),
                          "year": pd.Series(dtype=int)})


def _claim(claim: str, place: str, indicator: str = "g", lower: float = 1.0,
           upper: float = INF, *, year: int | None = 2020, start: str | None = None,
           role: str = "subject", relation: str | None = None,
           complete_list: str | None = None, status: str = "happened",
           definition: str | None = None,
           per_100k: tuple[float, float] = (NAN, NAN)) -> dict[str, object]:
    """One row of normalised claims, with the columns the comparability rules read."""
    return {"claim": claim, "place_id": place, "indicator_id": indicator, "lower": lower,
            "upper": upper, "year": year, "period_start": start, "role": role,
            "relation": relation, "complete_list": complete_list, "status": status,
            "part_of": None, "population_definition": definition,
            "lower_per_100k": per_100k[0], "upper_per_100k": per_100k[1],
            "source_ids": f"s-{claim}"}


def _claims(*rows: dict[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _rounds(*rows: tuple[str, str, str, bool, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["list_id", "indicator_id", "place_id", "eligible", "year"])


def _pairs(claims, cities=("a", "b"), rounds=NO_ROUNDS, window=None, counts_as=None):
    cells = knowledge(claims, list(cities), CATALOGUE, rounds, window, counts_as=counts_as)
    return cells, verdicts(cells, claims, CATALOGUE, rounds, window)


def _row(pairs, indicator="g", measure="total", a="a", b="b"):
    return pairs[(pairs["indicator_id"] == indicator) & (pairs["measure"] == measure)
                 & (pairs["city_a"] == a) & (pairs["city_b"] == b)].iloc[0]


# --- periods ---------------------------------------------------------------------------------

def test_a_pair_is_compared_over_the_overlap_of_both_periods_only():
    claims = _claims(_claim("a1", "a", year=2013), _claim("a2", "a", lower=5, year=2021),
                     _claim("b1", "b", lower=2, year=2019), _claim("b2", "b", year=2025))
    cells, pairs = _pairs(claims)
    row = _row(pairs)
    own = cells[(cells["indicator_id"] == "g") & (cells["measure"] == "total")]
    assert own["period"].tolist() == ["2013-2021", "2019-2025"]
    assert row["period"] == "2019-2021"
    # a2 (2021) and b1 (2019) are inside; a1 and b2 are not
    assert (row["a_lower"], row["b_lower"]) == (5.0, 2.0)
    assert row["source_ids"] == "s-a2;s-b1"


def test_no_overlap_is_refused_naming_both_periods():
    claims = _claims(_claim("a1", "a", year=2015), _claim("b1", "b", year=2024))
    row = _row(_pairs(claims)[1])
    assert (row["verdict"], row["reason_code"]) == ("not_comparable", "no_common_period")
    assert row["reason"] == "no common period: a 2015-2015, b 2024-2024"
    assert row["period"] == ""


def test_a_claim_counts_only_when_its_whole_span_lies_in_the_period():
    claims = _claims(_claim("a1", "a", lower=101, year=2021, start="2018-10"),
                     _claim("a2", "a", year=2021), _claim("b1", "b", year=2021))
    cells, pairs = _pairs(claims)
    assert cells.loc[(cells["place_id"] == "a") & (cells["indicator_id"] == "g"),
                     "period"].item() == "2018-2021"
    row = _row(pairs)  # the pair covers 2021 only: "the last three years" is not inside it
    assert (row["period"], row["a_lower"]) == ("2021-2021", 1.0)


def test_the_window_only_narrows():
    claims = _claims(_claim("a1", "a", year=2016), _claim("a2", "a", year=2020),
                     _claim("b1", "b", year=2016), _claim("b2", "b", year=2020))
    assert _row(_pairs(claims)[1])["period"] == "2016-2020"
    assert _row(_pairs(claims, window=(2019, 2030))[1])["period"] == "2019-2020"
    out = _row(_pairs(claims, window=(2021, 2030))[1])
    assert (out["verdict"], out["reason_code"]) == ("not_comparable", "outside_window")


def test_a_city_without_any_dated_evidence_covers_no_period():
    claims = _claims(_claim("a1", "a", year=2020), _claim("b1", "b", year=None))
    row = _row(_pairs(claims)[1])
    assert row["reason_code"] == "no_period"
    assert "b: evidence covers no period" in row["reason"]


def test_adding_a_city_changes_no_row_of_the_other_pairs():
    claims = _claims(_claim("a1", "a", year=2018), _claim("a2", "a", lower=3, year=2021),
                     _claim("b1", "b", year=2020), _claim("c1", "c", lower=9, year=2019),
                     _claim("ab", "a", indicator="w", relation="shared", year=2020),
                     _claim("ab", "b", indicator="w", relation="shared", role="partner",
                            year=2020),
                     _claim("zc", "c", indicator="w", complete_list="l", lower=0, upper=0,
                            year=2019))
    rounds = _rounds(("l", "w", "c", True, 2019), ("l", "w", "a", False, 2019),
                     ("l", "w", "b", False, 2019))
    two_cells, two = _pairs(claims, ("a", "b"), rounds)
    three_cells, three = _pairs(claims, ("a", "b", "c"), rounds)
    kept = three[(three["city_a"].isin(["a", "b"])) & (three["city_b"].isin(["a", "b"]))]
    pd.testing.assert_frame_equal(two.reset_index(drop=True), kept.reset_index(drop=True))
    pd.testing.assert_frame_equal(
        two_cells.reset_index(drop=True),
        three_cells[three_cells["place_id"] != "c"].reset_index(drop=True))


# --- states and verdicts ---------------------------------------------------------------------

@pytest.mark.parametrize(("rows", "state", "bounds"), [
    pytest.param([_claim("c1", "a", lower=6, upper=6)], "lower_bound", (6.0, INF),
                 id="a reported count is a lower bound"),
    pytest.param([_claim("c1", "a", lower=1, upper=1, complete_list="l")], "exact", (1.0, 1.0),
                 id="exact from a complete list"),
    pytest.param([_claim("c1", "a", lower=0, upper=0, complete_list="l")], "known_zero",
                 (0.0, 0.0), id="known zero"),
    pytest.param([_claim("c1", "a", lower=NAN, upper=NAN)], "not_reported", (NAN, NAN),
                 id="an unknown term"),
])
def test_states_are_what_the_model_holds(rows, state, bounds):
    claims = _claims(*rows, _claim("b1", "b"))
    rounds = _rounds(("l", "g", "a", True, 2020), ("l", "g", "b", True, 2020)) \
        if rows[0]["complete_list"] else NO_ROUNDS
    cells = knowledge(claims, ["a", "b"], CATALOGUE, rounds)
    cell = cells[(cells["place_id"] == "a") & (cells["indicator_id"] == "g")].iloc[0]
    assert cell["state"] == state
    np.testing.assert_equal((cell["lower"], cell["upper"]), bounds)


def test_two_lower_bounds_are_undecided_and_a_refusal_is_not_a_tie():
    claims = _claims(_claim("a1", "a", lower=1), _claim("b1", "b", lower=4))
    row = _row(_pairs(claims)[1])
    assert (row["verdict"], row["reason_code"]) == ("undecided", "overlap")
    assert (row["a_state"], row["a_upper"]) == ("lower_bound", INF)


def test_complete_lists_order_over_the_rounds_both_could_enter():
    claims = _claims(_claim("a15", "a", indicator="w", lower=1, upper=1, complete_list="l15",
                            year=2015),
                     _claim("a17", "a", indicator="w", lower=0, upper=0, complete_list="l17",
                            year=2017),
                     _claim("b17", "b", indicator="w", lower=1, upper=1, complete_list="l17",
                            year=2017))
    rounds = _rounds(("l15", "w", "a", True, 2015), ("l15", "w", "b", False, 2015),
                     ("l17", "w", "a", True, 2017), ("l17", "w", "b", True, 2017))
    cells, pairs = _pairs(claims, rounds=rounds)
    a = cells[(cells["place_id"] == "a") & (cells["indicator_id"] == "w")].iloc[0]
    assert (a["period"], a["rounds"], a["lower"]) == ("2015-2017", 2.0, 1.0)
    row = _row(pairs, "w")
    assert (row["period"], row["rounds"], row["verdict"], row["better"]) == (
        "2017-2017", 1.0, "lower", "b")
    assert row["reason_code"] == "ordered"


def test_a_shared_tie_is_refused_and_taken_out_of_both_sides():
    tie = dict(indicator="w", relation="shared", year=2020)
    claims = _claims(_claim("ab", "a", **tie), _claim("ab", "b", role="partner", **tie))
    row = _row(_pairs(claims)[1], "w")
    assert (row["reason_code"], row["shared_claims"]) == ("shared_tie", "ab")
    claims = _claims(_claim("ab", "a", **tie), _claim("ab", "b", role="partner", **tie),
                     _claim("b2", "b", indicator="w", year=2020))
    assert _row(_pairs(claims)[1], "w")["verdict"] == "undecided"


#: Whom hand-made definitions count (the rule of data/raw/population_definitions.csv).
COUNTS_AS = {"register": "all residents", "with_foreigners": "all residents",
             "nationals": "nationals", "press": NOT_STATED}


@pytest.mark.parametrize(("definitions", "counts_as", "code"), [
    (("register", "nationals"), COUNTS_AS, "different_populations"),
    (("register", "with_foreigners"), COUNTS_AS, "overlap"),  # same counts_as
    (("press", "press"), COUNTS_AS, "different_populations"),  # not stated: never comparable
    (("register", "with_foreigners"), None, "different_populations"),  # no table: itself only
    (("register", "register"), None, "overlap"),
    (("register", "census"), {**COUNTS_AS, "census": "all residents"}, "overlap"),  # extended
])
def test_per_capita_values_need_populations_that_count_the_same_people(definitions, counts_as,
                                                                       code):
    claims = _claims(_claim("a1", "a", indicator="p", definition=definitions[0],
                            per_100k=(1.0, INF)),
                     _claim("b1", "b", indicator="p", definition=definitions[1],
                            per_100k=(2.0, INF)))
    pairs = _pairs(claims, counts_as=counts_as)[1]
    assert _row(pairs, "p", "per_100k")["reason_code"] == code


def test_lower_is_better_flips_who_is_ahead():
    catalogue = CATALOGUE.assign(direction=["lower", "higher", "higher", "none"])
    claims = _claims(_claim("a1", "a", lower=1, upper=1, complete_list="l"),
                     _claim("b1", "b", lower=3, upper=3, complete_list="l"))
    rounds = _rounds(("l", "g", "a", True, 2020), ("l", "g", "b", True, 2020))
    cells = knowledge(claims, ["a", "b"], catalogue, rounds)
    row = verdicts(cells, claims, catalogue, rounds).iloc[0]
    assert (row["verdict"], row["better"]) == ("lower", "a")


def test_every_code_and_verdict_is_in_the_vocabulary_and_rendered():
    claims = _claims(_claim("a1", "a", year=2015), _claim("b1", "b", year=2015),
                     _claim("c1", "c", year=2030))
    cells, pairs = _pairs(claims, ("a", "b", "c"))
    assert set(pairs["reason_code"]) <= set(REASON_CODES)
    assert set(pairs["verdict"]) <= set(VERDICTS)
    assert set(cells["state"]) <= set(STATES)
    refused = pairs["verdict"] == "not_comparable"
    assert pairs.loc[refused, "reason_code"].isin(REFUSALS).all()
    assert (pairs["reason"] != "").all()


def test_one_study_city_gives_no_pairs_but_the_columns():
    claims = _claims(_claim("a1", "a"))
    cells, pairs = _pairs(claims, ("a",))
    assert pairs.empty and "reason_code" in pairs.columns


# --- searches of reference works -------------------------------------------------------------

def _searches(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "place_id", "period_start", "period_end"])


def test_a_searched_indicator_is_compared_only_for_the_cities_searched_over_the_years_searched():
    claims = _claims(_claim("a1", "a", "w", year=2022), _claim("a2", "a", year=2019),
                     _claim("b1", "b", year=2019), _claim("c1", "c", year=2019))
    searches = _searches(("w", "a", "2020", "2024"), ("w", "b", "2021", "2023"))
    cities = ["a", "b", "c"]
    cells = knowledge(claims, cities, CATALOGUE, NO_ROUNDS, searches=searches)
    pairs = verdicts(cells, claims, CATALOGUE, NO_ROUNDS)
    searched = cells[(cells["indicator_id"] == "w") & (cells["measure"] == "total")]
    assert searched["period"].tolist() == ["2020-2024", "2021-2023", ""]
    assert set(searched["rule"]) == {"searches"}
    # b was searched and nothing found: not reported, so still refused, for what b lacks
    assert _row(pairs, "w")["reason_code"] == "not_reported"
    row = _row(pairs, "w", a="a", b="c")
    assert (row["verdict"], row["reason_code"]) == ("not_comparable", "not_searched")
    assert row["reason"] == "no search of reference works is recorded for c on this indicator"
    # a's looked-up 2022 claim does not stretch its own-evidence period past 2019
    own = cells[(cells["indicator_id"] == "g") & (cells["measure"] == "total")]
    assert own["period"].tolist() == ["2019-2019"] * 3


def test_without_search_records_an_indicator_follows_the_cities_own_evidence():
    claims = _claims(_claim("a1", "a", "w", year=2022), _claim("b1", "b", year=2022))
    cells, pairs = _pairs(claims)
    searched = cells[(cells["indicator_id"] == "w") & (cells["measure"] == "total")]
    assert set(searched["rule"]) == {"own evidence"}
    assert _row(pairs, "w")["period"] == "2022-2022"
