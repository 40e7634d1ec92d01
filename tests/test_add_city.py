"""A fourth study city added to data/raw flows into every processed table and the map.

Only data/raw is edited (places, sources, population, facts): no code names
the study cities, so the new city must appear in indicators.csv, as columns
of comparison.csv, in edges.csv, in datapackage.json and among the map's
points and lines.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from lcstudy.cli import main
from lcstudy.config import ProjectPaths
from lcstudy.processed import read_processed
from lcstudy.validate import load_valid

REPOSITORY = Path(__file__).resolve().parents[1]
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
     "kind": "press_release", "paragraphs": "6", "note": "Made up for the tests."},
    {"source_id": "ref-virvala-statistics", "title": "Virvala in figures",
     "publisher": "City of Virvala", "language": "fi", "published": "2024",
     "kind": "statistics", "note": "Made up for the tests."},
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


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory,
            copy_project: Callable[[Path], ProjectPaths]) -> ProjectPaths:
    root = copy_project(tmp_path_factory.mktemp("add_city")).root
    raw = root / "data" / "raw"
    _append(raw / "sources.csv", _SOURCES)
    _append(raw / "places.csv", [_PLACE])
    _append(raw / "population.csv", _POPULATION)
    _append(raw / "facts.csv", [_FACT | fact for fact in _FACTS])
    runner = CliRunner()
    validated = runner.invoke(main, ["--root", str(root), "validate"])
    assert validated.exit_code == 0, validated.output
    built = runner.invoke(main, ["--root", str(root), "build"])
    assert built.exit_code == 0, built.output
    return ProjectPaths(root)


def test_new_city_is_in_indicators(project: ProjectPaths) -> None:
    indicators = read_processed("indicators", project)
    mine = indicators[indicators["place_id"] == CITY]
    got = set(zip(mine["indicator_id"], mine["measure"], strict=True))
    assert {("resident_gardens", "total"), ("resident_gardens", "per_100k"),
            ("resident_gardens", "per_km2"), ("resident_gardens", "per_year"),
            ("partnership_agreements", "total"),
            ("exchange_visits", "total"), ("learning_programmes", "total"),
            ("resident_gardens", "minmax_0_100")} <= got
    assert ("partnership_agreements", "per_100k") not in got  # a tie, not a rate
    gardens = mine.set_index("measure").loc[:, ["lower", "upper"]][
        (mine["indicator_id"] == "resident_gardens").to_numpy()]
    assert gardens.loc["total"].tolist() == [12.0, 12.0]
    population_2022 = 50000 + (53000 - 50000) * 2 / 3  # interpolated, not extrapolated
    assert gardens.loc["per_100k", "lower"] == pytest.approx(12 / population_2022 * 1e5)
    assert gardens.loc["per_km2", "lower"] == pytest.approx(12 / 120.5)
    assert gardens.loc["per_year", "lower"] == pytest.approx(6.0)
    visits = mine[(mine["indicator_id"] == "exchange_visits") & (mine["measure"] == "total")]
    assert visits[["lower", "upper"]].iloc[0].tolist() == [2.0, math.inf]  # 'at least' stays open


def test_new_city_is_a_column_pair_of_comparison(project: ProjectPaths) -> None:
    comparison = read_processed("comparison", project)
    cities = [c[: -len("_lower")] for c in comparison.columns if c.endswith("_lower")]
    assert cities == ["espoo", "osan", "gongju", CITY], "cities in places.csv order"
    assert f"{CITY}_upper" in comparison.columns
    row = comparison[(comparison["indicator_id"] == "learning_programmes")
                     & (comparison["measure"] == "total")].iloc[0]
    assert (row[f"{CITY}_lower"], row[f"{CITY}_upper"]) == (8.0, 12.0)
    scaled = comparison[comparison["measure"] == "minmax_0_100"]
    assert scaled[f"{CITY}_lower"].notna().any()


def test_new_city_relations_are_edges(project: ProjectPaths) -> None:
    edges = read_processed("edges", project)
    mine = edges[edges["party"] == CITY]
    assert set(zip(mine["partner"], mine["kind"], strict=True)) == {
        ("espoo", "partnership_agreements"), ("osan", "exchange_visits")}
    assert mine["source_ids"].eq("virvala-2022-twinning-en").all()


def test_partner_city_counts_the_new_relation(project: ProjectPaths) -> None:
    before = read_processed("indicators", ProjectPaths(REPOSITORY))
    after = read_processed("indicators", project)

    def total(table: pd.DataFrame) -> list[float]:
        row = table[(table["place_id"] == "espoo")
                    & (table["indicator_id"] == "partnership_agreements")
                    & (table["measure"] == "total")]
        return row[["lower", "upper"]].iloc[0].tolist()

    assert total(after) == [x + 1 for x in total(before)]


def test_new_city_is_declared_in_the_datapackage(project: ProjectPaths) -> None:
    descriptor = json.loads((project.processed / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    comparison = next(r for name, r in resources.items() if name.startswith("comparison"))
    names = [f["name"] for f in comparison["schema"]["fields"]]
    assert f"{CITY}_lower" in names and f"{CITY}_upper" in names


def test_new_city_is_on_the_map(project: ProjectPaths) -> None:
    from lcstudy import maps

    evidence = load_valid(project)
    points = maps.party_points(evidence.places)
    mine = points[points["place_id"] == CITY]
    assert len(mine) == 1
    assert bool(mine["study_city"].iloc[0])
    assert (mine["longitude"].iloc[0], mine["latitude"].iloc[0]) == (23.761, 61.4981)
    lines = maps.partner_lines(read_processed("edges", project), points)
    assert {("espoo", "partnership_agreements"), ("osan", "exchange_visits")} <= set(
        zip(lines.loc[lines["party"] == CITY, "partner"],
            lines.loc[lines["party"] == CITY, "kind"], strict=True))


def test_raw_edit_left_the_repository_alone(project: ProjectPaths) -> None:
    assert CITY not in (REPOSITORY / "data" / "raw" / "places.csv").read_text(encoding="utf-8")
    assert CITY not in (REPOSITORY / "data" / "processed" / "comparison.csv").read_text(
        encoding="utf-8")


def test_one_command_puts_the_new_city_in_the_figures(project: ProjectPaths) -> None:
    """`lcstudy reproduce` (what `make reproduce` runs) with no code change: figures and map."""
    result = CliRunner().invoke(main, ["--root", str(project.root), "reproduce"])
    assert result.exit_code == 0, result.output
    for figure in ("fig1_coverage", "fig3_comparison", "fig5_map"):
        plotted = pd.read_csv(project.figures / f"{figure}.csv", dtype=str)
        assert CITY in set(plotted["place_id"]), figure
        assert all((project.figures / f"{figure}.{fmt}").is_file() for fmt in ("pdf", "svg", "png"))
