"""Checks across rows and tables, on copies of the real data/raw with rows edited by hand."""

from __future__ import annotations

import csv

import pytest

from lcstudy.config import project_paths
from lcstudy.data.cell_checks import FIELD_LIMIT
from lcstudy.data.evidence import Evidence
from lcstudy.data.validate import load_valid, validate
from lcstudy.data.vocabularies import QUALIFIERS
from lcstudy.errors import DataError, Problem

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
    ("f064", _bounds("plural", "", "2", "")),
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
    ("f052", {"date_inferred": "true"},
     [("inferred", "", "date among the inferred aspects exactly when date_inferred is true")]),
    ("f053", {"partner_id": "osan", "relation": "shared"},
     [("partner_id", "osan", "a party other than place_id")]),
    ("f054", {"place_id": "atlantis"},
     [("place_id", "atlantis", "an id listed in data/raw/places.csv place_id")]),
    ("f055", {"paragraph": "3", "anchor": "0123456789ab"},
     [("paragraph", "3", "empty: source ref-uil-2022-network has no numbered paragraphs")]),
    ("f010", {"paragraph": "", "anchor": ""}, [("paragraph", "", "a paragraph of espoo-2021-osan-en")]),
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


#: Osan's per-capita facts of 2021 (gardens, learning labs, premises opened), both languages.
OSAN_PER_CAPITA_2021 = ["f007", "f017", "f072", "f073", "f075", "f076"]
ZERO = "lower = upper = 0 for a known zero (value 0)"
NO_LIST = ("the complete list the zero is read from (data/raw/complete_lists.csv): "
           "not reported is not zero")
LISTS = "data/raw/complete_lists.csv"
DERIVED = ("no row: a known zero is derived from the complete list for every eligible city "
           "absent from it (lcstudy.coding.lists), never typed")
ON_LIST = ("a row of data/raw/facts.csv for {0} with complete_list = {1}: the list names {0}, "
           "a study city")

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
    pytest.param([("award_winners", "city", "Bristol", {}),
                  ("award_winners", "city", "Contagem", {"city": "Bristol"})],
                 [(1, "award_year+city", "2017|Bristol", "a unique value (line {0} has it already)")],
                 id="repeated-key-with-a-year"),
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
                  *[("facts", "fact_id", f, {}) for f in OSAN_PER_CAPITA_2021]],
                 [(i, "place_id", "osan", NO_POPULATION.format(year=2021))
                  for i in range(1, len(OSAN_PER_CAPITA_2021) + 1)],
                 id="no-interpolation-across-definitions"),
    pytest.param([("population", "value", "99979", {"reference_date": "2024-12-31"}),
                  ("facts", "fact_id", "f078", {}), ("facts", "fact_id", "f079", {}),
                  # a study city here whatever places.csv says (make test-cities drops it)
                  ("places", "place_id", "gongju", {"study_city": "true"})],
                 [(i, "place_id", "gongju", NO_POPULATION.format(year=2025)) for i in (1, 2)],
                 id="no-extrapolation"),
    # what a study city needs: coordinates, a land area, official populations; sources of each
    pytest.param([("places", "place_id", "yanggu", {"study_city": "true"})],
                 [(0, "latitude", "", STUDY_NEEDS.format("coordinates (latitude and longitude)")),
                  (0, "longitude", "", STUDY_NEEDS.format("coordinates (latitude and longitude)")),
                  (0, "land_area_km2", "", STUDY_NEEDS.format("a land area in km2")),
                  (0, "place_id", "yanggu", NO_FIGURES)],
                 id="study-city-without-location-area-population"),
    pytest.param([("places", "place_id", "san-luis-potosi", {"study_city": "true"})],
                 [(0, "land_area_km2", "", STUDY_NEEDS.format("a land area in km2")),
                  (0, "place_id", "san-luis-potosi", NO_FIGURES)],
                 id="located-partner-made-study-city"),
    # a study city named on a complete list has the fact read from it (lists both ways)
    pytest.param([("places", "place_id", "mexico-city", {"study_city": "true"}),
                  ("complete_lists", "list_id", "unesco-award-2015", {})],
                 [(0, "land_area_km2", "", STUDY_NEEDS.format("a land area in km2")),
                  (0, "place_id", "mexico-city", NO_FIGURES),
                  (1, "list_id", "unesco-award-2015", ON_LIST.format("mexico-city",
                                                                     "unesco-award-2015"))],
                 id="study-city-on-a-list-without-its-fact"),
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
    # states of knowledge: a zero is read from a complete list, and then derived, never typed
    pytest.param([("facts", "fact_id", "f057", _bounds("at_least", "0", "0", ""))],
                 [(0, "upper", "", ZERO), (0, "complete_list", "", NO_LIST)],
                 id="known-zero-with-open-bound"),
    pytest.param([("facts", "fact_id", "f057", _bounds("about", "0", "0", "2"))],
                 [(0, "upper", "2", ZERO), (0, "complete_list", "", NO_LIST)],
                 id="known-zero-with-positive-bound"),
    pytest.param([("facts", "fact_id", "f057", _bounds("exact", "0", "0", "0"))],
                 [(0, "complete_list", "", NO_LIST)], id="zero-without-complete-list"),
    pytest.param([("facts", "fact_id", "f053", _bounds("exact", "0", "0", "0"))],
                 [(0, "value", "0", DERIVED),
                  (0, "value", "0", "a count above 0: osan is on complete list unesco-award-2021")],
                 id="zero-typed-from-a-list"),
    pytest.param([("facts", "fact_id", "f053", {"complete_list": "unesco-award-2019",
                                                "period_start": "2019-10",
                                                "source_id": "ref-pascal-2019-medellin"}),
                  ("complete_lists", "list_id", "unesco-award-2021", {})],
                 [(0, "value", "1", "0: osan is not on complete list unesco-award-2019"),
                  (1, "list_id", "unesco-award-2021", ON_LIST.format("osan",
                                                                     "unesco-award-2021"))],
                 id="absent-from-list-but-counted"),
    pytest.param([("facts", "fact_id", "f053", {"complete_list": ""}),
                  ("complete_lists", "list_id", "unesco-award-2021", {})],
                 [(1, "list_id", "unesco-award-2021", ON_LIST.format("osan",
                                                                     "unesco-award-2021"))],
                 id="on-list-without-the-fact"),
    pytest.param([("facts", "fact_id", "f053", {"source_id": "ref-uil-2017-award"})],
                 [(0, "source_id", "ref-uil-2017-award",
                   "ref-unesco-2021-award, the source of complete list unesco-award-2021")],
                 id="read-from-list-without-citing-it"),
    pytest.param([("facts", "fact_id", "f053", {"period_start": "2016"})],
                 [(0, "period_start", "2016",
                   "a date from 2021-10 to 2021-10, the period complete list unesco-award-2021 covers")],
                 id="outside-the-lists-period"),
    pytest.param([("complete_lists", "list_id", "unesco-award-2017", {"entries_in": "list_entries"})],
                 [(0, "source_id", "ref-uil-2017-award",
                   "a source whose entries are in data/raw/list_entries.csv: a list declared "
                   "complete must be cited and in the data")],
                 id="completeness-claim-without-the-list"),
    # one occasion counted once: a list marked as another's occasion has its period and entries
    pytest.param([("list_entries", "name", "Swansea", {"name": "Swansee"}),
                  ("complete_lists", "list_id", "showcase-2015", {})],
                 [(1, "same_occasion_as", "unesco-award-2015",
                   "a list naming the same entries (unesco-award-2015 names others)")],
                 id="same-occasion-with-other-entries"),
    pytest.param([("complete_lists", "list_id", "showcase-2015", {"period_end": "2015-10"})],
                 [(0, "same_occasion_as", "unesco-award-2015",
                   "a list of the same period (2015-09-2015-09)")],
                 id="same-occasion-of-another-period"),
    pytest.param([("complete_lists", "list_id", "unesco-award-2019",
                   {"period_start": "2020-10", "period_end": "2020-10"})],
                 [(0, "period_start", "2020-10", "a period holding the round its entries name "
                                                 "(award_year 2019 in data/raw/award_winners.csv)")],
                 id="list-period-not-its-round"),
    pytest.param([("complete_lists", "list_id", "unesco-award-2017", {"eligible": "members"})],
                 [(0, "eligible", "members", "one of gnlc_members, all")],
                 id="eligibility-outside-the-rules"),
    pytest.param([("complete_lists", "list_id", "unesco-award-2017", {"entries": "15"})],
                 [(0, "entries", "15", "16, the rows of data/raw/award_winners.csv citing "
                                       "ref-uil-2017-award")],
                 id="complete-list-with-entries-missing"),
    # plans and announcements are not counted or dated as achieved
    pytest.param([("facts", "fact_id", "f053", {"status": "planned"})],
                 [(0, "status", "planned", "happened for a count read from a complete list")],
                 id="plan-read-from-a-list-of-what-happened"),
    pytest.param([("facts", "fact_id", "f009", {"period_start": "2020"}),
                  ("facts", "fact_id", "f019", {"period_start": "2020"})],
                 [(i, "status", "planned", "happened, or a date from 2021 on: a plan is dated when "
                                           "it is to happen, after its source (2021-10-08)")
                  for i in (0, 1)],
                 id="plan-dated-before-its-source"),
    pytest.param([("facts", "fact_id", "f009", {}), ("facts", "fact_id", "f019", {"status": "happened"})],
                 [(1, "status", "happened", SAME_CLAIM.format(
                     value="planned", line="{0}", claim="osan-university-esports-2022"))],
                 id="twin-counts-a-plan-as-achieved"),
    # relations, inferences, sub-events and anchors
    pytest.param([("facts", "fact_id", "f057", {"relation": "made"})],
                 [(0, "relation", "made", "empty: a relation needs a partner_id")],
                 id="relation-without-partner"),
    pytest.param([("facts", "fact_id", "f053", {"partner_id": "seoul"})],
                 [(0, "relation", "", "one of made, shared, hosted_by for a relation (partner_id is given)")],
                 id="partner-without-relation"),
    pytest.param([("facts", "fact_id", "f067", {"inference": ""})],
                 [(0, "inference", "", "the reason for what was inferred (occurrence)")],
                 id="inference-without-reason"),
    pytest.param([("facts", "fact_id", "f057", {"inference": "Guessed."})],
                 [(0, "inferred", "", "what was inferred (an inference reason is given)")],
                 id="reason-without-inference"),
    pytest.param([("facts", "fact_id", "f047", {"part_of": "nonsense"}),
                  ("facts", "fact_id", "f063", {"part_of": "nonsense"})],
                 [(i, "part_of", "nonsense", "another claim listed in data/raw/facts.csv claim")
                  for i in (0, 1)],
                 id="part-of-unknown-claim"),
    pytest.param([("facts", "fact_id", "f057", {"anchor": "0123456789ab"})],
                 [(0, "anchor", "0123456789ab",
                   "an anchor exactly when a paragraph is cited (fact f057 of "
                   "ref-asiae-2024-gongju: `lcstudy sources add` fills it, "
                   "`lcstudy sources check` verifies it)")],
                 id="anchor-without-paragraph"),
    # the indicators: framework ids and per-capita rationale
    pytest.param([("indicators", "indicator_id", "learning_programmes", {"per_capita_rationale": ""})],
                 [(0, "per_capita_rationale", "",
                   "why dividing by residents means something (per_capita is true)")],
                 id="per-capita-without-rationale"),
    pytest.param([("indicators", "indicator_id", "exchange_visits", {"kflc_id": "kf9-9"})],
                 [(0, "kflc_id", "kf9-9", "an id listed in data/raw/kflc.csv kflc_id")],
                 id="unknown-key-feature"),
    pytest.param([("indicators", "indicator_id", "exchange_visits", {"kflc_id": "kf3"})],
                 [(0, "kflc_id", "kf3", "an area of focus or a feature in data/raw/kflc.csv, not an area")],
                 id="indicator-on-an-area"),
    pytest.param([("kflc", "kflc_id", "kf2-2", {"parent_id": "kf1-1"})],
                 [(0, "parent_id", "kf1-1", "the id of an area for a focus")],
                 id="focus-under-a-focus"),
    pytest.param([("places", "place_id", "espoo", {"coordinates_confidence": ""})],
                 [(0, "coordinates_confidence", "",
                   "a confidence for the figure from ref-wikipedia-coordinates")],
                 id="coordinates-without-confidence"),
    pytest.param([("places", "place_id", "eunpyeong-gu", {"coordinates_confidence": "secondary"})],
                 [(0, "coordinates_source_id", "", "the source the coordinates_confidence is about")],
                 id="confidence-without-source-or-figure"),
    # searches of reference works: a looked-up fact rests on the search that found it
    pytest.param([("searches", "search_id", "s001", {"found_source_id": "ref-uil-2015-award"}),
                  ("facts", "fact_id", "f057", {})],
                 [(0, "found_source_id", "ref-uil-2015-award",
                   "a source cited by a fact on national_awards for gongju in data/raw/facts.csv: "
                   "what a search found is coded"),
                  (1, "source_id", "ref-asiae-2024-gongju",
                   "a source found by a search for national_awards and gongju recorded in "
                   "data/raw/searches.csv (found_source_id): the indicator is coded from "
                   "searches, so each city's must be recorded")],
                 id="looked-up-fact-without-its-search"),
    pytest.param([("searches", "search_id", "s001", {"period_end": "2023"})],
                 [(0, "period_end", "2023", "a date from 2024 on")],
                 id="search-ending-before-it-starts"),
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


@pytest.mark.parametrize(("table", "key", "column"), [
    ("facts", "f003", "note"),  # a fact whose claim three other rows code
    ("sources", "espoo-2021-osan-en", "title"),  # a source every other table points to
])
def test_a_cell_over_the_field_limit_is_one_problem_of_its_cell(project_copy, set_cells,
                                                              table, key, column):
    """Beyond csv's default 131,072 and FIELD_LIMIT: the cell named, the other rows still read."""
    long = "x" * (FIELD_LIMIT + 1)
    line = set_cells(project_copy, table, f"{table[:-1]}_id" if table == "sources" else "fact_id",
                     key, **{column: long})
    assert validate(project_copy) == [Problem(
        f"data/raw/{table}.csv", line, column, "x" * 1000 + "... (1,048,577 characters)",
        "a cell of at most 1,048,576 characters (this one has 1,048,577)")]


TWIN_COLUMNS = ["place_id", "indicator_id", "partner_id", "qualifier", "value", "lower", "upper",
                "period_start", "period_end"]


def _rows(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / "raw" / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _translation_twins() -> list[tuple[str, dict, dict]]:
    """(claim, one row, the other) for claims coded from two language versions of one release."""
    original_of = {s["source_id"]: s["translation_of"] or s["version_of"] for s in _rows("sources")
                   if s["translation_of"] or s["version_of"]}
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
