"""datapackage.json describes exactly the files written, and Frictionless finds it valid."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from lcstudy.config import ProjectPaths, project_paths
from lcstudy.data.datapackage import PROCESSED, comparison_fields, descriptor, descriptor_json
from lcstudy.data.validate import load_valid
from lcstudy.pipeline.build import processed_tables, write_processed

#: The project whose study is checked: $LCSTUDY_ROOT, else this checkout.
REPO = project_paths().root
SHIPPED = REPO / "data" / "processed"
with (REPO / "data" / "raw" / "places.csv").open(encoding="utf-8", newline="") as _stream:
    #: The study cities as places.csv marks them, in file order.
    CITIES = [row["place_id"] for row in csv.DictReader(_stream) if row["study_city"] == "true"]


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return next(csv.reader(stream))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """data/processed freshly built from the shipped raw data, outside the repository."""
    evidence = load_valid(ProjectPaths(REPO))
    destination = tmp_path_factory.mktemp("built") / "processed"
    write_processed(processed_tables(ProjectPaths(REPO), evidence), evidence.study_cities,
                    destination)
    return destination


def test_comparison_fields_per_city():
    fixed = [f.name for f in PROCESSED["comparison.csv"].columns]
    assert [f.name for f in comparison_fields(["x", "y"])] == [
        *fixed, "x_lower", "x_upper", "y_lower", "y_upper"]
    assert {f.type for f in comparison_fields(["x"])[len(fixed):]} == {"number"}


def test_descriptor_resources_follow_the_declarations():
    package = descriptor(CITIES)
    assert package["profile"] == "tabular-data-package"
    assert [r["path"] for r in package["resources"]] == list(PROCESSED)
    for resource in package["resources"]:
        assert resource["name"] == resource["path"].removesuffix(".csv")
        fields = (comparison_fields(CITIES) if resource["path"] == "comparison.csv"
                  else PROCESSED[resource["path"]].columns)
        assert [(f["name"], f["type"]) for f in resource["schema"]["fields"]] == [
            (f.name, f.type) for f in fields]
        assert resource["schema"]["missingValues"] == [""]


@pytest.mark.parametrize("name", list(PROCESSED))
def test_declared_fields_well_formed(name):
    fields = comparison_fields(CITIES) if name == "comparison.csv" else PROCESSED[name].columns
    names = [f.name for f in fields]
    assert len(names) == len(set(names))
    assert {f.type for f in fields} <= {"string", "number", "integer", "boolean"}
    assert all(f.description for f in fields)


def test_descriptor_json_is_stable_json():
    text = descriptor_json(CITIES)
    assert text.endswith("}\n")
    assert json.loads(text) == descriptor(CITIES)
    assert descriptor_json(list(CITIES)) == text


@pytest.mark.parametrize("folder", ["shipped", "written"])
def test_resources_match_the_files_headers(folder, written):
    root = SHIPPED if folder == "shipped" else written
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in root.iterdir()) == sorted([*PROCESSED, "datapackage.json"])
    for resource in package["resources"]:
        assert _header(root / resource["path"]) == [f["name"] for f in resource["schema"]["fields"]]


def test_shipped_descriptor_is_the_generated_one():
    assert (SHIPPED / "datapackage.json").read_text(encoding="utf-8") == descriptor_json(CITIES)


@pytest.mark.parametrize("folder", ["shipped", "written"])
def test_frictionless_finds_the_package_valid(folder, written):
    frictionless = pytest.importorskip("frictionless")
    root = SHIPPED if folder == "shipped" else written
    report = frictionless.validate(str(root / "datapackage.json"))
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors
    assert len(report.tasks) == len(PROCESSED)
