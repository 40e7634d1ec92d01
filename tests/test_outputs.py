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
        ({"a.csv": "1"}, {"a.csv": "2"}, ["figures/a.csv: differs (line 1 differs)"], []),
        ({}, {"a.csv": "1"}, ["figures/a.csv: not committed"], []),
        ({"a.csv": "1", "mine.png": "x"}, {"a.csv": "1"}, [], ["figures/mine.png"]),
        ({"a.csv": "1", "sub/old.pdf": "x"}, {"a.csv": "2"}, ["figures/a.csv: differs (line 1 differs)"],
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


def test_difference_names_a_pdfs_fonts_or_says_its_content(tmp_path) -> None:
    from lcstudy.pipeline.outputs import difference

    def pdf(name: str, font: str, body: bytes) -> object:
        path = tmp_path / name
        path.write_bytes(b"%PDF-1.4\n<< /Type /Font /BaseFont /ABCDEF+" + font.encode()
                         + b" >>\n" + body)
        return path

    old = pdf("old.pdf", "DejaVuSans", b"1")
    assert difference(old, pdf("fonts.pdf", "DejaVuSans-Bold", b"1")) == (
        "fonts: committed DejaVuSans, rebuilt DejaVuSans-Bold")
    assert difference(old, pdf("content.pdf", "DejaVuSans", b"2")) == "content (the same fonts)"
    png = [tmp_path / "a.png", tmp_path / "b.png"]
    png[0].write_bytes(b"xx")
    png[1].write_bytes(b"xyz")
    assert difference(*png) == "2 bytes committed, 3 rebuilt"
