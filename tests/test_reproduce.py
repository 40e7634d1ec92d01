"""reproduce never deletes a file it did not write; verify names the study's files and the others.

The notebooks are replaced by a stand-in that writes one figure, so the test
runs the real build, staging, swap and comparison in seconds.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

import lcstudy.pipeline.reproduce
from lcstudy.cli import main
from lcstudy.config import ProjectPaths
from lcstudy.pipeline.reproduce import reproduce, verify

STUDY_FIGURE = "fig_study.csv"


def _notebooks(paths: ProjectPaths) -> list:
    """Stand-in for running the notebooks: the study's one figure."""
    (paths.figures / STUDY_FIGURE).write_text("place_id,source_ids\nx,s\n", encoding="utf-8")
    return []


@pytest.fixture
def study(project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> ProjectPaths:
    """A project copy whose figures/ holds its study figure and a student's own figure."""
    monkeypatch.setattr(lcstudy.pipeline.reproduce, "execute_notebooks", _notebooks)
    shutil.rmtree(project_copy.figures)
    project_copy.figures.mkdir()
    _notebooks(project_copy)
    (project_copy.figures / "fig_my_selection.png").write_bytes(b"mine")
    (project_copy.notebooks / ".ipynb_checkpoints").mkdir()
    (project_copy.notebooks / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    return project_copy


def test_reproduce_keeps_files_it_does_not_write(study):
    (study.figures / STUDY_FIGURE).write_text("stale", encoding="utf-8")
    kept = reproduce(study)
    assert kept == ["figures/fig_my_selection.png"]
    assert (study.figures / "fig_my_selection.png").read_bytes() == b"mine"
    assert (study.figures / STUDY_FIGURE).read_text(encoding="utf-8") != "stale"  # rewritten
    assert (study.notebooks / ".ipynb_checkpoints" / "x-checkpoint.ipynb").read_text() == "{}"


def test_verify_lists_the_studys_files_and_keeps_the_others(study):
    result = verify(study)
    assert result.differences == []
    assert result.others == ["figures/fig_my_selection.png"]
    assert f"figures/{STUDY_FIGURE}" in result.study
    assert "data/processed/datapackage.json" in result.study
    assert not any(name.endswith("fig_my_selection.png") for name in result.study)


def test_verify_command_names_other_files_and_passes(study):
    result = CliRunner().invoke(main, ["--root", str(study.root), "verify", "--list"])
    assert result.exit_code == 0, result.output
    assert ("figures/fig_my_selection.png: not part of the study (nothing in it writes this "
            "file), kept") in result.stderr
    assert f"figures/{STUDY_FIGURE}\n" in result.stdout
    assert "output files are reproduced (files byte for byte, notebook outputs" in result.stdout


def test_verify_command_fails_on_a_study_file_that_differs(study):
    (study.figures / STUDY_FIGURE).write_text("edited", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(study.root), "verify"])
    assert result.exit_code == 1
    assert f"figures/{STUDY_FIGURE}: differs" in result.stderr
    assert "1 of the study's" in result.stderr and "output files are not reproduced." in result.stderr


def test_verify_undoes_a_killed_swap_and_says_so(study):
    """A build killed between its renames: verify puts data/processed back first."""
    from lcstudy.atomic import JOURNAL

    data = study.processed.parent
    aside = data / ".processed-old-0123456789ab"
    stage = data / ".processed-staging-0123456789ab"
    shutil.copytree(study.processed, stage)
    study.processed.rename(aside)
    (data / JOURNAL).write_text(
        f'[{{"new": "{stage.name}", "destination": "processed", "old": "{aside.name}"}}]\n')
    result = CliRunner().invoke(main, ["--root", str(study.root), "verify"])
    assert result.exit_code == 0, result.output
    assert "data/processed: an interrupted swap was undone (the old version is back)" \
        in result.stderr
    assert sorted(p.name for p in data.iterdir()) == [
        "README.md", "codebook.md", "processed", "raw"]


def test_verify_names_the_notebook_and_cell_whose_outputs_differ(study, monkeypatch):
    """A fresh run printing other text, or another PNG (not compared, as in nbval)."""
    import nbformat

    changed: dict[str, int] = {}

    def rerun(paths: ProjectPaths) -> list:
        for notebook in sorted(paths.notebooks.glob("*.ipynb")):
            document = nbformat.read(notebook, as_version=4)
            for cell in document.cells:
                for output in cell.get("outputs", []):
                    if "image/png" in output.get("data", {}):
                        output["data"]["image/png"] = "iVBORw0KGgo="
            nbformat.write(document, notebook)
        document = nbformat.read(paths.notebooks / FIRST, as_version=4)
        number, cell = next((n, c) for n, c in enumerate(document.cells, start=1)
                            if c.get("outputs") and "text/plain" in c.outputs[-1].get("data", {}))
        cell.outputs[-1]["data"]["text/plain"] += " (changed)"
        nbformat.write(document, paths.notebooks / FIRST)
        changed["cell"] = number
        return _notebooks(paths)

    monkeypatch.setattr(lcstudy.pipeline.reproduce, "execute_notebooks", rerun)
    result = verify(study)
    assert result.differences == [f"notebooks/{FIRST}: cell {changed['cell']}: outputs differ "
                                  "(text/plain)"]
    assert f"notebooks/{FIRST}" in result.study


FIRST = "01_sources_and_evidence.ipynb"
