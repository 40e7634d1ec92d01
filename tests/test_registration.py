"""Registering a document of one's own (``lcstudy sources add``): its row, the anchors citing it."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from click.testing import CliRunner

from lcstudy.cli import main
from lcstudy.data.provenance import anchor
from lcstudy.data.registration import register_document
from lcstudy.data.validate import validate
from lcstudy.errors import DataError


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
