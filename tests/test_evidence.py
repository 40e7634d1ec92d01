"""Reading raw CSV tables: every cell checked, problems located as a text editor shows them."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from lcstudy.data.columns import Column, Table
from lcstudy.data.csv_reader import read_table
from lcstudy.data.evidence import Evidence, load_evidence
from lcstudy.data.schema import RAW_TABLES
from lcstudy.errors import Problem

#: A small table with one column of each kind of rule.
TINY = Table(
    "tiny",
    "A row of test cells.",
    (
        Column("key", "id", "An id.", required=True),
        Column("count", "integer", "An integer.", minimum=1),
        Column("amount", "number", "A number.", minimum=0),
        Column("flag", "boolean", "A boolean."),
        Column("when", "partial_date", "A partial date.", minimum=1990, maximum=2030),
        Column("day", "date", "A full date."),
        Column("kind", "text", "An enumeration.", allowed=("a", "b")),
        Column("url", "text", "A patterned text.", pattern=r"https?://\S+"),
        Column("note", "text", "Free text."),
    ),
)
HEADER = "key,count,amount,flag,when,day,kind,url,note"
GOOD = {"key": "k-1", "count": "12", "amount": "3.5", "flag": "true", "when": "2021-10",
        "day": "2021-10-08", "kind": "a", "url": "https://example.org/x", "note": "fine"}
FILE = "data/raw/tiny.csv"


def _row(**changes: str) -> str:
    """One CSV line (quoted where needed) of the good row with some cells changed."""
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerow({**GOOD, **changes}.values())
    return stream.getvalue().removesuffix("\n")


def _read(tmp_path, content: str | bytes):
    path = tmp_path / "tiny.csv"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return read_table(TINY, path, FILE)


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


# --- what a spreadsheet writes -------------------------------------------------------

PLAIN = f"{HEADER}\n{_row()}\n{_row(key='k-2', note='two' + chr(10) + 'lines')}\n"


@pytest.mark.parametrize(
    "content",
    [
        "\ufeff" + PLAIN,
        PLAIN.replace("\n", "\r\n"),
        "\ufeff" + PLAIN.replace("\n", "\r\n"),
        PLAIN.replace("\n", "\r"),
        PLAIN.replace("true", "TRUE"),
        PLAIN.replace("true", "True"),
    ],
    ids=["bom", "crlf", "bom-crlf", "cr", "TRUE", "True"],
)
def test_spreadsheet_forms_read_as_the_plain_file(tmp_path, content):
    expected, _ = _read(tmp_path, PLAIN)
    frame, problems = _read(tmp_path, content)
    assert problems == []
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.loc[3, "note"] == "two\nlines"


@pytest.mark.parametrize(("value", "expected"), [("TRUE", True), ("FALSE", False),
                                                 ("True", True), ("false", False)])
def test_booleans_in_any_case(tmp_path, value, expected):
    frame, problems = _read(tmp_path, f"{HEADER}\n{_row(flag=value)}\n")
    assert problems == [] and frame.loc[2, "flag"] == expected


@pytest.mark.parametrize(("separator", "described"), [(";", "';' (semicolons)"), ("\t", "tabs")])
def test_other_separator_is_one_problem_naming_it(tmp_path, separator, described):
    rows = [HEADER.split(","), list(GOOD.values()), list(_row(key="k-2").split(","))]
    stream = io.StringIO()
    csv.writer(stream, delimiter=separator, lineterminator="\r\n").writerows(rows)
    frame, problems = _read(tmp_path, "\ufeff" + stream.getvalue())
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line, problem.column, problem.value) == (FILE, 1, "-", separator)
    assert f"separates them by {described}" in problem.expected
    assert "save it again as CSV with ',' as the field delimiter" in problem.expected
    assert "data/README.md" in problem.expected
    assert frame.empty


def test_header_without_any_known_column_is_not_a_separator_problem(tmp_path):
    _, problems = _read(tmp_path, f"a;b\n{_row()}\n")
    assert [p.column for p in problems] == [*HEADER.split(","), "a;b"]


RETYPED = [  # (day column as saved, when column as saved, what they stand for)
    (["28/09/2015", "1/10/2021", "5/3/2020"], ["28/09/2015", "Oct-21", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
    (["9/28/2015", "10/1/2021", "3/5/2020"], ["9/28/2015", "Oct-2021", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
    (["28.9.2015", "1.10.2021", "5.3.2020"], ["28.9.2015", "2021-10", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
    (["2015. 9. 28.", "2021/10/01", "2020. 3. 5."], ["2015. 9. 28.", "2021-10", "2020"],
     ["2015-09-28", "2021-10-01", "2020-03-05"], ["2015-09-28", "2021-10", "2020"]),
]


@pytest.mark.parametrize(("days", "whens", "iso_days", "iso_whens"), RETYPED,
                         ids=["day-first", "month-first", "dotted", "year-first"])
def test_retyped_dates_are_one_problem_per_column(tmp_path, days, whens, iso_days, iso_whens):
    rows = [_row(key=f"k-{i}", day=d, when=w) for i, (d, w) in enumerate(zip(days, whens, strict=True))]
    frame, problems = _read(tmp_path, "\n".join([HEADER, *rows, ""]))
    by_column = {p.column: p for p in problems}
    assert len(problems) == len(by_column) == (2 if whens[0] != iso_whens[0] else 1)
    day = by_column["day"]
    assert (day.line, day.value) == (2, days[0])
    assert day.expected.startswith("a date YYYY-MM-DD, not dates as a spreadsheet re-types them "
                                   "(3 cells, lines 2 to 4 of this column): format the column as Text")
    assert "data/README.md" in day.expected
    assert frame["day"].tolist() == iso_days
    assert frame["when"].tolist() == iso_whens


def test_retyped_dates_beside_a_plain_bad_date(tmp_path):
    rows = [_row(day="28/09/2015"), _row(key="k-2", day="2021-13-01"), _row(key="k-3", day="1/10/2021")]
    _, problems = _read(tmp_path, "\n".join([HEADER, *rows, ""]))
    assert [(p.line, p.value) for p in sorted(problems)] == [(2, "28/09/2015"), (3, "2021-13-01")]
    assert "2 cells, lines 2 to 4" in sorted(problems)[0].expected
    assert sorted(problems)[1].expected == "a date YYYY-MM-DD"


@pytest.mark.parametrize(("words", "expected"), [(("TOSI", "EPÄTOSI"), [True, False]),
                                                 (("SANT", "FALSKT"), [True, False]),
                                                 (("WAHR", "FALSCH"), [True, False])])
def test_booleans_in_a_spreadsheets_language_are_one_problem(tmp_path, words, expected):
    rows = [_row(flag=words[0]), _row(key="k-2", flag=words[1])]
    frame, problems = _read(tmp_path, "\n".join([HEADER, *rows, ""]))
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "flag", words[0])]
    assert problems[0].expected.startswith("true or false, not booleans in a spreadsheet's "
                                           "language (2 cells, lines 2 to 3 of this column)")
    assert frame["flag"].tolist() == expected


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
