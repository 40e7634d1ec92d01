"""scripts/foreign_cities.py: the generated cities of `make test-cities` are valid and new."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from lcstudy.data.provenance import anchor, paragraphs
from lcstudy.data.validate import validate

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "foreign_cities.py"


def _script():
    spec = importlib.util.spec_from_file_location("foreign_cities", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_generated_cities_are_valid_new_and_of_new_countries(project_copy):
    before = "\n".join(p.read_text(encoding="utf-8").lower()
                       for p in sorted(project_copy.raw.glob("*.csv")))
    old_countries = {row["country"] for row in _rows(project_copy.raw / "places.csv")}
    cities = _script().add_cities(project_copy.root, count=3)
    assert len(set(cities)) == 3
    assert not any(city in before for city in cities)  # no name the data already has
    places = {row["place_id"]: row for row in _rows(project_copy.raw / "places.csv")}
    assert {places[c]["study_city"] for c in cities} == {"true"}
    assert not {places[c]["country"] for c in cities} & old_countries
    colours = [row["colour"] for row in places.values() if row["study_city"] == "true"]
    assert len(colours) == len(set(colours))  # each its own colour number
    assert validate(project_copy) == []
    documents = {row["source_id"]: row for row in _rows(project_copy.raw / "sources.csv")
                 if row["file"] and row["source_id"].split("-")[0] in cities}
    assert len(documents) == 3
    for fact in _rows(project_copy.raw / "facts.csv"):
        if fact["source_id"] in documents:
            text = paragraphs((project_copy.root / "documents" / documents[fact["source_id"]]["file"])
                              .read_text(encoding="utf-8"))
            assert fact["anchor"] == anchor(text[int(fact["paragraph"]) - 1])


def test_drop_study_city(project_copy):
    script = _script()
    study = [r["place_id"] for r in _rows(project_copy.raw / "places.csv") if r["study_city"] == "true"]
    script.drop_study_city(project_copy.root, study[-1])
    after = [r["place_id"] for r in _rows(project_copy.raw / "places.csv") if r["study_city"] == "true"]
    assert after == study[:-1]


def test_drop_last_names_the_checkouts_last_study_city(project_copy):
    script = _script()
    own = [r["place_id"] for r in _rows(script.CHECKOUT / "data" / "raw" / "places.csv")
           if r["study_city"] == "true"]
    assert script.drop_study_city(project_copy.root, "last") == own[-1]
    after = [r["place_id"] for r in _rows(project_copy.raw / "places.csv") if r["study_city"] == "true"]
    assert own[-1] not in after
