"""Provenance: documents found by name or hash, paragraph counts and fact anchors checked."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from click.testing import CliRunner

from lcstudy.cli import main
from lcstudy.data.evidence import Evidence
from lcstudy.data.provenance import anchor, check_documents, paragraphs
from lcstudy.errors import Problem

DOC = "Title line\n\n   \nFirst paragraph, about a visit.\n\u00a0\nSecond paragraph.\n"
OTHER = "Otsikko\nEnsimmäinen kappale.\n"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _evidence(sources: list[dict], facts: list[dict]) -> Evidence:
    """Evidence holding only what the provenance check reads; lines from 2."""
    def frame(rows: list[dict]) -> pd.DataFrame:
        out = pd.DataFrame(rows)
        out.index = pd.Index(range(2, len(rows) + 2), name="line")
        return out
    empty = pd.DataFrame()
    return Evidence(sources=frame(sources), places=empty, population=empty, indicators=empty,
                    facts=frame(facts), award_winners=empty)


def _source(source_id: str, text: str, file: str | None, **changes) -> dict:
    return {"source_id": source_id, "sha256": _sha(text), "paragraphs": len(paragraphs(text)),
            "file": file, **changes}


def _fact(fact_id: str, source_id: str, paragraph: int, text: str, **changes) -> dict:
    """A fact coded from ``paragraph`` of ``text``, with its true anchor unless changed."""
    return {"fact_id": fact_id, "source_id": source_id, "paragraph": paragraph,
            "anchor": anchor(paragraphs(text)[paragraph - 1]), **changes}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "renamed.txt").write_text(OTHER, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("text", "expected"), [
    (DOC, ["Title line", "First paragraph, about a visit.", "Second paragraph."]),
    ("one\r\ntwo\r\n", ["one", "two"]),
    ("", []),
])
def test_paragraphs_are_the_non_empty_lines_stripped(text, expected):
    assert paragraphs(text) == expected


def test_anchor_is_the_start_of_the_hash_of_the_stripped_text():
    assert anchor(" Second paragraph.\n") == _sha("Second paragraph.")[:12]
    assert anchor("Second paragraph") != anchor("Second paragraph.")


def test_all_hold_by_name_and_by_hash(folder):
    evidence = _evidence([_source("a", DOC, "a.txt"), _source("b", OTHER, "b.txt"),
                          {"source_id": "ref", "sha256": None, "paragraphs": None, "file": None}],
                         [_fact("f1", "a", 2, DOC), _fact("f2", "b", 2, OTHER),
                          {"fact_id": "f3", "source_id": "ref", "paragraph": None, "anchor": None}])
    assert check_documents(evidence, folder) == []


@pytest.mark.parametrize(
    ("sources", "facts", "expected"),
    [
        pytest.param([_source("a", DOC, "a.txt", sha256=_sha("not it"))], [],
                     [("sources", 2, "sha256", _sha("not it"),
                       f"the SHA-256 of document a: its file a.txt has {_sha(DOC)}")],
                     id="named-file-has-other-bytes"),
        pytest.param([_source("c", "missing", "c.txt")], [],
                     [("sources", 2, "file", "c.txt", "document c in the documents folder, named so "
                       f"or with SHA-256 {_sha('missing')}")],
                     id="document-missing"),
        pytest.param([_source("a", DOC, "a.txt", paragraphs=4)], [],
                     [("sources", 2, "paragraphs", "4", "3, the paragraphs of document a (a.txt)")],
                     id="paragraph-count-differs"),
        pytest.param([_source("a", DOC, "a.txt")], [_fact("f1", "a", 2, DOC, anchor="0" * 12)],
                     [("facts", 2, "anchor", "0" * 12, f"{anchor(paragraphs(DOC)[1])!r}, the anchor "
                       "of paragraph 2 of a (fact f1)")],
                     id="anchor-differs"),
        pytest.param([_source("a", DOC, "a.txt")], [{**_fact("f1", "a", 2, DOC), "paragraph": 3}],
                     [("facts", 2, "anchor", anchor(paragraphs(DOC)[1]),
                       f"{anchor(paragraphs(DOC)[2])!r}, the anchor of paragraph 3 of a (fact f1)")],
                     id="fact-cites-another-paragraph"),
        pytest.param([_source("a", DOC, "a.txt")], [{**_fact("f1", "a", 2, DOC), "paragraph": 9}],
                     [("facts", 2, "paragraph", "9", "a paragraph from 1 to 3 of a (fact f1)")],
                     id="paragraph-beyond-document"),
    ],
)
def test_each_difference_names_document_fact_and_what_differs(folder, sources, facts, expected):
    problems = check_documents(_evidence(sources, facts), folder)
    assert problems == [Problem(f"data/raw/{t}.csv", line, column, value, text)
                        for t, line, column, value, text in expected]


def test_cli_exit_2_naming_each_missing_document(project_copy, tmp_path):
    empty = tmp_path / "documents"
    empty.mkdir()
    result = CliRunner().invoke(main, ["--root", str(project_copy.root), "sources", "check",
                                       str(empty)])
    assert result.exit_code == 2
    hashed = pd.read_csv(project_copy.raw / "sources.csv", dtype=str).dropna(subset=["sha256"])
    assert len(hashed) > 0
    for source in hashed["source_id"]:
        assert f"expected document {source} in the documents folder" in result.output
    assert "Traceback" not in result.output


def test_cli_exit_0_when_all_hold(project_copy, tmp_path, set_cells):
    """A copy whose one hashed document is written here, its facts anchored to it."""
    documents = tmp_path / "documents"
    documents.mkdir()
    text = "".join(f"Paragraph {n}.\n\n" for n in range(1, 15))
    (documents / "doc.txt").write_text(text, encoding="utf-8")
    sources = pd.read_csv(project_copy.raw / "sources.csv", dtype=str)
    for source in sources.loc[sources["sha256"].notna(), "source_id"]:
        set_cells(project_copy, "sources", "source_id", source, sha256="", file="")
    set_cells(project_copy, "sources", "source_id", "espoo-2021-osan-en", sha256=_sha(text),
              file="doc.txt")
    facts = pd.read_csv(project_copy.raw / "facts.csv", dtype=str)
    cited = facts[facts["source_id"] == "espoo-2021-osan-en"]
    for fact, paragraph in zip(cited["fact_id"], cited["paragraph"], strict=True):
        set_cells(project_copy, "facts", "fact_id", fact, anchor=anchor(f"Paragraph {paragraph}."))
    result = CliRunner().invoke(main, ["--root", str(project_copy.root), "sources", "check",
                                       str(documents)])
    assert result.exit_code == 0, result.output
    assert result.output == f"1 documents and {facts['anchor'].notna().sum()} fact anchors check out.\n"


def test_a_link_out_of_the_folder_is_refused_and_one_inside_is_followed(tmp_path):
    folder, outside = tmp_path / "documents", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (outside / "a.txt").write_text(DOC, encoding="utf-8")
    (folder / "b-original.txt").write_text(OTHER, encoding="utf-8")
    (folder / "a.txt").symlink_to(outside / "a.txt")
    (folder / "b.txt").symlink_to("b-original.txt")
    evidence = _evidence([_source("a", DOC, "a.txt"), _source("b", OTHER, "b.txt")],
                         [_fact("f2", "b", 2, OTHER)])
    problems = check_documents(evidence, folder)
    assert [(p.file, p.value) for p in problems if p.line == 0] == [
        (str(folder / "a.txt"), str(outside / "a.txt"))]
    assert "this link leads out of it and is not followed" in problems[0].expected
    assert [(p.line, p.column) for p in problems if p.line] == [(2, "file")]  # a: not found


def test_an_unreadable_file_is_named(folder, monkeypatch):
    from pathlib import Path

    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "renamed.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    evidence = _evidence([_source("a", DOC, "a.txt")], [_fact("f1", "a", 2, DOC)])
    assert check_documents(evidence, folder) == [
        Problem(str(folder / "renamed.txt"), 0, "-", "", "a readable file (Permission denied)")]


def test_a_document_not_in_utf8_is_a_problem_not_a_traceback(tmp_path):
    data = "Otsikko\nkappale ä\n".encode("latin-1")
    (tmp_path / "a.txt").write_bytes(data)
    source = {"source_id": "a", "sha256": hashlib.sha256(data).hexdigest(), "paragraphs": 2,
              "file": "a.txt"}
    assert check_documents(_evidence([source], [_fact("f1", "a", 1, "x", anchor="x")]),
                           tmp_path) == [
        Problem("data/raw/sources.csv", 2, "file", "a.txt",
                "document a as text encoded as UTF-8")]


def test_a_document_unreadable_on_its_second_read_is_named_as_unreadable(tmp_path, monkeypatch):
    """Hashed, then refused (simulated: tests run as root, whom chmod does not stop)."""
    from pathlib import Path

    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    real, reads = Path.read_bytes, []

    def read_bytes(path: Path) -> bytes:
        reads.append(path)
        if len(reads) > 1:
            raise PermissionError(13, "Permission denied")
        return real(path)

    source = {"source_id": "a", "sha256": hashlib.sha256(DOC.encode()).hexdigest(),
              "paragraphs": 2, "file": "a.txt"}
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert check_documents(_evidence([source], []), tmp_path) == [
        Problem("data/raw/sources.csv", 2, "file", "a.txt",
                "document a readable (Permission denied)")]
