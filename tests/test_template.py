"""The template notebook, run with papermill exactly as the README shows."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lcstudy.config import ROOT_ENV, ProjectPaths, project_paths

PAPERMILL = Path(sys.executable).with_name("papermill")


def _study_names() -> dict[str, str]:
    """The study cities of the studied project's places.csv and their names, in file order."""
    with (project_paths().raw / "places.csv").open(encoding="utf-8", newline="") as stream:
        return {row["place_id"]: row["name_en"] for row in csv.DictReader(stream)
                if row["study_city"] == "true"}


#: Two study cities chosen (the first and the last) and one left out, from data/raw.
STUDY = _study_names()
FIRST, *MIDDLE, LAST = STUDY
CITIES = f'["{FIRST}", "{LAST}"]'
INDICATORS = '["partnership_agreements", "international_events"]'


def _papermill(paths: ProjectPaths, *parameters: str, cities: str = CITIES
               ) -> subprocess.CompletedProcess[str]:
    """Run the README's command on the template of a project copy."""
    env = dict(os.environ)
    env[ROOT_ENV] = str(paths.root)
    env["PATH"] = os.pathsep.join([str(PAPERMILL.parent), env.get("PATH", "")])
    command = [str(PAPERMILL), "notebooks/template_city_selection.ipynb", "my_selection.ipynb",
               "-p", "cities", cities, "-p", "indicators", INDICATORS, *parameters]
    return subprocess.run(command, cwd=paths.root, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def selection(tmp_path_factory: pytest.TempPathFactory, copy_project) -> ProjectPaths:
    """A project copy in which the template ran for two cities and saved its figure."""
    paths = copy_project(tmp_path_factory.mktemp("template"))
    result = _papermill(paths, "-p", "save_as", "fig_my_selection")
    assert result.returncode == 0, result.stderr
    return paths


def test_template_compares_only_the_chosen_cities_and_indicators(selection):
    document = nbformat.read(selection.root / "my_selection.ipynb", as_version=4)
    tables = [output["data"]["text/html"] for cell in document.cells if cell.cell_type == "code"
              for output in cell.outputs if "text/html" in output.get("data", {})]
    assert len(tables) == 1
    assert MIDDLE, "three study cities or more, so that one is left out"
    assert STUDY[FIRST] in tables[0] and STUDY[LAST] in tables[0]
    assert STUDY[MIDDLE[0]] not in tables[0]


def test_template_saves_the_figure_in_four_forms_in_the_users_own_folder(selection, repo_paths):
    stem = selection.own_outputs / "fig_my_selection"
    assert all(stem.with_suffix(suffix).stat().st_size > 0 for suffix in (".pdf", ".svg", ".png"))
    with stem.with_suffix(".csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["place_id"] for row in rows} == {FIRST, LAST}
    assert {row["indicator_id"] for row in rows} == {"partnership_agreements",
                                                     "international_events"}
    assert all(row["source_ids"] for row in rows if row["lower"])


def test_template_names_an_unknown_city(project_copy):
    result = _papermill(project_copy, "-p", "save_as", "fig_my_selection",
                        cities=f'["{FIRST}", "atlantis"]')
    assert result.returncode != 0
    assert "cities: 'atlantis' not in the study cities (study_city in data/raw/places.csv)" \
        in result.stderr
    assert not list(project_copy.figures.glob("fig_my_selection*"))
    assert not list(project_copy.own_outputs.glob("fig_my_selection*"))


def test_template_figure_is_not_among_the_studys(selection, repo_paths):
    """figures/ keeps only the study's files, so verify and reproduce never meet the user's."""
    shipped = sorted(p.relative_to(repo_paths.figures) for p in repo_paths.figures.rglob("*"))
    assert sorted(p.relative_to(selection.figures) for p in selection.figures.rglob("*")) == shipped
    ignored = (repo_paths.root / "my_outputs" / ".gitignore").read_text(encoding="utf-8")
    assert ignored.splitlines()[-2:] == ["*", "!.gitignore"]
