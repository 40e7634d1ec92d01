"""Cities added to data/raw flow into every processed table, every figure and the tests.

Only data/raw is edited: no code names the study cities. Two additions, made
to one copy of the project:

- a made-up city (Virvala) with facts of every kind, its rows appended:
  its intervals, per-capita values, relations and columns are checked;
- a real-style one, as a student would make it by the README's steps: Suwon,
  already a place of the 2025 festival, promoted to study city with
  coordinates, a land area, two population figures and its 2017 UNESCO award,
  its rows inserted among the others (not only appended).

Then the one command ``lcstudy --root COPY reproduce`` runs; every processed
table and figure must show Suwon as a study city, and each that lists all the
study cities lists both; then the tests that check the shipped study against
data/raw rules run on that copy (``LCSTUDY_ROOT``) and must pass. Every test of
the module reads that one copy, and derives what it expects from data/raw: the
studied project's (``$LCSTUDY_ROOT``, else the checkout) and the rows added here.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from click.testing import CliRunner

from lcstudy.cli import main
from lcstudy.compare.comparability import VERDICTS
from lcstudy.config import ProjectPaths, project_paths
from lcstudy.data.processed import read_processed
from lcstudy.data.validate import load_valid

REPOSITORY = Path(__file__).resolve().parents[1]  # the checkout (code and tests)
#: The project the cities are added to a copy of: $LCSTUDY_ROOT, else the checkout.
STUDIED = project_paths()
CITY = "virvala"  # made up

_PLACE = {
    "place_id": CITY, "kind": "city", "name_en": "Virvala", "name_fi": "Virvala",
    "country": "FI", "parent_id": "finland", "latitude": "61.4981", "longitude": "23.7610",
    "coordinates_source_id": "ref-virvala-statistics", "coordinates_confidence": "official",
    "land_area_km2": "120.5", "land_area_definition": "land only, 2022",
    "land_area_source_id": "ref-virvala-statistics", "land_area_confidence": "official",
    "study_city": "true", "note": "A made-up city for the tests.",
}
_SOURCES = [
    {"source_id": "virvala-2022-twinning-en", "title": "Virvala signs a learning-city agreement",
     "publisher": "City of Virvala", "language": "en", "published": "2022-05-10",
     "kind": "press_release", "voice": "city", "voice_place_id": CITY, "paragraphs": "6",
     "note": "Made up for the tests."},
    {"source_id": "ref-virvala-statistics", "title": "Virvala in figures",
     "publisher": "City of Virvala", "language": "fi", "published": "2024",
     "kind": "statistics", "voice": "city", "voice_place_id": CITY,
     "note": "Made up for the tests."},
]
_POPULATION = [
    {"place_id": CITY, "reference_date": "2020-12-31", "value": "50000",
     "definition": "registered_residents", "series": "official",
     "source_id": "ref-virvala-statistics", "confidence": "official"},
    {"place_id": CITY, "reference_date": "2023-12-31", "value": "53000",
     "definition": "registered_residents", "series": "official",
     "source_id": "ref-virvala-statistics", "confidence": "official"},
]
_FACT = {"date_inferred": "false", "source_id": "virvala-2022-twinning-en",
         "confidence": "document", "status": "happened", "anchor": "0123456789ab"}
_FACTS = [
    # per capita, interpolated population (2022 lies between 2020 and 2023)
    {"fact_id": "v001", "claim": "virvala-gardens-2021-2022", "place_id": CITY,
     "indicator_id": "resident_gardens", "label": "Virvala opens twelve resident gardens",
     "qualifier": "exact", "value": "12", "lower": "12", "upper": "12", "period_start": "2021",
     "period_end": "2022", "period_years": "2", "paragraph": "2"},
    # a relation to an existing study city
    {"fact_id": "v002", "claim": "virvala-espoo-agreement-2022", "place_id": CITY,
     "indicator_id": "partnership_agreements", "partner_id": "espoo", "relation": "shared",
     "label": "Virvala and Espoo sign a learning-city agreement", "qualifier": "exact",
     "value": "1", "lower": "1", "upper": "1", "period_start": "2022-05-09", "paragraph": "1"},
    {"fact_id": "v003", "claim": "virvala-osan-visits-2022", "place_id": CITY,
     "indicator_id": "exchange_visits", "partner_id": "osan", "relation": "made",
     "label": "Experts from Virvala visit Osan", "qualifier": "at_least", "value": "2",
     "lower": "2", "period_start": "2022", "paragraph": "4"},
    {"fact_id": "v004", "claim": "virvala-programmes-2022", "place_id": CITY,
     "indicator_id": "learning_programmes", "label": "Virvala runs about ten programmes",
     "qualifier": "about", "value": "10", "lower": "8", "upper": "12", "period_start": "2022",
     "paragraph": "5"},
]


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    """Append rows (missing columns empty) in the file's own column order."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    unknown = {k for row in rows for k in row} - set(header)
    assert not unknown, unknown
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    path.write_text(text + buffer.getvalue(), encoding="utf-8", newline="")


# --- a real-style addition: Suwon, a festival place, promoted to study city ----------

SUWON = "suwon"
#: TEST DATA: plausible values made up for this test, not coded from any source.
_SUWON_PLACE = {"latitude": "37.2636", "longitude": "127.0286",
                "coordinates_source_id": "ref-test-suwon-statistics",
                "coordinates_confidence": "official", "land_area_km2": "121.1",
                "land_area_definition": "administrative area (test data)",
                "land_area_source_id": "ref-test-suwon-statistics",
                "land_area_confidence": "official", "study_city": "true"}
_SUWON_SOURCE = {"source_id": "ref-test-suwon-statistics",
                 "title": "Suwon in figures (TEST DATA made up for tests/test_add_city.py)",
                 "publisher": "test data", "language": "en", "published": "2026",
                 "kind": "statistics", "voice": "statistics",
                 "note": "Not a real source: values for the tests only."}
_SUWON_POPULATION = [
    {"place_id": SUWON, "reference_date": reference, "value": value,
     "definition": "resident_registration", "series": "official",
     "source_id": "ref-test-suwon-statistics", "confidence": "official",
     "note": "TEST DATA (tests/test_add_city.py)."}
    for reference, value in (("2017-12-31", "1202000"), ("2025-12-31", "1190000"))]
#: The 2017 award, coded like Osan's 2021 award from the UIL list the study already cites.
_SUWON_AWARD = {"fact_id": "t-suwon-001", "claim": "suwon-award-2017", "place_id": SUWON,
                "indicator_id": "learning_city_awards",
                "label": "Suwon receives the UNESCO Learning City Award", "qualifier": "exact",
                "status": "happened", "value": "1", "lower": "1", "upper": "1",
                "period_start": "2017-09", "date_inferred": "false", "source_id": "ref-uil-2017-award",
                "complete_list": "unesco-award-2017",
                "confidence": "official", "note": "TEST DATA (tests/test_add_city.py)."}

#: Every fact row added to the copy, Virvala's and Suwon's.
_ADDED_FACTS = [_FACT | fact for fact in _FACTS] + [_SUWON_AWARD]


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _edit(path: Path, match: dict[str, str], changes: dict[str, str]) -> None:
    """Change the one row matching ``match``."""
    header, rows = _rows(path)
    found = [row for row in rows if all(row[k] == v for k, v in match.items())]
    assert len(found) == 1, (path.name, match)
    found[0].update(changes)
    _write(path, header, rows)


def _insert(path: Path, new: list[dict[str, str]], after: Callable[[dict[str, str]], bool]
            ) -> None:
    """Insert rows after the first row for which ``after`` holds (lines below them move)."""
    header, rows = _rows(path)
    at = min(i for i, row in enumerate(rows) if after(row)) + 1
    assert at < len(rows), "inserted among the rows, not appended"
    _write(path, header, rows[:at] + new + rows[at:])


def _add_virvala(raw: Path) -> None:
    """Append the made-up city's rows to the raw tables."""
    _append(raw / "sources.csv", _SOURCES)
    _append(raw / "places.csv", [_PLACE])
    _append(raw / "population.csv", _POPULATION)
    _append(raw / "facts.csv", [_FACT | fact for fact in _FACTS])


def _promote_suwon(raw: Path) -> None:
    """Make Suwon a study city by the README's steps, its rows among the others."""
    _edit(raw / "places.csv", {"place_id": SUWON}, _SUWON_PLACE)
    _insert(raw / "sources.csv", [_SUWON_SOURCE], lambda r: r["kind"] == "statistics")
    _insert(raw / "population.csv", _SUWON_POPULATION, lambda r: r["place_id"] == "osan")
    # (the shipped award list may name the place already; the step is the student's all the same)
    _edit(raw / "award_winners.csv", {"award_year": "2017", "city": "Suwon"},
          {"place_id": SUWON})
    _insert(raw / "facts.csv", [_SUWON_AWARD], lambda r: r["place_id"] == "osan")


# --- the one copy: both additions, then the main job ---------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory,
            copy_project: Callable[[Path], ProjectPaths]) -> ProjectPaths:
    """One copy with both cities added, after ``lcstudy --root COPY reproduce``."""
    paths = copy_project(tmp_path_factory.mktemp("add_city"))
    _add_virvala(paths.raw)
    _promote_suwon(paths.raw)
    runner = CliRunner()
    validated = runner.invoke(main, ["--root", str(paths.root), "validate"])
    assert validated.exit_code == 0, validated.output
    reproduced = runner.invoke(main, ["--root", str(paths.root), "reproduce"])
    assert reproduced.exit_code == 0, reproduced.output
    return paths


# --- Virvala's tests -----------------------------------------------------------------

def test_new_city_is_in_indicators(project: ProjectPaths) -> None:
    indicators = read_processed("indicators", project)
    mine = indicators[indicators["place_id"] == CITY]
    got = set(zip(mine["indicator_id"], mine["measure"], strict=True))
    assert {("resident_gardens", "total"), ("resident_gardens", "per_100k"),
            ("resident_gardens", "per_km2"), ("resident_gardens", "per_year"),
            ("partnership_agreements", "total"),
            ("exchange_visits", "total"), ("learning_programmes", "total")} <= got
    # not normalised: some study city does not report resident gardens, so the pairs are
    # not all comparable, and a normalised value would rank them
    pairs = read_processed("comparability", project)
    gardens = pairs[(pairs["indicator_id"] == "resident_gardens") & (pairs["measure"] == "total")]
    assert (gardens["verdict"] == "not_comparable").any()
    assert ("resident_gardens", "minmax_0_100") not in got
    assert ("partnership_agreements", "per_100k") not in got  # a tie, not a rate
    gardens = mine.set_index("measure").loc[:, ["lower", "upper"]][
        (mine["indicator_id"] == "resident_gardens").to_numpy()]
    # twelve gardens in a release, no complete list: a lower bound, open above
    assert gardens.loc["total"].tolist() == [12.0, math.inf]
    population_2022 = 50000 + (53000 - 50000) * 2 / 3  # interpolated, not extrapolated
    assert gardens.loc["per_100k", "lower"] == pytest.approx(12 / population_2022 * 1e5)
    assert gardens.loc["per_km2", "lower"] == pytest.approx(12 / 120.5)
    assert gardens.loc["per_year", "lower"] == pytest.approx(6.0)
    visits = mine[(mine["indicator_id"] == "exchange_visits") & (mine["measure"] == "total")]
    assert visits[["lower", "upper"]].iloc[0].tolist() == [2.0, math.inf]  # 'at least' stays open


def _marked_study_cities(paths: ProjectPaths) -> list[str]:
    """The place ids places.csv marks as study cities, in file order (read with csv only)."""
    with (paths.raw / "places.csv").open(encoding="utf-8", newline="") as stream:
        return [row["place_id"] for row in csv.DictReader(stream) if row["study_city"] == "true"]


def test_both_cities_are_study_cities_in_file_order(project: ProjectPaths) -> None:
    """The studied project's study cities, Suwon at its own row, Virvala appended."""
    with (STUDIED.raw / "places.csv").open(encoding="utf-8", newline="") as stream:
        studied = [row["place_id"] for row in csv.DictReader(stream)
                   if row["study_city"] == "true" or row["place_id"] == SUWON]
    assert _marked_study_cities(project) == [*studied, CITY]


def test_new_city_is_a_column_pair_of_comparison(project: ProjectPaths) -> None:
    comparison = read_processed("comparison", project)
    cities = [c[: -len("_lower")] for c in comparison.columns if c.endswith("_lower")]
    assert cities == _marked_study_cities(project), "cities in places.csv order"
    assert cities[-1] == CITY
    assert f"{CITY}_upper" in comparison.columns
    row = comparison[(comparison["indicator_id"] == "learning_programmes")
                     & (comparison["measure"] == "total")].iloc[0]
    # "about ten" in a release: 8 at least, and open above (no complete list)
    assert (row[f"{CITY}_lower"], row[f"{CITY}_upper"]) == (8.0, math.inf)
    # a normalised row only where the comparability table allows every pair, the new city's too
    scaled = comparison[comparison["measure"] == "minmax_0_100"]
    pairs = read_processed("comparability", project)
    refused = set(pairs.loc[(pairs["measure"] == "total")
                            & (pairs["verdict"] == "not_comparable"), "indicator_id"])
    assert not set(scaled["indicator_id"]) & refused
    mine = pairs[(pairs["city_b"] == CITY) & (pairs["measure"] == "total")]
    assert set(mine["city_a"]) == set(cities) - {CITY}  # a pair with every other study city
    assert set(mine["verdict"]) <= set(VERDICTS)


def test_new_city_relations_are_edges(project: ProjectPaths) -> None:
    edges = read_processed("edges", project)
    mine = edges[edges["party"] == CITY]
    assert set(zip(mine["partner"], mine["kind"], strict=True)) == {
        ("espoo", "partnership_agreements"), ("osan", "exchange_visits")}
    assert mine["source_ids"].eq("virvala-2022-twinning-en").all()


def test_partner_city_counts_the_new_relation(project: ProjectPaths) -> None:
    """A shared relation (an agreement) counts for its partner too: the partner's total
    grows by the bounds of the shared relations added with it as partner, and no more."""
    before = read_processed("indicators", STUDIED)
    after = read_processed("indicators", project)

    def total(table: pd.DataFrame, place: str, indicator: str) -> list[float]:
        row = table[(table["place_id"] == place) & (table["indicator_id"] == indicator)
                    & (table["measure"] == "total")]
        return row[["lower", "upper"]].iloc[0].tolist()

    shared = [f for f in _ADDED_FACTS if f.get("relation") == "shared"]
    assert shared, "no shared relation added"
    for place, indicator in {(f["partner_id"], f["indicator_id"]) for f in shared}:
        added = [f for f in shared if (f["partner_id"], f["indicator_id"]) == (place, indicator)]
        lower, upper = total(before, place, indicator)
        assert total(after, place, indicator) == [
            lower + sum(float(f["lower"]) for f in added),
            upper + sum(float(f.get("upper") or math.inf) for f in added)], (place, indicator)


def test_new_city_is_declared_in_the_datapackage(project: ProjectPaths) -> None:
    descriptor = json.loads((project.processed / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    comparison = next(r for name, r in resources.items() if name.startswith("comparison"))
    names = [f["name"] for f in comparison["schema"]["fields"]]
    assert f"{CITY}_lower" in names and f"{CITY}_upper" in names


def test_new_citys_document_stays_out_of_the_agreement(project: ProjectPaths) -> None:
    """Not yet double-coded, so neither agreement nor disagreement (codebook 5.3); Suwon's
    award, a reference fact citing no paragraph, is no unit at all (codebook 5.1)."""
    shipped = STUDIED
    for name in ("agreement", "disagreements"):
        assert read_processed(name, project).equals(read_processed(name, shipped)), name


def test_new_city_is_on_the_map(project: ProjectPaths) -> None:
    from lcstudy.exhibits import geo

    evidence = load_valid(project)
    points = geo.party_points(evidence.places)
    mine = points[points["place_id"] == CITY]
    assert len(mine) == 1
    assert bool(mine["study_city"].iloc[0])
    assert (mine["longitude"].iloc[0], mine["latitude"].iloc[0]) == (23.761, 61.4981)
    lines = geo.partner_lines(read_processed("edges", project), points)
    assert {("espoo", "partnership_agreements"), ("osan", "exchange_visits")} <= set(
        zip(lines.loc[lines["party"] == CITY, "partner"],
            lines.loc[lines["party"] == CITY, "kind"], strict=True))


def test_raw_edit_left_the_repository_alone(project: ProjectPaths) -> None:
    assert CITY not in (STUDIED.raw / "places.csv").read_text(encoding="utf-8")
    assert CITY not in (STUDIED.processed / "comparison.csv").read_text(
        encoding="utf-8")
    # Suwon's rows: its statistics source and its award
    assert _SUWON_SOURCE["source_id"] not in (STUDIED.raw / "sources.csv").read_text(
        encoding="utf-8")
    assert _SUWON_AWARD["claim"] not in (STUDIED.raw / "facts.csv").read_text(encoding="utf-8")
    assert _SUWON_AWARD["claim"] not in (STUDIED.processed / "claims.csv").read_text(
        encoding="utf-8")


# --- Suwon's tests -------------------------------------------------------------------

#: The processed tables and figures the Suwon tests check: all there are.
PROCESSED = {"claims", "indicators", "comparison", "edges", "timeline", "knowledge",
             "agreement", "disagreements",
             "comparability", "datapackage"}
FIGURES = {"fig1_coverage", "fig2_population", "fig3_comparison", "fig4_timeline", "fig5_map",
           "fig6_network_context", "fig7_robustness"}
TABLES = {"tab1_comparison", "tab2_populations", "tab3_comparability", "tab4_robustness",
          "tab5_profile", "tab6_ranks"}


def test_suwon_is_a_study_city_in_every_processed_table(project: ProjectPaths) -> None:
    assert {p.stem for p in project.processed.iterdir()} == PROCESSED, "a table left unchecked"
    assert SUWON in _marked_study_cities(project)
    claims = read_processed("claims", project)
    assert "suwon-award-2017" in set(claims.loc[claims["place_id"] == SUWON, "claim"])
    indicators = read_processed("indicators", project)
    awards = indicators[(indicators["place_id"] == SUWON)
                        & (indicators["indicator_id"] == "learning_city_awards")
                        & (indicators["measure"] == "total")]
    assert awards[["lower", "upper"]].iloc[0].tolist() == [1.0, 1.0]
    comparison = read_processed("comparison", project)
    assert {f"{SUWON}_lower", f"{SUWON}_upper"} <= set(comparison.columns)
    edges = read_processed("edges", project)
    assert SUWON in set(edges["party"])  # the 2025 festival
    timeline = read_processed("timeline", project)
    assert {"learning_city_awards", "international_events"} <= set(
        timeline.loc[timeline["place_id"] == SUWON, "indicator_id"])
    descriptor = (project.processed / "datapackage.json").read_text(encoding="utf-8")
    assert f'"{SUWON}_lower"' in descriptor
    knowledge = read_processed("knowledge", project)
    mine = knowledge[knowledge["place_id"] == SUWON]
    assert set(mine["indicator_id"]) == set(knowledge["indicator_id"])  # every key feature
    pairs = read_processed("comparability", project)
    others = set(_marked_study_cities(project)) - {SUWON}
    partners = set(pairs.loc[pairs["city_b"] == SUWON, "city_a"]) | set(
        pairs.loc[pairs["city_a"] == SUWON, "city_b"])
    assert partners == others  # a pair with every other study city


def _lines_of(paths: ProjectPaths, name: str, columns: tuple[str, ...],
              cities: set[str]) -> dict[tuple[str, ...], str]:
    """The CSV lines of a processed table whose city columns all name ``cities``, by key."""
    text = (paths.processed / name).read_text(encoding="utf-8").splitlines()
    reader = csv.DictReader(text)
    keyed = {}
    for line, row in zip(text[1:], reader, strict=True):
        if all(row[c] in cities for c in columns):
            keyed[tuple(row[k] for k in ("indicator_id", "measure", *columns))] = line
    return keyed


def _evidence_of(facts: list[dict[str, str]]) -> set[str]:
    """The places these facts are evidence of: each fact's own place, and the partner of a
    shared relation (an agreement counts for both parties; a visit only for who made it)."""
    return ({fact["place_id"] for fact in facts}
            | {fact["partner_id"] for fact in facts if fact.get("relation") == "shared"})


def test_adding_the_cities_leaves_every_other_pair_byte_identical(project: ProjectPaths
                                                                  ) -> None:
    """A pair's period, states, verdict and reason depend on its two cities only.

    Other pairs: those of studied cities that no added row is evidence of (Virvala's
    agreement is evidence of its partner, whose periods and totals it changes).
    """
    shipped = STUDIED
    others = set(_marked_study_cities(shipped)) - _evidence_of(_ADDED_FACTS)
    for name, columns in (("comparability.csv", ("city_a", "city_b")),
                          ("knowledge.csv", ("place_id",))):
        old = _lines_of(shipped, name, columns, others)
        new = _lines_of(project, name, columns, others)
        assert old and new == old, name


def _plotted(paths: ProjectPaths, figure: str) -> pd.DataFrame:
    assert all((paths.figures / f"{figure}.{fmt}").is_file() for fmt in ("pdf", "svg", "png"))
    return pd.read_csv(paths.figures / f"{figure}.csv", dtype=str, keep_default_na=False)


def test_suwon_is_a_study_city_in_every_figure(project: ProjectPaths) -> None:
    assert {p.stem for p in project.figures.iterdir()} == FIGURES | TABLES, (
        "a figure left unchecked")
    study = _marked_study_cities(project)
    # fig1, fig3: the coverage and comparison of the study cities, and Suwon's pairs in fig3
    assert set(_plotted(project, "fig1_coverage")["place_id"]) == set(study)
    comparability = _plotted(project, "fig3_comparison")
    states = comparability[comparability["panel"] == "state"]
    assert set(states["place_id"]) == set(study)
    verdicts = comparability[comparability["panel"] == "verdict"]
    assert SUWON in set(verdicts["city_a"]) | set(verdicts["city_b"])
    # fig2: one population panel per study city, Suwon's two figures among them
    population = _plotted(project, "fig2_population")
    assert set(population["place_id"]) == set(study)
    assert population.loc[population["place_id"] == SUWON, "value"].tolist() == [
        "1202000", "1190000"]
    # fig4: the study cities are the top rows, in their order
    timeline = _plotted(project, "fig4_timeline")
    rows = timeline.drop_duplicates("place_id").set_index("place_id")["row"].astype(int)
    assert rows.loc[study].tolist() == list(range(len(study)))
    # fig5: a study-city point (its label is checked by test_suwon_is_labelled_on_the_map)
    points = _plotted(project, "fig5_map")
    points = points[points["element"] == "point"]
    assert points.loc[points["place_id"] == SUWON, "study_city"].tolist() == ["True"]
    # fig6: highlighted among the 2017 award winners
    context = _plotted(project, "fig6_network_context")
    winners = context[(context["element"] == "award winners") & (context["date"] == "2017")]
    listed = pd.read_csv(project.raw / "award_winners.csv", dtype=str)
    awarded = set(listed.loc[(listed["award_year"] == "2017") & listed["place_id"].isin(study),
                             "place_id"])
    assert SUWON in awarded and sorted(winners["place_id"]) == sorted(awarded)
    # fig7: every run ranks every study city on every group, and every pair has a verdict
    robustness = _plotted(project, "fig7_robustness")
    ranked = {c.rsplit(" ", 1)[1] for c in robustness.columns if c.startswith("rank ")}
    assert ranked == set(study)
    assert any(c.startswith("verdict ") and SUWON in c for c in robustness.columns)
    # the paper tables: the comparison and the profile have a column or row for Suwon
    comparison = pd.read_csv(project.figures / "tab1_comparison.csv", dtype=str)
    assert "Suwon" in comparison.columns
    profile = pd.read_csv(project.figures / "tab5_profile.csv", dtype=str)
    assert "Suwon" in set(profile["city"])
    dominance = pd.read_csv(project.figures / "tab4_robustness.csv", dtype=str)
    assert dominance["pair"].str.contains("Suwon").any()
    assert "Suwon" in set(pd.read_csv(project.figures / "tab6_ranks.csv", dtype=str)["city"])


def _crowded_country(paths: ProjectPaths) -> str | None:
    """The country fig5's inset shows, by its rule from places.csv (read with csv only):
    the one with the most located study cities, the first in file order on a tie, if it
    has two or more."""
    with (paths.raw / "places.csv").open(encoding="utf-8", newline="") as stream:
        located = Counter(row["country"] for row in csv.DictReader(stream)
                          if row["study_city"] == "true" and row["latitude"] and row["longitude"])
    if not located or max(located.values()) < 2:
        return None
    return max(located, key=located.__getitem__)  # the first of the most, in file order


def test_suwon_is_labelled_on_the_map_in_its_own_colour(project: ProjectPaths) -> None:
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    from lcstudy.exhibits import geo, maps
    from lcstudy.exhibits.style import city_colours

    evidence = load_valid(project)
    points = geo.party_points(evidence.places)
    crowded = maps.inset_extent(points, evidence.places)
    assert crowded is not None and crowded[0] == _crowded_country(project)
    # fig5 names Suwon in the inset when that shows Suwon's country (Korea, in the shipped
    # data), else on the world map
    places = evidence.places.drop_duplicates("place_id").set_index("place_id")
    extent = None
    if crowded[0] == places.loc[SUWON, "country"]:
        extent = crowded[1]
        assert geo.within_extent(points[points["place_id"] == SUWON], extent).all()
    palette = city_colours(evidence.study_cities)
    assert len(set(palette.values())) == len(palette)
    assert not set(palette.values()) & {s["color"] for s in maps.RELATION_STYLES.values()}
    _, ax = plt.subplots()
    lines = geo.partner_lines(read_processed("edges", project), points)
    maps.network_map(geo.load_basemap(project), points, lines, ax=ax, extent=extent,
                     palette=palette, legend=False)
    (label,) = [t for t in ax.texts if t.get_text() == "Suwon"]
    assert label.get_fontweight() == "bold"  # named as a study city
    dots = next(c for c in ax.collections if isinstance(c, PathCollection))  # the cities
    colours = {to_hex(c) for c in dots.get_facecolors()}
    assert to_hex(palette[SUWON]) in colours


#: The tests that check the shipped study against rules derived from data/raw.
STUDY_TESTS = ("tests/test_build.py", "tests/test_datapackage.py", "tests/test_processed.py",
               "tests/test_schema.py", "tests/test_validate.py", "tests/test_bad_inputs.py",
               "tests/test_exhibits.py", "tests/test_robustness.py")


def test_the_study_tests_pass_on_the_adapted_copy(project: ProjectPaths) -> None:
    env = dict(os.environ, LCSTUDY_ROOT=str(project.root))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", *STUDY_TESTS], cwd=REPOSITORY, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
