"""Sensitivity: the comparison under many population and normalisation choices at once.

The hand-made cases run on a tiny raw project written by :func:`_tiny_project`,
small enough to work every expectation out by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lcstudy.compare.choices import Choices
from lcstudy.compare.indicators import denominated_claims, tidy_indicators
from lcstudy.compare.sensitivity import (
    normalisation_choices,
    per_capita_choices,
    per_capita_grid,
    population_choices,
)
from lcstudy.config import ProjectPaths
from lcstudy.data.evidence import Evidence, load_evidence
from lcstudy.data.schema import RAW_TABLES
from lcstudy.data.validate import load_valid

REPO = Path(__file__).resolve().parents[1]
INF = np.inf
NAN = np.nan

#: The rows of each raw table of the tiny project (unnamed columns are empty).
TINY = {
    "sources": [{"source_id": "s1", "title": "T", "publisher": "P", "language": "en",
                 "published": "2021", "kind": "news", "voice": "press"}],
    "places": [{"place_id": p, "kind": "city", "name_en": p.upper(), "study_city": "true"}
               for p in ("a", "b")],
    "indicators": [
        {"indicator_id": i, "label": i.upper(), "unit": "count", "value_type": "count",
         "counts": "things", "direction": "higher", "per_capita": per_capita,
         "per_capita_rationale": "a service residents use" if per_capita == "true" else "",
         "per_area": "false"}
        for i, per_capita in (("g", "true"), ("h", "false"))],
    "population": [
        # a: 200 000 in 2021 interpolated from the official series, 240 000 in the press
        {"place_id": "a", "reference_date": "2020-12-31", "value": "100000",
         "definition": "resident_registration", "series": "official", "source_id": "p1"},
        {"place_id": "a", "reference_date": "2022-12-31", "value": "300000",
         "definition": "resident_registration", "series": "official", "source_id": "p2"},
        {"place_id": "a", "reference_date": "2021", "value": "240000",
         "definition": "press_rounded", "series": "press", "source_id": "p3"},
        # b: two official definitions in 2021 (ambiguous unless one is chosen), no press figure
        {"place_id": "b", "reference_date": "2021-12-31", "value": "50000",
         "definition": "resident_registration", "series": "official", "source_id": "p4"},
        {"place_id": "b", "reference_date": "2021-06-30", "value": "60000",
         "definition": "registered_residents", "series": "official", "source_id": "p5"},
    ],
    "facts": [
        {"fact_id": f, "claim": c, "place_id": p, "indicator_id": i, "label": c,
         "qualifier": q, "value": v, "lower": lo, "upper": hi, "period_start": "2021",
         "date_inferred": "false", "source_id": "s1"}
        for f, c, p, i, q, v, lo, hi in (
            ("f1", "c1", "a", "g", "exact", "2", "2", "2"),
            ("f2", "c2", "a", "g", "more_than", "100", "101", ""),  # open: [101, inf)
            ("f3", "c3", "b", "g", "exact", "3", "3", "3"),
            ("f4", "c4", "b", "h", "exact", "1", "1", "1"),  # not per capita
        )],
    "award_winners": [{"award_year": "2021", "city": "A", "source_id": "s1",
                       "confidence": "official"}],
    "kflc": [{"kflc_id": "kf1", "level": "area", "label": "An area", "source_id": "s1"}],
    "population_definitions": [
        {"definition_id": d, "counts_as": c, "description": d}
        for d, c in (("registered_residents", "all residents"),
                     ("resident_registration", "nationals"), ("press_rounded", "not stated"))],
}
for row in TINY["population"]:
    row["confidence"] = "press" if row["series"] == "press" else "official"
for row in TINY["facts"]:
    row["confidence"] = "document"
    row["status"] = "happened"


def _tiny_project(root: Path) -> ProjectPaths:
    """Write :data:`TINY` as the raw tables of a project below ``root``."""
    paths = ProjectPaths(root)
    paths.raw.mkdir(parents=True)
    for table in RAW_TABLES:
        with (paths.raw / table.file_name).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, [c.name for c in table.columns], restval="",
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(TINY.get(table.name, []))
    return paths


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Evidence:
    evidence, problems = load_evidence(_tiny_project(tmp_path_factory.mktemp("tiny")))
    assert problems == []
    return evidence


# --- population_choices ---------------------------------------------------------------------


def test_population_choices_name_every_series_and_definition(tiny):
    before = tiny.population.copy()
    choices = population_choices(tiny.population)
    assert list(choices.items()) == [
        ("official, any definition", Choices(series="official")),
        ("press, any definition", Choices(series="press")),
        ("official, registered_residents",
         Choices(series="official", definition="registered_residents")),
        ("official, resident_registration",
         Choices(series="official", definition="resident_registration")),
        ("press, press_rounded", Choices(series="press", definition="press_rounded")),
    ]
    pd.testing.assert_frame_equal(tiny.population, before)


# --- per_capita_choices and per_capita_grid -------------------------------------------------

#: Per 100 000 of a and b on g under each choice: (lower, upper) or None (no population).
#: The press figure's confidence is ``press``, every official figure's ``official``.
PER_100K = {
    # a: (2 + [101, inf)) / 2 (interpolated); b: two definitions in 2021, ambiguous
    "official, any definition": {"a": (51.5, INF), "b": None},
    "press, any definition": {"a": (103 / 2.4, INF), "b": None},
    # b: 3 gardens reported, read from no complete list: a lower bound, open above
    "official, registered_residents": {"a": None, "b": (5.0, INF)},
    "official, resident_registration": {"a": (51.5, INF), "b": (6.0, INF)},
    "press, press_rounded": {"a": (103 / 2.4, INF), "b": None},
}


def test_per_capita_choices_on_hand_worked_cases(tiny):
    choices = population_choices(tiny.population)
    rows = per_capita_choices(tiny, choices)
    assert set(rows["indicator_id"]) == {"g"} and set(rows["measure"]) == {"per_100k"}
    got = {(r.choice, r.place_id): (r.lower, r.upper) for r in rows.itertuples()}
    expected = {(name, place): pytest.approx(bounds) for name, places in PER_100K.items()
                for place, bounds in places.items() if bounds is not None}
    assert got == expected
    keys = rows[["choice", "place_id", "indicator_id"]].values.tolist()
    assert keys == sorted(keys)  # sorted by choice, place and indicator
    b = rows[(rows["choice"] == "official, resident_registration") & (rows["place_id"] == "b")]
    assert b["population_used"].tolist() == ["2021: 50000 (exact 2021, resident_registration)"]
    assert b["population_source_ids"].tolist() == ["p4"]
    assert b["method"].tolist() == ["sum of claims per 100 000 residents, population official"]


def test_per_capita_grid_is_complete_and_marks_missing_populations_unknown(tiny):
    choices = population_choices(tiny.population)
    grid = per_capita_grid(tiny, choices, cities=["b", "a"], indicators=["g", "h"])
    assert grid.columns.tolist() == ["place_id", "indicator_id", "state", "lower", "upper",
                                     "source_ids", "population_used", "choice",
                                     "population_confidence"]
    assert len(grid) == len(choices) * 2 * 2
    for name, places in PER_100K.items():
        part = grid[grid["choice"] == name]
        assert part[["indicator_id", "place_id"]].values.tolist() == [
            ["g", "b"], ["g", "a"], ["h", "b"], ["h", "a"]]
        for place, bounds in places.items():
            (row,) = part[(part["indicator_id"] == "g") & (part["place_id"] == place)].itertuples()
            if bounds is None:
                assert (row.state, row.population_used) == ("not_reported", "")
                assert (np.isnan(row.lower), row.population_confidence) == (True, "")
            else:
                assert row.state == ("exact" if bounds[0] == bounds[1] else
                                     "lower_bound" if bounds[1] == np.inf else "bounded")
                assert (row.lower, row.upper) == pytest.approx(bounds)
                assert row.population_confidence == name.split(",")[0]  # the series chosen
        h = part[part["indicator_id"] == "h"]
        assert set(h["state"]) == {"not_reported"} and set(h["population_confidence"]) == {""}


# --- normalisation_choices ------------------------------------------------------------------


@pytest.fixture
def totals() -> pd.DataFrame:
    """Three cities on g (c's total bounded), two known on h."""
    return pd.DataFrame({
        "place_id": ["a", "b", "c", "a", "b", "c"],
        "indicator_id": ["g", "g", "g", "h", "h", "h"],
        "direction": ["higher"] * 6,
        "lower": [2.0, 4.0, 6.0, 1.0, 3.0, NAN],
        "upper": [2.0, 4.0, 10.0, 1.0, 3.0, NAN],
    })


#: Worked by hand from ``totals``: (method, place, indicator) -> normalised interval and ranks.
NORMALISED = [
    # minmax onto 0-100 over the finite bounds: g from 2 to 10, h from 1 to 3
    ("minmax", "a", "g", (0.0, 0.0), (3, 3)), ("minmax", "b", "g", (25.0, 25.0), (2, 2)),
    ("minmax", "c", "g", (50.0, 100.0), (1, 1)), ("minmax", "a", "h", (0.0, 0.0), (2, 2)),
    ("minmax", "b", "h", (100.0, 100.0), (1, 1)),
    # ratio to b
    ("distance", "a", "g", (0.5, 0.5), (3, 3)), ("distance", "c", "g", (1.5, 2.5), (1, 1)),
    ("distance", "b", "h", (1.0, 1.0), (1, 1)), ("distance", "a", "h", (1 / 3, 1 / 3), (2, 2)),
    # goalposts from 0 to the largest finite bound: g 0-10, h 0-3
    ("goalposts", "a", "g", (20.0, 20.0), (3, 3)), ("goalposts", "c", "g", (60.0, 100.0), (1, 1)),
    ("goalposts", "a", "h", (100 / 3, 100 / 3), (2, 2)),
    # ranks and percentiles of the totals themselves
    ("rank", "c", "g", (1.0, 1.0), (1, 1)), ("rank", "a", "g", (3.0, 3.0), (3, 3)),
    ("percentile", "c", "g", (100.0, 100.0), (1, 1)), ("percentile", "b", "g", (50.0, 50.0), (2, 2)),
    # z-scores of the reference points 2, 4, 8 (mean 14/3, sample sd sqrt(28/3))
    ("zscore", "a", "g", ((2 - 14 / 3) / np.sqrt(28 / 3),) * 2, (3, 3)),
    ("zscore", "c", "g", ((6 - 14 / 3) / np.sqrt(28 / 3), (10 - 14 / 3) / np.sqrt(28 / 3)), (1, 1)),
]


@pytest.mark.parametrize(("method", "place", "indicator", "normalised", "ranks"), NORMALISED)
def test_normalisation_choices_on_hand_worked_cases(totals, method, place, indicator,
                                                    normalised, ranks):
    runs = normalisation_choices(totals, reference="b")
    (row,) = runs[(runs["choice"] == method) & (runs["place_id"] == place)
                  & (runs["indicator_id"] == indicator)].itertuples()
    assert (row.normalised_lower, row.normalised_upper) == pytest.approx(normalised)
    assert (row.rank_lower, row.rank_upper) == ranks


def test_normalisation_choices_stack_every_method_and_keep_unknowns(totals):
    before = totals.copy()
    runs = normalisation_choices(totals, reference="b", methods=["minmax", "rank"])
    pd.testing.assert_frame_equal(totals, before)
    assert runs["choice"].tolist() == ["minmax"] * 6 + ["rank"] * 6
    unknown = runs[runs["place_id"].eq("c") & runs["indicator_id"].eq("h")]
    assert unknown[["normalised_lower", "rank_lower", "rank_upper"]].isna().all().all()
    assert set(unknown["normalisation_note"]) == {"unknown value"}


def test_goalposts_choice_follows_the_direction(totals):
    lower_is_better = totals.assign(direction="lower")
    runs = normalisation_choices(lower_is_better, reference="b", methods=["rank", "goalposts"])
    ranks = runs.pivot_table(index=["indicator_id", "place_id"], columns="choice",
                             values="rank_lower")
    pd.testing.assert_series_equal(ranks["goalposts"], ranks["rank"], check_names=False)


# --- on the shipped study -------------------------------------------------------------------


@pytest.fixture(scope="module")
def evidence():
    return load_valid(ProjectPaths(REPO))


def test_per_capita_choices_match_the_build_under_each_choice(evidence):
    choices = {"official": Choices(), "press": Choices(series="press"),
               "koreans": Choices(definition="resident_registration_koreans"),
               "nobody": Choices(definition="no such definition")}
    together = per_capita_choices(evidence, choices)
    assert together["choice"].unique().tolist() == ["official", "press"]  # others: no population
    for name, choice in choices.items():
        alone = tidy_indicators(denominated_claims(evidence, choice), choice)
        expected = alone[alone["measure"] == "per_100k"].reset_index(drop=True)
        got = together[together["choice"] == name].drop(columns="choice").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, check_dtype=len(expected) > 0,
                                      check_index_type=len(expected) > 0)
