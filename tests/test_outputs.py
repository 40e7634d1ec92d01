"""The study's outputs are the files a rebuild writes; other files are named and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcstudy.pipeline.outputs import compare, keep_others


def _folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("project", "rebuilt", "differences", "others"),
    [
        ({"a.csv": "1"}, {"a.csv": "1"}, [], []),
        ({"a.csv": "1"}, {"a.csv": "2"}, ["figures/a.csv: differs"], []),
        ({}, {"a.csv": "1"}, ["figures/a.csv: not committed"], []),
        ({"a.csv": "1", "mine.png": "x"}, {"a.csv": "1"}, [], ["figures/mine.png"]),
        ({"a.csv": "1", "sub/old.pdf": "x"}, {"a.csv": "2"}, ["figures/a.csv: differs"],
         ["figures/sub/old.pdf"]),
    ],
    ids=["same", "differs", "not-committed", "other-file", "both"],
)
def test_compare(tmp_path, project, rebuilt, differences, others):
    result = compare(_folder(tmp_path / "p", project), _folder(tmp_path / "r", rebuilt), "figures")
    assert result.study == sorted(f"figures/{n}" for n in rebuilt)
    assert result.differences == differences
    assert result.others == others


def test_compare_a_missing_project_folder(tmp_path):
    result = compare(tmp_path / "absent", _folder(tmp_path / "r", {"a.csv": "1"}), "figures")
    assert result.differences == ["figures/a.csv: not committed"] and result.others == []


@pytest.mark.parametrize(
    ("current", "staged", "kept"),
    [
        ({"a.csv": "old", "mine.png": "x"}, {"a.csv": "new"}, ["mine.png"]),
        ({"a.csv": "old"}, {"a.csv": "new", "b.csv": "new"}, []),
        ({"sub/mine.txt": "x"}, {}, ["sub/mine.txt"]),
    ],
)
def test_keep_others(tmp_path, current, staged, kept):
    old, new = _folder(tmp_path / "old", current), _folder(tmp_path / "new", staged)
    assert [k.as_posix() for k in keep_others(old, new)] == kept
    for name in kept:
        assert (new / name).read_text(encoding="utf-8") == current[name]
    for name, text in staged.items():  # what the rebuild wrote wins
        assert (new / name).read_text(encoding="utf-8") == text
    assert {p.relative_to(old).as_posix(): p.read_text(encoding="utf-8")
            for p in old.rglob("*") if p.is_file()} == current  # the current folder is read only
