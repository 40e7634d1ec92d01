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


# --- lcstudy sources add: a document of one's own -------------------------------------------

#: A small document made for these tests: title, then three paragraphs.
OWN = "Osan opens a learning café\n\nThe city opened its first learning café.\n" \
      "Residents met there twice a month.\n\nIt is run by volunteers.\n"
OWN_ID = "osan-cafe-test-en"
CELLS = {"source_id": OWN_ID, "language": "en", "published": "2024-03-05",
         "title": "Osan opens a learning café (test)", "publisher": "test publisher",
         "kind": "news", "voice": "press"}


def _raw_text(paths, table: str) -> str:
    return (paths.raw / f"{table}.csv").read_text(encoding="utf-8")


def _raw_hashes(paths) -> dict[str, str]:
    return {p.name: _sha(p.read_text(encoding="utf-8")) for p in sorted(paths.raw.glob("*.csv"))}


def _append_fact(paths, fact_id: str, paragraph: str, anchor_cell: str = "") -> int:
    """Append a fact citing OWN_ID (as a coder would, anchor empty); return its line."""
    import csv
    import io

    path = paths.raw / "facts.csv"
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    row = {"fact_id": fact_id, "claim": f"{fact_id}-claim", "place_id": "osan",
           "indicator_id": "learning_programmes", "status": "happened", "label": "A test fact",
           "qualifier": "exact", "value": "1", "lower": "1", "upper": "1", "period_start": "2021",
           "date_inferred": "false", "source_id": OWN_ID, "paragraph": paragraph,
           "confidence": "news", "anchor": anchor_cell}
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row.get(c, "") for c in header])
    path.write_text(text + buffer.getvalue(), encoding="utf-8", newline="")
    return len(text.splitlines()) + 1


@pytest.fixture
def own(tmp_path):
    path = tmp_path / "docs" / "osan-cafe-test-en.txt"
    path.parent.mkdir()
    path.write_text(OWN, encoding="utf-8")
    return path


def test_add_records_the_row_fills_the_anchors_and_leaves_other_rows_alone(project_copy, own):
    from lcstudy.data.provenance import register_document
    from lcstudy.data.validate import validate

    sources_before, facts_before = _raw_text(project_copy, "sources"), _raw_text(project_copy, "facts")
    line = _append_fact(project_copy, "t-cafe-1", "3")
    done = register_document(project_copy, own, validator=validate, **CELLS)
    assert (done.source_id, done.added, done.anchored, done.checked) == (
        OWN_ID, True, ["t-cafe-1"], 1)
    sources = _raw_text(project_copy, "sources")
    assert sources.startswith(sources_before)  # appended; every other byte kept
    assert done.line == len(sources_before.splitlines()) + 1
    added = sources[len(sources_before):]
    assert f",{_sha(OWN)},4,osan-cafe-test-en.txt," in added
    facts = _raw_text(project_copy, "facts").splitlines()
    assert facts[:line - 1] == facts_before.splitlines()
    assert facts[line - 1].endswith("," + anchor("Residents met there twice a month."))
    assert validate(project_copy) == []


def test_add_again_adds_no_row_and_fills_the_anchors_of_new_facts(project_copy, own):
    from lcstudy.data.provenance import register_document
    from lcstudy.data.validate import validate

    register_document(project_copy, own, validator=validate, **CELLS)
    once = _raw_hashes(project_copy)
    again = register_document(project_copy, own, validator=validate, **CELLS)
    assert (again.added, again.anchored, again.checked) == (False, [], 0)
    assert _raw_hashes(project_copy) == once
    _append_fact(project_copy, "t-cafe-2", "4")
    later = register_document(project_copy, own, validator=validate, **CELLS)
    assert (later.added, later.anchored, later.checked) == (False, ["t-cafe-2"], 1)
    assert _raw_text(project_copy, "facts").rstrip("\n").endswith(anchor("It is run by volunteers."))


@pytest.mark.parametrize(("change", "expected"), [
    # a bad cell of the row: named as the line the row would take, with the column and value
    ({"language": "eng"}, ("data/raw/sources.csv", "new", "language", "eng", "text matching")),
    ({"published": "5.3.2024"}, ("data/raw/sources.csv", "new", "published", "5.3.2024", "")),
    ({"kind": "blog"}, ("data/raw/sources.csv", "new", "kind", "blog", "one of")),
    ({"voice": "city"}, ("data/raw/sources.csv", "new", "voice_place_id", "", "the place_id")),
    # an id another document holds
    ({"source_id": "espoo-2021-osan-en"},
     ("data/raw/sources.csv", 2, "sha256", None, "is another document (choose another --id)")),
])
def test_add_refuses_bad_input_naming_file_line_column_value(project_copy, own, change, expected):
    from lcstudy.data.provenance import register_document
    from lcstudy.data.validate import validate
    from lcstudy.errors import DataError

    before = _raw_hashes(project_copy)
    with pytest.raises(DataError) as raised:
        register_document(project_copy, own, validator=validate, **(CELLS | change))
    file, line, column, value, text = expected
    new_line = len(_raw_text(project_copy, "sources").splitlines()) + 1
    matching = [p for p in raised.value.problems if (p.file, p.column) == (file, column)]
    assert matching, raised.value.problems
    problem = matching[0]
    assert problem.line == (new_line if line == "new" else line)
    assert value is None or problem.value == value
    assert text in problem.expected
    assert _raw_hashes(project_copy) == before  # nothing written
    assert not [p for p in project_copy.root.joinpath("data").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(("paragraph", "stated", "column", "expected"), [
    ("7", "", "paragraph", "a paragraph from 1 to 4 of osan-cafe-test-en (fact t-cafe-1)"),
    ("2", "0123456789ab", "anchor",
     f"{anchor('The city opened its first learning café.')!r}, the anchor of paragraph 2"),
])
def test_add_checks_the_facts_citing_it(project_copy, own, paragraph, stated, column, expected):
    from lcstudy.data.provenance import register_document
    from lcstudy.data.validate import validate
    from lcstudy.errors import DataError

    line = _append_fact(project_copy, "t-cafe-1", paragraph, stated)
    before = _raw_hashes(project_copy)
    with pytest.raises(DataError) as raised:
        register_document(project_copy, own, validator=validate, **CELLS)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.column) == ("data/raw/facts.csv", line, column)
    assert problem.expected.startswith(expected)
    assert _raw_hashes(project_copy) == before


@pytest.mark.parametrize(("data", "expected"), [
    (b"Title\n\xff bad byte\n", (2, "\\xff", "text encoded as UTF-8")),
    (b"\n  \n", (0, "", "a document with at least one paragraph")),
])
def test_add_refuses_a_document_that_is_not_text(project_copy, tmp_path, data, expected):
    from lcstudy.data.provenance import register_document
    from lcstudy.data.validate import validate
    from lcstudy.errors import DataError

    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(DataError) as raised:
        register_document(project_copy, path, validator=validate, **CELLS)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.value) == (str(path), *expected[:2])
    assert expected[2] in problem.expected


def test_cli_sources_add(project_copy, own):
    options = ["--id", OWN_ID, "--language", "en", "--published", "2024-03-05", "--title",
               "A café", "--publisher", "test", "--kind", "news", "--voice"]
    _append_fact(project_copy, "t-cafe-1", "3")
    runner = CliRunner()
    command = ["--root", str(project_copy.root), "sources", "add", str(own), *options]
    before = _raw_hashes(project_copy)
    bad = runner.invoke(main, [*command, "nobody"])
    assert bad.exit_code == 2
    assert "data/raw/sources.csv:" in bad.stderr and ": voice: 'nobody': expected" in bad.stderr
    assert bad.stderr.rstrip().endswith("problem(s): nothing was written.")
    assert _raw_hashes(project_copy) == before
    done = runner.invoke(main, [*command, "press"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{OWN_ID}: registered at data/raw/sources.csv:")
    assert "1 anchor(s) filled, 1 fact(s) citing it checked." in done.output
    again = runner.invoke(main, [*command, "press"])
    assert again.exit_code == 0 and "already registered (same SHA-256)" in again.output
    changed = runner.invoke(main, [*command, "city"])  # the row says press
    assert changed.exit_code == 2
    assert ": voice: 'city': expected 'press', as osan-cafe-test-en is registered" in changed.stderr


def test_validate_names_what_a_half_added_city_lacks(project_copy, set_cells, own):
    """A city on an award list without its link, a fact without its anchor: each named."""
    from lcstudy.data.provenance import register_document
    from lcstudy.data.validate import validate

    line = _append_fact(project_copy, "t-cafe-1", "3")
    register_document(project_copy, own, validator=validate, **CELLS)  # anchored
    set_cells(project_copy, "places", "place_id", "suwon", study_city="true")
    linked = set_cells(project_copy, "award_winners", "city", "Suwon", place_id="")
    unanchored = _append_fact(project_copy, "t-cafe-2", "4")  # a fact added since, no anchor
    problems = {(p.file, p.line, p.column): p.expected for p in validate(project_copy)}
    assert "suwon: the entry names Suwon, the study city suwon" in problems[
        ("data/raw/award_winners.csv", linked, "place_id")]
    assert "fact t-cafe-2 of osan-cafe-test-en" in problems[
        ("data/raw/facts.csv", unanchored, "anchor")]
    assert ("data/raw/facts.csv", line, "anchor") not in problems
