"""Where the project's files live: explicit root, $LCSTUDY_ROOT, else the checkout."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lcstudy.config import ROOT_ENV, ProjectPaths, project_paths

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("attribute", "relative"),
    [
        ("raw", "data/raw"),
        ("processed", "data/processed"),
        ("figures", "figures"),
        ("notebooks", "notebooks"),
    ],
)
def test_folders_hang_off_the_root(attribute, relative):
    assert getattr(ProjectPaths(Path("study")), attribute) == Path("study") / relative


def test_paths_are_frozen():
    paths = ProjectPaths(Path("study"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        paths.root = Path("elsewhere")  # type: ignore[misc]


@pytest.mark.parametrize("as_text", [False, True])
def test_explicit_root(tmp_path, monkeypatch, as_text):
    monkeypatch.delenv(ROOT_ENV, raising=False)
    root = str(tmp_path) if as_text else tmp_path
    assert project_paths(root) == ProjectPaths(tmp_path)


def test_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    assert project_paths().root == tmp_path
    assert project_paths().raw == tmp_path / "data" / "raw"


def test_explicit_root_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ROOT_ENV, str(tmp_path / "from-env"))
    assert project_paths(tmp_path / "given").root == tmp_path / "given"


@pytest.mark.parametrize("value", [None, ""])
def test_default_is_the_checkout(monkeypatch, tmp_path, value):
    if value is None:
        monkeypatch.delenv(ROOT_ENV, raising=False)
    else:
        monkeypatch.setenv(ROOT_ENV, value)
    monkeypatch.chdir(tmp_path)  # the checkout, not the working directory
    assert project_paths().root.resolve() == REPO


def test_root_env_name():
    assert ROOT_ENV == "LCSTUDY_ROOT"


def test_a_relative_root_is_taken_from_the_current_folder_at_once(tmp_path, monkeypatch):
    """``--root .`` still names the project where the notebooks run (in notebooks/)."""
    monkeypatch.chdir(tmp_path)
    paths = project_paths(".")
    assert paths.root == tmp_path and paths.root.is_absolute()
    monkeypatch.chdir("/")
    assert paths.raw == tmp_path / "data" / "raw"
