"""From facts to claims (twins once, relations for both parties) and to one interval per city."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from lcstudy.coding.claims import city_indicators, claims
from lcstudy.data.csv_reader import read_table
from lcstudy.data.evidence import Evidence
from lcstudy.data.schema import raw_table

INF, NAN = math.inf, math.nan

FACT = {"label": "Something happened", "qualifier": "exact", "date_inferred": "false",
        "status": "happened",
        "confidence": "document", "source_id": "s-en"}
INDICATORS = [
    {"indicator_id": "visits", "label": "Visits", "unit": "count", "value_type": "count",
     "counts": "visits", "kflc_id": "kf3-1", "per_capita_rationale": "services",
     "direction": "higher", "per_capita": "true", "per_area": "false"},
    {"indicator_id": "duration", "label": "Duration", "unit": "years", "value_type": "measure",
     "counts": "years",
     "direction": "none", "per_capita": "false", "per_area": "false"},
    {"indicator_id": "joined", "label": "Joined", "unit": "date", "value_type": "date",
     "counts": "date",
     "direction": "none", "per_capita": "false", "per_area": "true"},
]
#: The documents the facts cite; the Swedish version was published a day later.
SOURCES = [
    {"source_id": sid, "title": "A release", "publisher": "City of A", "language": lang,
     "published": published, "kind": "press_release", "voice": "city"}
    for sid, lang, published in (("s-en", "en", "2021-10-08"), ("s-sv", "sv", "2021-10-09"))
]


def _read(tmp_path, name: str, rows: list[dict]) -> pd.DataFrame:
    table = raw_table(name)
    path = tmp_path / table.file_name
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, [c.name for c in table.columns], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    frame, problems = read_table(table, path, table.file_name)
    assert problems == []
    return frame


def _evidence(tmp_path, facts: list[dict]) -> Evidence:
    """Evidence with hand-made facts and indicators, typed by the real loader."""
    empty = pd.DataFrame()
    return Evidence(sources=_read(tmp_path, "sources", SOURCES), places=empty, population=empty,
                    indicators=_read(tmp_path, "indicators", INDICATORS),
                    facts=_read(tmp_path, "facts", [{**FACT, **f} for f in facts]),
                    award_winners=empty)


def _claims(tmp_path, *facts: dict) -> pd.DataFrame:
    return claims(_evidence(tmp_path, list(facts)))


def test_twins_are_one_claim_citing_both_sources(tmp_path):
    table = _claims(
        tmp_path,
        {"fact_id": "f2", "claim": "c", "place_id": "a", "indicator_id": "visits", "value": "2",
         "lower": "2", "upper": "2", "period_start": "2019", "source_id": "s-sv"},
        {"fact_id": "f1", "claim": "c", "place_id": "a", "indicator_id": "visits", "value": "2",
         "lower": "2", "upper": "2", "period_start": "2019", "date_inferred": "true"},
    )
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["claim"], row["place_id"], row["role"]) == ("c", "a", "subject")
    assert (row["lower"], row["upper"], row["year"]) == (2.0, 2.0, 2019)
    assert row["source_ids"] == "s-en;s-sv"
    assert row["fact_ids"] == "f1;f2"
    assert bool(row["date_inferred"]) is False  # the twin that states the date wins


def test_claim_takes_its_most_precise_date(tmp_path):
    table = _claims(
        tmp_path,
        {"fact_id": "f1", "claim": "c", "place_id": "a", "indicator_id": "visits", "value": "1",
         "lower": "1", "upper": "1", "period_start": "2015"},
        {"fact_id": "f2", "claim": "c", "place_id": "a", "indicator_id": "visits", "value": "1",
         "lower": "1", "upper": "1", "period_start": "2015-09-28", "date_inferred": "true",
         "source_id": "s-sv"},
    )
    row = table.iloc[0]
    assert (row["period_start"], bool(row["date_inferred"])) == ("2015-09-28", True)


@pytest.mark.parametrize(
    ("indicator", "rows"),
    [
        ("visits", [("a", "b", "subject"), ("b", "a", "partner")]),
        ("duration", [("a", "b", "subject"), ("b", "a", "partner")]),
    ],
    ids=["count-belongs-to-both", "measure-belongs-to-both"],
)
def test_relations(tmp_path, indicator, rows):
    table = _claims(tmp_path, {"fact_id": "f1", "claim": "c", "place_id": "a", "partner_id": "b",
                               "indicator_id": indicator, "value": "5", "lower": "5",
                               "upper": "5"})
    assert [tuple(r) for r in table[["place_id", "partner_id", "role"]].to_numpy()] == rows
    assert (table["lower"] == 5.0).all() and (table["claim"] == "c").all()


@pytest.mark.parametrize(
    ("qualifier", "value", "lower", "upper", "expected"),
    [
        ("exact", "3", "3", "3", (3.0, 3.0)),
        ("about", "20", "15", "25", (15.0, 25.0)),
        ("at_least", "5", "5", "", (5.0, INF)),
        ("more_than", "100", "101", "", (101.0, INF)),
        ("several", "", "2", "", (2.0, INF)),
        ("a_few", "", "2", "9", (2.0, 9.0)),
    ],
)
def test_bounds_become_intervals(tmp_path, qualifier, value, lower, upper, expected):
    table = _claims(tmp_path, {"fact_id": "f1", "claim": "c", "place_id": "a",
                               "indicator_id": "visits", "qualifier": qualifier, "value": value,
                               "lower": lower, "upper": upper})
    assert (table["lower"].iloc[0], table["upper"].iloc[0]) == expected
    assert table["qualifier"].iloc[0] == qualifier


def test_unknown_stays_unknown_not_open(tmp_path):
    table = _claims(tmp_path, {"fact_id": "f1", "claim": "c", "place_id": "a",
                               "indicator_id": "duration"})
    assert math.isnan(table["lower"].iloc[0]) and math.isnan(table["upper"].iloc[0])


def test_date_indicators_carry_the_year(tmp_path):
    table = _claims(tmp_path, {"fact_id": "f1", "claim": "c", "place_id": "a",
                               "indicator_id": "joined", "period_start": "2016-07-14"})
    row = table.iloc[0]
    assert (row["lower"], row["upper"], row["year"]) == (2016.0, 2016.0, 2016)
    assert (row["value_type"], row["unit"], bool(row["per_area"])) == ("date", "date", True)


@pytest.mark.parametrize(
    ("start", "end", "year"),
    [("2018-10", "2021-10", 2021), ("2015-09-28", "", 2015)],
)
def test_year_is_that_of_the_period_end_else_start(tmp_path, start, end, year):
    table = _claims(tmp_path, {"fact_id": "f1", "claim": "c", "place_id": "a",
                               "indicator_id": "visits", "value": "1", "lower": "1", "upper": "1",
                               "period_start": start, "period_end": end})
    assert table["year"].iloc[0] == year
    assert not table["date_inferred"].iloc[0]


def test_an_undated_claim_ends_at_its_earliest_publication(tmp_path):
    """Codebook 1.6: it happened by the time it was published (the English version, a day
    before the Swedish one); the start stays open and the date is marked inferred."""
    fact = {"claim": "c", "place_id": "a", "indicator_id": "visits", "value": "4",
            "lower": "4", "upper": "4", "period_start": "", "period_end": ""}
    table = _claims(tmp_path, {**fact, "fact_id": "f1", "source_id": "s-sv"},
                    {**fact, "fact_id": "f2", "source_id": "s-en"})
    row = table.iloc[0]
    assert len(table) == 1
    assert (pd.isna(row["period_start"]), str(row["period_end"]), row["year"]) == (
        True, "2021-10-08", 2021)
    assert row["date_inferred"]


def test_indicator_attributes_and_sort_order(tmp_path):
    table = _claims(
        tmp_path,
        {"fact_id": "f1", "claim": "z", "place_id": "b", "indicator_id": "visits", "value": "1",
         "lower": "1", "upper": "1"},
        {"fact_id": "f2", "claim": "y", "place_id": "a", "indicator_id": "visits", "value": "1",
         "lower": "1", "upper": "1"},
        {"fact_id": "f3", "claim": "x", "place_id": "b", "indicator_id": "duration", "value": "1",
         "lower": "1", "upper": "1"},
        {"fact_id": "f4", "claim": "w", "place_id": "b", "indicator_id": "visits", "value": "1",
         "lower": "1", "upper": "1"},
    )
    assert table[["place_id", "indicator_id", "claim"]].to_numpy().tolist() == [
        ["a", "visits", "y"], ["b", "duration", "x"], ["b", "visits", "w"], ["b", "visits", "z"]]
    visits = table[table["indicator_id"] == "visits"].iloc[0]
    assert (visits["value_type"], visits["unit"], visits["direction"]) == ("count", "count", "higher")
    assert bool(visits["per_capita"]) is True and bool(visits["per_area"]) is False


# ---- city_indicators -------------------------------------------------------------------------

def _claim_rows(*rows: tuple) -> pd.DataFrame:
    """(place, indicator, claim, value_type, lower, upper, lower_per_100k, upper_per_100k, year, sources).

    Each claim is read from a complete list (``complete_list``), so its count is closed.
    """
    frame = pd.DataFrame(rows, columns=["place_id", "indicator_id", "claim", "value_type", "lower",
                                        "upper", "lower_per_100k", "upper_per_100k", "year",
                                        "source_ids"])
    frame["year"] = frame["year"].astype("Int64")
    return frame.assign(unit="count", direction="higher", per_capita=True, per_area=False,
                        status="happened", part_of=pd.array([None] * len(frame), dtype="string"),
                        role="subject", relation=pd.array([None] * len(frame), dtype="string"),
                        complete_list="a-complete-list")


@pytest.mark.parametrize(("second", "counted"), [
    ({}, (3.0, 2)),
    ({"status": "planned"}, (1.0, 1)),  # a plan is not counted
    ({"status": "announced"}, (1.0, 1)),
    ({"part_of": "c1"}, (1.0, 1)),  # inside another claim: counted with it
    ({"role": "subject", "relation": "made"}, (3.0, 2)),  # a visit the place made
    ({"role": "partner", "relation": "made"}, (1.0, 1)),  # one it received: not its count
    ({"role": "partner", "relation": "shared"}, (3.0, 2)),  # an agreement: one tie both hold
    ({"role": "partner", "relation": "hosted_by"}, (3.0, 2)),  # hosting an occasion
])
def test_city_indicators_count_what_happened_on_its_own_and_was_made(second, counted):
    rows = _claim_rows(("a", "v", "c1", "count", 1.0, 1.0, NAN, NAN, 2019, "s1"),
                       ("a", "v", "c2", "count", 2.0, 2.0, NAN, NAN, 2022, "s2"))
    for column, value in second.items():
        rows.loc[1, column] = value
    out = city_indicators(rows)
    assert (out["lower"].iloc[0], out["n_claims"].iloc[0]) == counted


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([("a", "v", "c1", "count", 1.0, 1.0, 0.5, 0.5, 2019, "s1"),
                      ("a", "v", "c2", "count", 2.0, 3.0, 1.0, 1.5, 2021, "s2;s1")],
                     (3.0, 4.0, 1.5, 2.0), id="counts-sum"),
        pytest.param([("a", "v", "c1", "count", 1.0, 1.0, 0.5, 0.5, 2019, "s1"),
                      ("a", "v", "c2", "count", 101.0, INF, 50.0, INF, 2021, "s2")],
                     (102.0, INF, 50.5, INF), id="open-propagates"),
        pytest.param([("a", "v", "c1", "count", 1.0, 1.0, 0.5, 0.5, 2019, "s1"),
                      ("a", "v", "c2", "count", 2.0, 2.0, NAN, NAN, 2021, "s2")],
                     (3.0, 3.0, NAN, NAN), id="unknown-per-capita-term"),
        pytest.param([("a", "v", "c1", "count", 1.0, 1.0, 0.5, 0.5, 2019, "s1"),
                      ("a", "v", "c2", "count", NAN, NAN, NAN, NAN, 2021, "s2")],
                     (NAN, NAN, NAN, NAN), id="unknown-count-term"),
        pytest.param([("a", "v", "c1", "measure", 5.0, 5.0, NAN, NAN, 2019, "s1"),
                      ("a", "v", "c2", "measure", 3.0, 4.0, NAN, NAN, 2021, "s2")],
                     (3.0, 5.0, NAN, NAN), id="measure-hull"),
        pytest.param([("a", "v", "c1", "measure", 5.0, 5.0, NAN, NAN, 2019, "s1"),
                      ("a", "v", "c2", "measure", 2.0, INF, NAN, NAN, 2021, "s2")],
                     (2.0, INF, NAN, NAN), id="measure-hull-open"),
        pytest.param([("a", "v", "c1", "date", 2016.0, 2016.0, NAN, NAN, 2016, "s1"),
                      ("a", "v", "c2", "date", 2015.0, 2015.0, NAN, NAN, 2015, "s2")],
                     (2015.0, 2016.0, NAN, NAN), id="date-hull"),
    ],
)
def test_city_indicators_combine(rows, expected):
    out = city_indicators(_claim_rows(*rows))
    assert len(out) == 1
    row = out.iloc[0]
    for column, want in zip(["lower", "upper", "lower_per_100k", "upper_per_100k"], expected,
                            strict=True):
        assert (math.isnan(want) and math.isnan(row[column])) or row[column] == pytest.approx(want), column
    assert row["n_claims"] == 2
    assert (row["first_year"], row["last_year"]) == (min(r[8] for r in rows), max(r[8] for r in rows))
    assert row["claims"] == "c1;c2"
    assert row["source_ids"] == ";".join(sorted({s for r in rows for s in r[9].split(";")}))


@pytest.mark.parametrize(("listed", "upper"), [((True, True), 3.0), ((True, False), INF),
                                              ((False, False), INF)])
def test_a_count_is_open_above_unless_every_claim_is_read_from_a_complete_list(listed, upper):
    """News and releases report occasions, not inventories: their count is a lower bound."""
    rows = _claim_rows(("a", "v", "c1", "count", 1.0, 1.0, 0.5, 0.5, 2019, "s1"),
                       ("a", "v", "c2", "count", 2.0, 2.0, 1.0, 1.0, 2021, "s2"))
    rows["complete_list"] = [("a-complete-list" if on else None) for on in listed]
    row = city_indicators(rows).iloc[0]
    assert (row["lower"], row["upper"]) == (3.0, upper)
    assert (row["lower_per_100k"], row["upper_per_100k"]) == (1.5, 1.5 if upper == 3.0 else INF)


def test_a_measure_keeps_its_hull_whatever_its_sources():
    rows = _claim_rows(("a", "v", "c1", "measure", 5.0, 5.0, NAN, NAN, 2019, "s1"))
    rows["complete_list"] = None
    row = city_indicators(rows).iloc[0]
    assert (row["lower"], row["upper"]) == (5.0, 5.0)


def test_city_indicators_one_row_per_place_and_indicator():
    out = city_indicators(_claim_rows(
        ("b", "v", "c1", "count", 1.0, 1.0, NAN, NAN, 2019, "s1"),
        ("a", "v", "c2", "count", 2.0, 2.0, NAN, NAN, 2019, "s1"),
        ("a", "w", "c3", "count", 4.0, 4.0, NAN, NAN, 2019, "s1"),
        ("a", "v", "c4", "count", 3.0, 3.0, NAN, NAN, 2019, "s1"),
    ))
    assert out[["place_id", "indicator_id", "lower", "n_claims"]].to_numpy().tolist() == [
        ["a", "v", 5.0, 2], ["a", "w", 4.0, 1], ["b", "v", 1.0, 1]]
    assert (out["value_type"] == "count").all() and (out["direction"] == "higher").all()


def test_city_indicators_keep_further_keys_apart():
    rows = _claim_rows(("a", "v", "c1", "count", 1.0, 1.0, 0.5, 0.5, 2019, "s1"),
                       ("a", "v", "c2", "count", 2.0, 2.0, NAN, NAN, 2021, "s2"))
    stacked = pd.concat([rows.assign(choice="x"),
                         rows.assign(choice="y", lower_per_100k=[0.5, 1.0], upper_per_100k=[0.5, 1.0])])
    out = city_indicators(stacked, by=["choice"])
    assert out[["choice", "place_id", "indicator_id", "lower", "n_claims"]].to_numpy().tolist() == [
        ["x", "a", "v", 3.0, 2], ["y", "a", "v", 3.0, 2]]
    assert math.isnan(out["lower_per_100k"].iloc[0]) and out["lower_per_100k"].iloc[1] == 1.5


def test_city_indicators_does_not_mutate_its_input():
    table = _claim_rows(("a", "v", "c1", "count", 1.0, INF, NAN, NAN, 2019, "s1"),
                        ("a", "v", "c2", "count", 2.0, 2.0, 1.0, 1.0, None, "s2"))
    before = table.copy(deep=True)
    city_indicators(table)
    pd.testing.assert_frame_equal(table, before)


@pytest.mark.parametrize(("end", "interval"), [(None, (2016.0, 2016.0)), ("2021-10", (2016.0, 2021.0))])
def test_a_date_known_within_a_period_is_an_interval_of_years(tmp_path, end, interval):
    fact = {"fact_id": "f1", "claim": "c", "place_id": "a", "indicator_id": "joined",
            "period_start": "2016-07", "period_end": end or ""}
    row = _claims(tmp_path, fact).iloc[0]
    assert (row["lower"], row["upper"]) == interval


def test_claims_carry_how_they_were_coded(tmp_path):
    row = _claims(tmp_path, {"fact_id": "f1", "claim": "c", "place_id": "a", "indicator_id": "visits",
                             "value": "1", "lower": "1", "upper": "1", "period_start": "2022",
                             "status": "planned", "actor": "A university"}).iloc[0]
    assert (row["status"], row["actor"]) == ("planned", "A university")


def test_shipped_claims_count_each_statement_once(repo_paths):
    from lcstudy.data.validate import load_valid

    evidence = load_valid(repo_paths)
    table = claims(evidence)
    subjects = table[table["role"] == "subject"]
    assert subjects["claim"].is_unique
    coded = subjects["fact_ids"] != ""
    assert set(subjects.loc[coded, "claim"]) == set(evidence.facts["claim"])
    assert subjects.loc[~coded, "complete_list"].notna().all()  # derived known zeros
    partners = table[table["role"] == "partner"]
    assert partners["partner_id"].notna().all()
    related = evidence.facts.dropna(subset=["partner_id"])["claim"]
    assert sorted(partners["claim"]) == sorted(set(related))
