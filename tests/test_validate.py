"""Checks across rows and tables, on copies of the real data/raw with rows edited by hand."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from lcstudy.config import project_paths
from lcstudy.dates import fact_years
from lcstudy.errors import DataError, Problem
from lcstudy.evidence import Evidence
from lcstudy.schema import QUALIFIERS
from lcstudy.validate import load_valid, validate

#: The project whose study is checked: $LCSTUDY_ROOT, else this checkout.
REPO = project_paths().root
FACTS = "data/raw/facts.csv"

EXACT = "lower = upper = value for an exact quantity"
AT_LEAST = "lower = value and an empty (open) upper for 'at least'"
MORE_THAN = "lower above value and an empty (open) upper for 'more than'"
ABOUT = "lower <= value <= upper for 'about'"
COUNT_LOWER = "a lower bound for a count indicator"
NO_POPULATION = ("a place with an official population for {year} in data/raw/population.csv, "
                 "or figures of one definition on both sides of that year (per-capita indicator)")
SAME_CLAIM = "{value!r} as on line {line}, which codes the same claim {claim}"
STUDY_NEEDS = "{} for a study city"
NO_FIGURES = ("a study city with official population figures in data/raw/population.csv "
              "(series official)")
SOURCE_OF = "the source id of the {} (an id in data/raw/sources.csv)"

#: f057: a count fact (national_awards, not per capita) of a source without numbered
#: paragraphs and without a twin, so editing it triggers only the rule under test.
PLAIN = ("facts", "fact_id", "f057")


def _bounds(qualifier: str, value: str, lower: str, upper: str) -> dict[str, str]:
    return {"qualifier": qualifier, "value": value, "lower": lower, "upper": upper}


def test_shipped_project_is_valid(repo_paths):
    assert validate(repo_paths) == []


def test_load_valid_returns_the_evidence(repo_paths):
    evidence = load_valid(repo_paths)
    assert isinstance(evidence, Evidence)
    assert evidence.facts["fact_id"].is_unique


#: Facts of counts that are not per capita, have no twin, and whose bounds can be edited
#: without touching any other rule: one rule is tried on each, all in one copy.
VALID_FORMS = [
    ("f050", _bounds("at_least", "5", "5", "")),
    ("f052", _bounds("more_than", "100", "101", "")),
    ("f053", _bounds("about", "20", "15", "25")),
    ("f054", _bounds("a_few", "", "2", "")),
    ("f055", _bounds("several", "", "2", "9")),
    ("f056", _bounds("exact", "7", "7", "7")),
]

#: (fact, changes, [(column, value, expected), ...]): each row breaks one rule.
INVALID_QUALIFIERS = [
    ("f050", _bounds("exact", "5", "4", "5"), [("qualifier", "exact", EXACT)]),
    ("f052", _bounds("exact", "5", "5", "6"), [("qualifier", "exact", EXACT)]),
    ("f053", _bounds("at_least", "5", "5", "10"), [("qualifier", "at_least", AT_LEAST)]),
    ("f054", _bounds("at_least", "5", "4", ""), [("qualifier", "at_least", AT_LEAST)]),
    ("f055", _bounds("more_than", "100", "100", ""), [("qualifier", "more_than", MORE_THAN)]),
    ("f056", _bounds("more_than", "100", "101", "200"), [("qualifier", "more_than", MORE_THAN)]),
    ("f057", _bounds("about", "30", "15", "25"), [("qualifier", "about", ABOUT)]),
    ("f064", _bounds("about", "20", "15", ""), [("qualifier", "about", ABOUT)]),
    ("f038", _bounds("a_few", "3", "2", ""),
     [("qualifier", "a_few", "an empty value and a lower bound for 'a_few'")]),
    ("f039", _bounds("several", "", "", ""),
     [("qualifier", "several", "an empty value and a lower bound for 'several'"),
      ("lower", "", COUNT_LOWER)]),
]

OTHER_ROW_RULES = [
    ("f050", _bounds("a_few", "", "5", "3"), [("lower", "5", "at most upper (3)")]),
    ("f049", {"value": "1", "lower": "1", "upper": "1"},
     [("value", "1", "empty value, lower and upper for a date indicator")]),
    ("f051", {"period_start": ""}, [("period_start", "", "the date for a date indicator")]),
    ("f038", {"period_end": "2025-04-01"}, [("period_end", "2025-04-01", "a date from 2025-04-10 on")]),
    ("f052", {"date_inferred": "true", "note": ""},
     [("note", "", "a note saying how the inferred date was found")]),
    ("f053", {"partner_id": "osan"}, [("partner_id", "osan", "a party other than place_id")]),
    ("f054", {"place_id": "atlantis"},
     [("place_id", "atlantis", "an id listed in data/raw/places.csv place_id")]),
    ("f055", {"paragraph": "3"},
     [("paragraph", "3", "empty: source ref-uil-2022-network has no numbered paragraphs")]),
    ("f010", {"paragraph": ""}, [("paragraph", "", "a paragraph of espoo-2021-osan-en")]),
]


def test_every_qualifier_in_its_valid_form(project_copy, set_cells):
    assert {changes["qualifier"] for _, changes in VALID_FORMS} == set(QUALIFIERS)
    for fact, changes in VALID_FORMS:
        set_cells(project_copy, "facts", "fact_id", fact, **changes)
    assert validate(project_copy) == []


@pytest.mark.parametrize("rules", [INVALID_QUALIFIERS, OTHER_ROW_RULES],
                         ids=["invalid-qualifiers", "other-row-rules"])
def test_row_rules(project_copy, set_cells, rules):
    assert len({fact for fact, _, _ in rules}) == len(rules)  # one rule per row
    wanted = []
    for fact, changes, problems in rules:
        line = set_cells(project_copy, "facts", "fact_id", fact, **changes)
        wanted += [Problem(FACTS, line, column, value, text) for column, value, text in problems]
    assert validate(project_copy) == sorted(wanted)


#: (edits, expected): each edit is (table, key column, key value, {column: new value});
#: each expected problem is (edit index, column, value, expected), its file and line
#: those of the edited row; ``{0}``, ``{1}`` ... in expected are the edited rows' lines.
CASES = [
    # qualifier rules when bounds are missing: a problem, never a crash or a pass
    pytest.param([(*PLAIN, _bounds("exact", "5", "", ""))],
                 [(0, "qualifier", "exact", EXACT), (0, "lower", "", COUNT_LOWER)],
                 id="exact-value-without-bounds"),
    pytest.param([(*PLAIN, _bounds("exact", "", "3", "5"))],
                 [(0, "qualifier", "exact", EXACT)], id="exact-range-without-value"),
    pytest.param([(*PLAIN, _bounds("at_least", "5", "", ""))],
                 [(0, "qualifier", "at_least", AT_LEAST), (0, "lower", "", COUNT_LOWER)],
                 id="at-least-without-lower"),
    # a bad cell is reported once, not again by the checks across rows
    pytest.param([(*PLAIN, {"place_id": "Gongju"})],
                 [(0, "place_id", "Gongju", "an id of lower-case letters, digits, '-' or '_'")],
                 id="bad-place-id-reported-once"),
    pytest.param([("population", "value", "206828", {"reference_date": "2015-13"})],
                 [(0, "reference_date", "2015-13", "a date YYYY, YYYY-MM or YYYY-MM-DD")],
                 id="population-bad-date"),
    # uniqueness: of a column (facts) and of a table key (population)
    pytest.param([("facts", "fact_id", "f056", {}), (*PLAIN, {"fact_id": "f056"}),
                  ("population", "value", "283632", {}),
                  ("population", "value", "289731", {"reference_date": "2018-12-31"})],
                 [(1, "fact_id", "f056", "a unique value (line {0} has it already)"),
                  (3, "place_id+reference_date+series+definition",
                   "espoo|2018-12-31|official|registered_residents",
                   "a unique value (line {2} has it already)")],
                 id="repeated-id-and-key"),
    # paragraphs
    pytest.param([("sources", "source_id", "espoo-2021-osan-en", {"paragraphs": "14"}),
                  ("facts", "fact_id", "f010", {"paragraph": "15"})],
                 [(1, "paragraph", "15", "a paragraph from 1 to 14 of espoo-2021-osan-en")],
                 id="paragraph-beyond-document"),
    # twins (one claim coded from a document and its translation) must agree
    pytest.param([("facts", "fact_id", "f010", {}),
                  ("facts", "fact_id", "f020", {"value": "2", "lower": "2", "upper": "2"}),
                  ("facts", "fact_id", "f004", {}),
                  ("facts", "fact_id", "f014", {"partner_id": "seoul"})],
                 [(1, column, "2", SAME_CLAIM.format(value="1", line="{0}",
                                                     claim="espoo-osan-agreement-2021"))
                  for column in ("value", "lower", "upper")]
                 + [(3, "partner_id", "seoul", SAME_CLAIM.format(
                     value="osan", line="{2}", claim="espoo-osan-mayor-visit-2019"))],
                 id="twins-disagree"),
    # population coverage of per-capita facts of study cities
    pytest.param([("population", "value", "238418", {"definition": "resident_registration_koreans"}),
                  ("facts", "fact_id", "f007", {}), ("facts", "fact_id", "f017", {}),
                  ("facts", "fact_id", "f010", {}), ("facts", "fact_id", "f020", {})],
                 [(1, "place_id", "osan", NO_POPULATION.format(year=2021)),
                  (2, "place_id", "osan", NO_POPULATION.format(year=2021)),
                  (3, "partner_id", "osan", NO_POPULATION.format(year=2021)),
                  (4, "partner_id", "osan", NO_POPULATION.format(year=2021))],
                 id="no-interpolation-across-definitions"),
    pytest.param([("population", "value", "99979", {"reference_date": "2024-12-31"}),
                  ("facts", "fact_id", "f044", {}), ("facts", "fact_id", "f045", {}),
                  ("facts", "fact_id", "f046", {})],
                 [(i, "place_id", "gongju", NO_POPULATION.format(year=2025)) for i in (1, 2, 3)],
                 id="no-extrapolation"),
    # what a study city needs: coordinates, a land area, official populations; sources of each
    pytest.param([("places", "place_id", "eunpyeong-gu", {"study_city": "true"})],
                 [(0, "latitude", "", STUDY_NEEDS.format("coordinates (latitude and longitude)")),
                  (0, "longitude", "", STUDY_NEEDS.format("coordinates (latitude and longitude)")),
                  (0, "land_area_km2", "", STUDY_NEEDS.format("a land area in km2")),
                  (0, "place_id", "eunpyeong-gu", NO_FIGURES)],
                 id="study-city-without-location-area-population"),
    pytest.param([("places", "place_id", "mexico-city", {"study_city": "true"})],
                 [(0, "land_area_km2", "", STUDY_NEEDS.format("a land area in km2")),
                  (0, "place_id", "mexico-city", NO_FIGURES)],
                 id="located-partner-made-study-city"),
    pytest.param([("places", "place_id", "seoul", {"coordinates_source_id": ""}),
                  ("places", "place_id", "gongju", {"land_area_source_id": ""})],
                 [(0, "coordinates_source_id", "", SOURCE_OF.format("coordinates")),
                  (1, "land_area_source_id", "", SOURCE_OF.format("land area"))],
                 id="location-and-area-cite-a-source"),
    pytest.param([("facts", "fact_id", "f009", {"period_start": ""}),
                  ("facts", "fact_id", "f019", {"period_start": ""})],
                 [(i, "period_start", "", "a date: per-capita indicators need the fact's year")
                  for i in (0, 1)],
                 id="per-capita-fact-without-date"),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_rule(project_copy, set_cells, edits, expected):
    lines = [set_cells(project_copy, table, key, value, **changes)
             for table, key, value, changes in edits]
    wanted = sorted(
        Problem(f"data/raw/{edits[i][0]}.csv", lines[i], column, value, text.format(*lines))
        for i, column, value, text in expected
    )
    assert validate(project_copy) == wanted


def test_load_valid_raises_every_problem(project_copy, set_cells):
    first = set_cells(project_copy, "facts", "fact_id", "f049", period_start="")
    second = set_cells(project_copy, *PLAIN, qualifier="at_least")
    with pytest.raises(DataError) as caught:
        load_valid(project_copy)
    problems = [Problem(FACTS, first, "period_start", "", "the date for a date indicator"),
                Problem(FACTS, second, "qualifier", "at_least", AT_LEAST)]
    assert caught.value.problems == problems
    assert str(caught.value) == "\n".join(map(str, problems))


@pytest.mark.parametrize(
    ("start", "end", "year"),
    [("2018-10", "2021-10", 2021), ("2015-09-28", None, 2015), (None, "2020", 2020),
     (None, None, None)],
)
def test_fact_years(start, end, year):
    facts = pd.DataFrame({"period_start": pd.array([start], dtype="string"),
                          "period_end": pd.array([end], dtype="string")})
    got = fact_years(facts).iloc[0]
    assert (year is None and pd.isna(got)) or got == year


TWIN_COLUMNS = ["place_id", "indicator_id", "partner_id", "qualifier", "value", "lower", "upper",
                "period_start", "period_end"]


def _rows(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / "raw" / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _translation_twins() -> list[tuple[str, dict, dict]]:
    """(claim, original row, translation row) for claims coded from both documents of a pair."""
    original_of = {s["source_id"]: s["translation_of"] for s in _rows("sources") if s["translation_of"]}
    by_claim_source = {(f["claim"], f["source_id"]): f for f in _rows("facts")}
    return [(claim, by_claim_source[(claim, original_of[source])], fact)
            for (claim, source), fact in by_claim_source.items()
            if source in original_of and (claim, original_of[source]) in by_claim_source]


TWINS = _translation_twins()


def test_translation_pairs_are_coded():
    assert len(TWINS) >= 10


@pytest.mark.parametrize(("claim", "original", "translation"), TWINS,
                         ids=[f"{c}:{t['fact_id']}" for c, _, t in TWINS])
def test_translation_twins_agree(claim, original, translation):
    assert {c: translation[c] for c in TWIN_COLUMNS} == {c: original[c] for c in TWIN_COLUMNS}


@pytest.mark.parametrize(("start", "agrees"), [("2018", True), ("2018-10", True),
                                               ("2019-10", False), ("2018-11-02", False)])
def test_twin_dates_agree_as_far_as_both_are_precise(project_copy, set_cells, start, agrees):
    first = set_cells(project_copy, "facts", "fact_id", "f007")  # 2018-10, unchanged
    line = set_cells(project_copy, "facts", "fact_id", "f017", period_start=start)
    expected = [] if agrees else [Problem(
        FACTS, line, "period_start", start,
        f"'2018-10' as on line {first}, which codes the same claim osan-resident-gardens-3y")]
    assert validate(project_copy) == expected
