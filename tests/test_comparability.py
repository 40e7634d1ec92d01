"""Comparability: the four states of knowledge and every verdict, on hand-made claims."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcstudy.comparability import (
    NAMED_OUTSIDE,
    STATES,
    VERDICTS,
    common_window,
    knowledge,
    verdicts,
)

INF, NAN = math.inf, math.nan
WINDOW = (2015, 2024)
CATALOGUE = pd.DataFrame({
    "indicator_id": ["g", "p", "ctx"],
    "direction": ["higher", "higher", "none"],
    "per_capita": [False, True, False],
})


def _claim(claim: str, place: str, indicator: str = "g", lower: float = 1.0,
           upper: float = 1.0, *, year: int | None = 2020, role: str = "subject",
           relation: str | None = None, complete_list: str | None = None,
           status: str = "happened", definition: str | None = None,
           per_100k: tuple[float, float] = (NAN, NAN)) -> dict[str, object]:
    """One row of normalised claims, with the columns the comparability rules read."""
    return {"claim": claim, "place_id": place, "indicator_id": indicator, "lower": lower,
            "upper": upper, "year": year, "role": role, "relation": relation,
            "complete_list": complete_list, "status": status, "part_of": None,
            "population_definition": definition, "lower_per_100k": per_100k[0],
            "upper_per_100k": per_100k[1], "source_ids": f"s-{claim}"}


def _claims(*rows: dict[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _verdict(claims: pd.DataFrame, cities=("a", "b"), indicator="g", measure="total"):
    cells = knowledge(claims, list(cities), CATALOGUE, WINDOW)
    pairs = verdicts(cells, claims, CATALOGUE)
    row = pairs[(pairs["indicator_id"] == indicator) & (pairs["measure"] == measure)].iloc[0]
    return cells, row


# --- states ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rows", "state", "bounds"), [
    pytest.param([_claim("c1", "a", lower=6, upper=6)], "known", (6.0, 6.0), id="known"),
    pytest.param([_claim("c1", "a", lower=101, upper=INF)], "bounded", (101.0, INF),
                 id="bounded-open"),
    pytest.param([_claim("c1", "a", lower=0, upper=0, complete_list="list")], "known_zero",
                 (0.0, 0.0), id="known-zero"),
    pytest.param([_claim("c1", "b")], "not_reported", (NAN, NAN), id="not-reported"),
    pytest.param([_claim("c1", "a", year=2013)], "not_reported", (NAN, NAN),
                 id="outside-the-window"),
    pytest.param([_claim("c1", "a", year=None)], "not_reported", (NAN, NAN), id="undated"),
    pytest.param([_claim("c1", "a", status="planned")], "not_reported", (NAN, NAN),
                 id="a-plan-is-not-counted"),
    pytest.param([_claim("c1", "a", role="partner", relation="made")], "not_reported",
                 (NAN, NAN), id="a-visit-received-is-not-the-place's-count"),
])
def test_states(rows, state, bounds):
    cells = knowledge(_claims(*rows), ["a"], CATALOGUE, WINDOW)
    cell = cells[(cells["indicator_id"] == "g") & (cells["measure"] == "total")].iloc[0]
    assert cell["state"] == state
    assert cell["state"] in STATES
    lower, upper = cell["lower"], cell["upper"]
    assert (lower, upper) == bounds or (math.isnan(lower) and math.isnan(bounds[0]))


def test_claims_left_out_of_the_window_are_listed():
    cells = knowledge(_claims(_claim("c1", "a", year=2013), _claim("c2", "a", year=None),
                              _claim("c3", "a")), ["a"], CATALOGUE, WINDOW)
    cell = cells.iloc[0]
    assert (cell["claims"], cell["outside_window"], cell["window"]) == ("c3", "c1;c2", "2015-2024")


def test_only_key_features_and_per_capita_measures_are_covered():
    cells = knowledge(_claims(_claim("c1", "a", "ctx")), ["a", "b"], CATALOGUE, WINDOW)
    assert cells[["indicator_id", "measure"]].drop_duplicates().values.tolist() == [
        ["g", "total"], ["p", "total"], ["p", "per_100k"]]
    assert cells["place_id"].tolist() == ["a", "b"] * 3


# --- verdicts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("rows", "verdict", "better", "reason"), [
    pytest.param([_claim("a0", "a", lower=1, upper=1, complete_list="l"),
                  _claim("b0", "b", lower=0, upper=0, complete_list="l")],
                 "higher", "a", "", id="complete-lists-decide"),
    pytest.param([_claim("a0", "a", lower=0, upper=0, complete_list="l"),
                  _claim("b0", "b", lower=2, upper=2, complete_list="l")],
                 "lower", "b", "", id="lower"),
    pytest.param([_claim("a0", "a", complete_list="l"), _claim("b0", "b", complete_list="l")],
                 "equal", None, "", id="equal"),
    # a news count is a lower bound for the window: 6 against 2 does not decide
    pytest.param([_claim("a0", "a", lower=6, upper=6), _claim("b0", "b", lower=2, upper=2)],
                 "undecided", None, "the intervals overlap", id="open-world-undecided"),
    pytest.param([_claim("a0", "a", lower=3, upper=3, complete_list="l"),
                  _claim("b0", "b", lower=5, upper=INF)],
                 "lower", "b", "", id="a-lower-bound-above-a-complete-count"),
    pytest.param([_claim("a0", "a")], "not_comparable", None, "b not reported in the window",
                 id="one-side-not-reported"),
    pytest.param([_claim("ab", "a", relation="shared"),
                  _claim("ab", "b", role="partner", relation="shared")],
                 "not_comparable", None, "only the shared claim ab: one tie", id="one-shared-tie"),
    # beyond the shared agreement, b has one of its own, a none: b is ahead (on the rest)
    pytest.param([_claim("ab", "a", relation="shared", complete_list="l"),
                  _claim("ab", "b", role="partner", relation="shared", complete_list="l"),
                  _claim("b1", "b", complete_list="l")],
                 "lower", "b", "", id="shared-claims-taken-out-of-both-sides"),
])
def test_verdicts(rows, verdict, better, reason):
    _, row = _verdict(_claims(*rows))
    assert row["verdict"] == verdict and row["verdict"] in VERDICTS
    assert (row["better"] or None) == better
    assert str(row["reason"]).startswith(reason)


def test_lower_is_better_flips_who_is_ahead():
    catalogue = CATALOGUE.assign(direction=["lower", "higher", "none"])
    claims = _claims(_claim("a0", "a", lower=1, upper=1, complete_list="l"),
                     _claim("b0", "b", lower=0, upper=0, complete_list="l"))
    pairs = verdicts(knowledge(claims, ["a", "b"], catalogue, WINDOW), claims, catalogue)
    row = pairs[(pairs["indicator_id"] == "g")].iloc[0]
    assert (row["verdict"], row["better"]) == ("higher", "b")


@pytest.mark.parametrize(("a_definition", "b_definition", "comparable"), [
    ("registered_residents", "residents_incl_foreigners", True),   # both count every resident
    ("registered_residents", "resident_registration", False),      # nationals only
    ("press_rounded", "press_rounded", False),                     # does not say whom
])
def test_per_capita_values_need_populations_that_count_the_same_people(
        a_definition, b_definition, comparable):
    claims = _claims(_claim("a0", "a", "p", definition=a_definition, per_100k=(1.0, 1.0)),
                     _claim("b0", "b", "p", definition=b_definition, per_100k=(2.0, 2.0)))
    _, row = _verdict(claims, indicator="p", measure="per_100k")
    assert (row["verdict"] != "not_comparable") == comparable
    if not comparable:
        assert row["reason"].startswith("the populations divided by count different people")


def test_every_pair_in_city_order_and_a_shared_tie_only_between_its_parties():
    claims = _claims(_claim("ab", "a", relation="shared", complete_list="l"),
                     _claim("ab", "b", role="partner", relation="shared", complete_list="l"),
                     _claim("a1", "a", complete_list="l"), _claim("c1", "c", lower=3, upper=3,
                                                                  complete_list="l"))
    cells = knowledge(claims, ["a", "b", "c"], CATALOGUE, WINDOW)
    pairs = verdicts(cells, claims, CATALOGUE)
    total = pairs[(pairs["indicator_id"] == "g") & (pairs["measure"] == "total")]
    assert total[["city_a", "city_b", "verdict", "shared_claims"]].values.tolist() == [
        ["a", "b", "higher", "ab"],   # a's own a1 against nothing of b's own
        ["a", "c", "lower", ""],      # 2 (ab and a1) against 3: the tie is a's with b only
        ["b", "c", "lower", ""]]
    assert total["source_ids"].tolist() == ["s-a1;s-ab", "s-a1;s-ab;s-c1", "s-ab;s-c1"]


@pytest.mark.parametrize(("n_outside", "named"), [(NAMED_OUTSIDE, True), (NAMED_OUTSIDE + 1, False)])
def test_a_reason_names_the_claims_outside_the_window_when_few(n_outside, named):
    outside = [f"c{k}" for k in range(n_outside)]
    claims = _claims(_claim("b0", "b"), *(_claim(c, "a", year=2013) for c in outside))
    _, row = _verdict(claims)
    listed = ";".join(sorted(outside))
    assert row["reason"] == ("a not reported in the window 2015-2024 " + (
        f"({listed} outside it)" if named
        else f"({n_outside} claims outside it, listed in knowledge.csv)"))


def test_one_study_city_gives_no_pairs_but_the_columns():
    claims = _claims(_claim("a0", "a"))
    pairs = verdicts(knowledge(claims, ["a"], CATALOGUE, WINDOW), claims, CATALOGUE)
    assert pairs.empty and "verdict" in pairs.columns


def test_common_window_is_what_every_city_spans():
    claims = _claims(_claim("a0", "a", year=2013), _claim("a1", "a", year=2021),
                     _claim("b0", "b", year=2015), _claim("b1", "b", year=2025))
    assert common_window(claims, ["a", "b"], ["g"]) == (2015, 2021)


def test_common_window_without_overlap_is_the_whole_span():
    claims = _claims(_claim("a0", "a", year=2013), _claim("b0", "b", year=2025))
    assert common_window(claims, ["a", "b"], ["g"]) == (2013, 2025)


def test_no_dated_claims_ask_for_a_window():
    with pytest.raises(ValueError, match="give the window"):
        common_window(_claims(_claim("a0", "a", year=None)), ["a"], ["g"])


# --- whose documents, and what the framework covers -------------------------------------------

def test_source_voices_tell_a_citys_own_releases_from_a_partners():
    from lcstudy.comparability import source_voices
    claims = pd.DataFrame({"claim": ["c1", "c2", "c3"], "place_id": ["a", "b", "b"],
                           "source_ids": ["rel", "rel", "rel;un"]})
    sources = pd.DataFrame({"source_id": ["rel", "un"], "voice": ["city", "unesco"],
                            "voice_place_id": ["a", None]})
    out = source_voices(claims, sources, ["a", "b"])
    # b: c2 and c3 through a's release, c3 also through UNESCO: 3 (claim, voice) pairs
    assert out[["place_id", "voice", "claims", "share"]].values.tolist() == [
        ["a", "own city", 1, 100.0], ["b", "another city", 2, 66.7], ["b", "unesco", 1, 33.3]]


def test_framework_coverage_counts_states_per_area_of_focus():
    from lcstudy.comparability import framework_coverage
    framework = pd.DataFrame({"kflc_id": ["k1", "k1-1", "k1-2"], "level": ["area", "focus", "focus"],
                              "parent_id": [None, "k1", "k1"], "label": ["A", "F1", "F2"]})
    catalogue = pd.DataFrame({"indicator_id": ["g", "h"], "kflc_id": ["k1-1", "k1-1"]})
    cells = pd.DataFrame({"indicator_id": ["g", "h", "g", "h"], "measure": "total",
                          "place_id": ["a", "a", "b", "b"],
                          "state": ["known", "not_reported", "known_zero", "bounded"]})
    out = framework_coverage(cells, catalogue, framework, ["a", "b"])
    assert out[["kflc_id", "place_id", "indicators", "coverage"]].values.tolist() == [
        ["k1-1", "a", 2, "known 1, not reported 1"], ["k1-1", "b", 2, "bounded 1, known zero 1"],
        ["k1-2", "a", 0, "no indicator"], ["k1-2", "b", 0, "no indicator"]]
