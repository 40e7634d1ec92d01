"""Loading a project's evidence: every raw table read into one Evidence, its study cities and codes."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from lcstudy.data.evidence import Evidence, load_evidence
from lcstudy.data.schema import RAW_TABLES
from lcstudy.errors import Problem


def test_load_evidence_of_the_shipped_project(repo_paths):
    evidence, problems = load_evidence(repo_paths)
    assert problems == []
    assert isinstance(evidence, Evidence)
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        assert list(frame.columns) == [c.name for c in table.columns]
        assert len(frame) > 0
        assert frame.index.name == "line" and frame.index.min() == 2


@pytest.mark.parametrize(
    ("flags", "expected"),
    [([True, None, False, True], ["z", "a"]), ([False, False, False, False], []),
     ([None, None, None, True], ["a"])],
)
def test_study_cities_are_those_marked_in_file_order(flags, expected):
    places = pd.DataFrame({"place_id": ["z", "m", "b", "a"][: len(flags)],
                           "study_city": pd.array(flags, dtype="boolean")},
                          index=pd.Index(range(2, 2 + len(flags)), name="line"))
    empty = pd.DataFrame()
    evidence = Evidence(sources=empty, places=places, population=empty, indicators=empty,
                        facts=empty, award_winners=empty)
    assert evidence.study_cities == expected


def test_study_cities_of_the_shipped_project(repo_paths):
    with (repo_paths.raw / "places.csv").open(encoding="utf-8", newline="") as stream:
        marked = [row["place_id"] for row in csv.DictReader(stream) if row["study_city"] == "true"]
    evidence, _ = load_evidence(repo_paths)
    assert marked and evidence.study_cities == marked


def test_load_evidence_reports_a_missing_table(project_copy):
    (project_copy.raw / "award_winners.csv").unlink()
    evidence, problems = load_evidence(project_copy)
    assert problems == [Problem("data/raw/award_winners.csv", 0, "-", "", "the file to exist")]
    assert evidence.award_winners.empty
    assert not evidence.facts.empty


def _assert_codes_are_factorize(evidence: Evidence) -> None:
    for table in RAW_TABLES:
        for column in table.columns:
            codes, distinct = evidence.codes(table.name, column.name)
            cells = evidence.table(table.name)[column.name]
            expected_codes, expected = pd.factorize(cells)
            assert codes.tolist() == expected_codes.tolist(), (table.name, column.name)
            assert distinct.tolist() == list(expected), (table.name, column.name)
            assert evidence.codes(table.name, column.name)[0] is codes  # computed once


def test_codes_are_those_of_pandas_factorize_computed_once(repo_paths):
    evidence, _ = load_evidence(repo_paths)
    assert (evidence.codes("facts", "partner_id")[0] == -1).any()
    _assert_codes_are_factorize(evidence)


def test_codes_of_bad_re_typed_and_empty_cells(project_copy):
    path = project_copy.raw / "facts.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    start, note = rows[0].index("period_start"), rows[0].index("note")
    rows[3][start], rows[5][start] = "28.9.2015", "2015-13"  # re-typed, bad
    rows[4][note], rows[6][note] = "", rows[2][note]  # empty, repeated
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(rows)
    path.write_text(stream.getvalue(), encoding="utf-8")
    evidence, problems = load_evidence(project_copy)
    assert {p.value for p in problems} == {"28.9.2015", "2015-13"}
    _assert_codes_are_factorize(evidence)


def test_decimal_commas_are_reported_once_per_column_with_every_line(project_copy, set_cells):
    with (project_copy.raw / "places.csv").open(encoding="utf-8", newline="") as stream:
        located = [r for r in csv.DictReader(stream) if r["latitude"]][:3]
    lines = [set_cells(project_copy, "places", "place_id", r["place_id"],
                       latitude=r["latitude"].replace(".", ",") if "." in r["latitude"]
                       else r["latitude"] + ",5") for r in located]
    _, problems = load_evidence(project_copy)
    about = [p for p in problems if p.column == "latitude"]
    assert len(about) == 1 and about[0].line == lines[0]
    assert "decimal commas" in about[0].expected
    assert f"(lines {', '.join(map(str, lines))})" in about[0].expected
