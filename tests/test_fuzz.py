"""Fuzzing the raw tables: whatever a hand edit does to them, no traceback.

Hypothesis mutates one raw table of a copy of the project at a time (a cell
replaced by an odd string, a number, nothing, formula-like text or a huge
value; a row deleted or repeated; a column dropped; text spliced in
anywhere) and runs ``lcstudy validate`` in process. Every mutation must give
either exit status 0 (the edit is valid) or exit status 2 with one list of
problems, each line ``file:line: column: 'value': expected ...``, and never a
traceback (exit status 1). Nothing may be written: ``data/processed``,
``figures/`` and the edited table stay as they were. A few valid mutations
also run ``lcstudy build``: 0 with the tables written, or 2 with nothing.
The examples are bounded (:data:`EXAMPLES`, a deadline per example) and
derandomized (the same ones on every run, no example database written), so
the test takes well under a minute and never flakes; a few chosen examples
(a repeated row, a cell over the field limit, a blank SHA-256) always run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lcstudy.cli import main
from lcstudy.config import ProjectPaths
from lcstudy.data.cell_checks import FIELD_LIMIT
from lcstudy.data.schema import RAW_TABLES

#: Examples per run, and the most of them that also run ``build``.
EXAMPLES = 60
BUILDS = 4

#: One problem as the CLI prints it; a value is a Python repr, so it holds no line break.
PROBLEM = re.compile(r"data/raw/[a-z_/]+\.csv:\d+: ([^\s:][^:]*): (['\"]).*\2: expected .+")
SUMMARY = re.compile(r"(\d+) problem\(s\): nothing was written\.")

ODD_TEXTS = ["", " ", "  x", "x ", "\t", "\r", "\n", "a\rb", "a\r\nb", '"', '""', 'a"b', ",", "\x00",
             "\ufeff", "\u2028", "é", "ä" * 3, "NaN", "nan", "inf", "-inf", "Infinity", "None",
             "null", "TRUE", "True", "yes", "0", "-0", "00", "-1", "1e309", "-1e309", "1e-400",
             "9" * 400, "9" * 16, "1" * 4300, "0x10", "1_000", "1,5", "3.", ".5", "2015-02-30",
             "2015-13", "0000", "9999-12-31", "=HYPERLINK(\"http://x\",\"y\")", "+1", "-x",
             "@SUM(1)", "=1+1", "\t=1", "../../etc/passwd", "a" * 300]


@dataclass(frozen=True)
class Mutation:
    """One edit of one raw table: ``kind`` among set, delete, repeat, drop, splice."""

    table: str
    kind: str
    row: int
    column: int
    text: str


def _texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ODD_TEXTS),
        st.text(max_size=12),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.just("x" * (FIELD_LIMIT + 1)),
    )


MUTATIONS = st.builds(
    Mutation,
    table=st.sampled_from([t.file_name for t in RAW_TABLES]),
    kind=st.sampled_from(["set", "set", "set", "delete", "repeat", "drop", "splice"]),
    row=st.integers(min_value=0, max_value=10**6),
    column=st.integers(min_value=0, max_value=100),
    text=_texts(),
)


def _mutated(data: bytes, mutation: Mutation) -> bytes:
    """The table's bytes after ``mutation`` (rows and columns taken modulo their numbers)."""
    if mutation.kind == "splice":
        at = mutation.row % (len(data) + 1)
        return data[:at] + mutation.text.encode("utf-8", "surrogatepass") + data[at:]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    row = 1 + mutation.row % max(len(rows) - 1, 1)
    column = mutation.column % len(rows[0])
    if mutation.kind == "set" and row < len(rows):
        rows[row][column] = mutation.text
    elif mutation.kind == "delete" and row < len(rows):
        del rows[row]
    elif mutation.kind == "repeat" and row < len(rows):
        rows.append(list(rows[row]))
    elif mutation.kind == "drop":
        rows = [r[:column] + r[column + 1:] for r in rows]
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(rows)
    return stream.getvalue().encode("utf-8", "surrogatepass")


def _digest(folder: Path, *, content: bool = True) -> dict[str, object]:
    """Each file's SHA-256 (or, for big folders, its size and modification time)."""
    return {p.relative_to(folder).as_posix():
            hashlib.sha256(p.read_bytes()).hexdigest() if content
            else (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory, copy_project) -> ProjectPaths:
    """One copy of the project for every example (each restores the table it edits)."""
    return copy_project(tmp_path_factory.mktemp("fuzz"))


def _check_reported(result: Result) -> None:
    """Exit 0, or exit 2 with one list of well-formed problems; never a traceback."""
    assert result.exit_code in (0, 2), f"exit {result.exit_code}:\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback:\n{result.output}"
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        # str.splitlines would also break at \x1c-\x1e, \x85, \u2028: a problem is one \n-line
        lines = [line for line in result.stderr.removesuffix("\n").split("\n")
                 if not line.startswith("warning: ")]
        summary = SUMMARY.fullmatch(lines[-1])
        assert summary and int(summary.group(1)) == len(lines) - 1, result.stderr
        assert all(PROBLEM.fullmatch(line) for line in lines[:-1]), result.stderr


BUILT: list[Mutation] = []


@settings(max_examples=EXAMPLES, deadline=5000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=MUTATIONS)
@example(mutation=Mutation("complete_lists.csv", "repeat", 0, 0, ""))  # a list twice
@example(mutation=Mutation("sources.csv", "splice", 0, 0, "\x1e"))  # a header name unlike one
@example(mutation=Mutation("sources.csv", "splice", 0, 0, ":"))
@example(mutation=Mutation("facts.csv", "repeat", 40, 0, ""))
@example(mutation=Mutation("facts.csv", "set", 2, 25, "x" * (FIELD_LIMIT + 1)))
@example(mutation=Mutation("sources.csv", "set", 0, 11, ""))  # a document's sha256 blank
@example(mutation=Mutation("population.csv", "set", 0, 2, "9" * 400))
def test_a_mutated_raw_table_is_valid_or_reported_never_a_traceback(fuzzed, mutation):
    path = fuzzed.raw / mutation.table
    original = path.read_bytes()
    outputs = {"processed": _digest(fuzzed.processed),
               "figures": _digest(fuzzed.figures, content=False)}
    edited = _mutated(original, mutation)
    path.write_bytes(edited)
    try:
        result = CliRunner().invoke(main, ["--root", str(fuzzed.root), "validate"])
        _check_reported(result)
        assert path.read_bytes() == edited
        assert {"processed": _digest(fuzzed.processed),
                "figures": _digest(fuzzed.figures, content=False)} == outputs
        event(f"{mutation.kind}: exit {result.exit_code}")
        if result.exit_code == 0 and edited != original and len(BUILT) < BUILDS:
            BUILT.append(mutation)
            built = CliRunner().invoke(main, ["--root", str(fuzzed.root), "build"])
            _check_reported(built)
            if built.exit_code == 2:
                assert _digest(fuzzed.processed) == outputs["processed"]
    finally:
        path.write_bytes(original)
        if BUILT and BUILT[-1] == mutation:  # put the shipped tables back
            restored = CliRunner().invoke(main, ["--root", str(fuzzed.root), "build"])
            assert restored.exit_code == 0, restored.output
