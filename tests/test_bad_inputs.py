"""Bad raw data is reported, file:line: column: value: expected, and nothing is written.

The cases live in ``tests/bad_inputs/cases.yaml``: each edits a copy of
``data/raw`` and names the problems ``lcstudy validate`` and ``lcstudy build``
must report. For every case both commands must exit with status 2, list the
problems without a traceback, and leave ``data/processed``, ``figures/`` and
the (edited) ``data/raw`` of the copy byte for byte as they were.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from lcstudy.cli import main
from lcstudy.config import ProjectPaths
from lcstudy.data.schema import RAW_TABLES

CASES_FILE = Path(__file__).with_name("bad_inputs") / "cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
LCSTUDY = Path(sys.executable).parent / "lcstudy"


# --- the state of a project copy (made by conftest's ``project_copy``) --------------


def _hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (and the names of empty folders)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir() and not any(path.iterdir()):
            found[name + "/"] = "empty folder"
    return found


def _outputs(root: Path) -> dict[str, str]:
    """Everything code may write, plus data/ entries beside processed (staging folders)."""
    state = {f"processed/{k}": v for k, v in _hashes(root / "data" / "processed").items()}
    state |= {f"figures/{k}": v for k, v in _hashes(root / "figures").items()}
    state |= {f"data/{p.name}": "entry" for p in (root / "data").iterdir()
              if p.name not in ("raw", "processed", "README.md")}
    return state


# --- the edits ---------------------------------------------------------------------


def _records(text: str) -> list[tuple[int, int]]:
    """(first, last) physical line (0-based, inclusive) of each CSV record."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    spans, first = [], 0
    for _ in reader:
        last = reader.line_num - 1
        spans.append((first, last))
        first = last + 1
    assert first == len(lines), "CSV records do not cover the file"
    return spans


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _record_at(text: str, line: int) -> tuple[list[str], int, int]:
    """Cells, first and last physical line (0-based) of the record starting at ``line``."""
    for first, last in _records(text):
        if first == line - 1:
            lines = text.splitlines(keepends=True)[first : last + 1]
            return next(csv.reader(io.StringIO("".join(lines), newline=""))), first, last
    raise AssertionError(f"no record starts on line {line}")


def _replace_lines(text: str, first: int, last: int, new: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[:first]) + new + "".join(lines[last + 1 :])


def resaved(text: str, *, separator: str = ",", line_end: str = "\r\n", bom: bool = True,
            dates: str | None = None, months: str | None = None,
            booleans: tuple[str, str] = ("TRUE", "FALSE")) -> bytes:
    """A CSV file as a spreadsheet program saves it after opening it.

    Excel's "CSV UTF-8" by default: a byte-order mark, CRLF, ``TRUE``/``FALSE``;
    ``dates`` and ``months`` are the strftime forms it re-types ``YYYY-MM-DD``
    and ``YYYY-MM`` cells into (left as they are when not given).
    """
    def respelled(cell: str) -> str:
        if dates and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cell):
            return datetime.strptime(cell, "%Y-%m-%d").strftime(dates)
        if months and re.fullmatch(r"[0-9]{4}-[0-9]{2}", cell):
            return datetime.strptime(cell, "%Y-%m").strftime(months)
        return {"true": booleans[0], "false": booleans[1]}.get(cell, cell)

    rows = list(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator=line_end)
    writer.writerows([rows[0], *([respelled(c) for c in row] for row in rows[1:])])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


#: Where a case gives a line (of an edit or of an expected problem).
_LINE_KEYS = ("line", "copy_line", "delete_line")


def _physical_lines(text: str) -> dict[int, dict[str, str]]:
    """Each record's first physical line (1-based) and its cells by column."""
    header = next(csv.reader(io.StringIO(text, newline="")))
    rows = {}
    for first, last in _records(text)[1:]:
        lines = text.splitlines(keepends=True)[first : last + 1]
        rows[first + 1] = dict(zip(header, next(csv.reader(io.StringIO("".join(lines),
                                                                          newline=""))),
                                   strict=False))
    return rows


def _line_of(raw: Path, file: str, where: Any) -> int:
    """The line a case means: a number, ``{appended: N}`` or the cells naming one record."""
    if isinstance(where, int):
        return where
    text = (raw / file).read_text(encoding="utf-8")
    if set(where) == {"appended"}:
        return len(text.splitlines()) + int(where["appended"])
    found = [line for line, cells in _physical_lines(text).items()
             if all(cells.get(column) == str(value) for column, value in where.items())]
    assert len(found) == 1, f"{where} names {len(found)} records of {file}"
    return found[0]


def _resolved(case: dict[str, Any], raw: Path) -> dict[str, Any]:
    """The case with every row locator replaced by its line in the unedited ``raw``."""
    def visit(node: Any, file: str | None) -> Any:
        if isinstance(node, list):
            return [visit(item, file) for item in node]
        if not isinstance(node, dict):
            return node
        file = node["file"].removeprefix("data/raw/") if "file" in node else file
        out = {}
        for key, value in node.items():
            if key in _LINE_KEYS:
                assert file is not None
                out[key] = _line_of(raw, file, value)
            elif key == "refs":
                out[key] = [_line_of(raw, str(file), ref) for ref in value]
            else:
                out[key] = visit(value, file)
        if "refs" in out:
            out["expected"] = out["expected"].format(*out.pop("refs"))
        return out

    return visit(case, None)


def _rows(raw: Path, file: str) -> list[dict[str, str]]:
    with (raw / file).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _derived(case: dict[str, Any], raw: Path) -> dict[str, Any]:
    """The case with {free_colours} and {definition_ids} filled in from the edited ``raw``.

    Only a case that uses one reads the tables (others may have broken them).
    """
    derive = {
        "{free_colours}": lambda: ", ".join(
            str(n) for n in range(1, 11)
            if str(n) not in {row["colour"] for row in _rows(raw, "places.csv")
                              if row["study_city"] == "true"}),
        "{definition_ids}": lambda: ", ".join(sorted(
            row["definition_id"] for row in _rows(raw, "population_definitions.csv"))),
    }
    expect = []
    for problem in case["expect"]:
        text = problem["expected"]
        for token, value in derive.items():
            if token in text:
                text = text.replace(token, value())
        expect.append(problem | {"expected": text})
    return case | {"expect": expect}


def _apply(raw: Path, edit: dict[str, Any]) -> None:
    """Apply one declarative edit of cases.yaml to a file of ``raw``."""
    path = raw / edit["file"]
    operations = [k for k in edit if k != "file"]
    assert len(operations) == 1, f"one operation per edit: {edit}"
    operation, argument = operations[0], edit[operations[0]]
    if operation == "delete_file":
        path.unlink()
        return
    if operation == "write_hex":
        path.write_bytes(bytes.fromhex(argument))
        return
    if operation == "prepend_hex":
        path.write_bytes(bytes.fromhex(argument) + path.read_bytes())
        return
    if operation == "replace_bytes":
        data, old = path.read_bytes(), argument["old"].encode("utf-8")
        assert old in data, f"{old!r} not in {path.name}"
        path.write_bytes(data.replace(old, bytes.fromhex(argument["new_hex"]), 1))
        return
    text = path.read_text(encoding="utf-8")
    if operation == "resave":
        path.write_bytes(resaved(text, **{k: tuple(v) if isinstance(v, list) else v
                                          for k, v in argument.items()}))
        return
    header = next(csv.reader(io.StringIO(text, newline="")))
    if operation == "set_cell":
        cells, first, last = _record_at(text, argument["line"])
        cells[header.index(argument["column"])] = str(argument["value"])
        text = _replace_lines(text, first, last, _csv_line(cells))
    elif operation == "append_row":
        cells, _, _ = _record_at(text, argument["copy_line"])
        for column, value in argument.get("set", {}).items():
            cells[header.index(column)] = str(value)
        text = text + ("" if text.endswith("\n") else "\n") + _csv_line(cells)
    elif operation == "delete_line":
        _, first, last = _record_at(text, argument)
        text = _replace_lines(text, first, last, "")
    elif operation == "replace_line":
        text = _replace_lines(text, argument["line"] - 1, argument["line"] - 1,
                              argument["text"] + "\n")
    elif operation == "keep_lines":
        text = "".join(text.splitlines(keepends=True)[:argument])
    elif operation in ("delete_column", "add_column"):
        out = []
        for number, (first, last) in enumerate(_records(text)):
            lines = text.splitlines(keepends=True)[first : last + 1]
            cells = next(csv.reader(io.StringIO("".join(lines), newline="")))
            if operation == "delete_column":
                del cells[header.index(argument)]
            else:
                cells.append(argument["name"] if number == 0 else str(argument["value"]))
            out.append(_csv_line(cells))
        text = "".join(out)
    else:
        raise AssertionError(f"unknown edit {operation}")
    path.write_text(text, encoding="utf-8", newline="")


def _prepared(project: ProjectPaths, case: dict[str, Any]
              ) -> tuple[Path, dict[str, str], dict[str, str], dict[str, Any]]:
    """Apply the case's edits to a project copy.

    Returns its root, the raw and output hashes, and the case with every row
    locator resolved to its line.
    """
    root = project.root
    raw = root / "data" / "raw"
    before = _hashes(raw)
    case = _resolved(case, raw)
    for edit in case["edits"]:
        _apply(raw, edit)
    case = _derived(case, raw)
    edited = _hashes(raw)
    assert edited != before, "the edits of the case changed nothing"
    return root, edited, _outputs(root), case


# --- the checks --------------------------------------------------------------------


def _assert_reported(case: dict[str, Any], stderr: str, stdout: str) -> None:
    """Every expected problem is one line of the report; no traceback."""
    text = stdout + stderr
    assert "Traceback" not in text, text
    lines = stderr.splitlines()
    assert lines and lines[-1].endswith(" problem(s): nothing was written."), text
    assert int(lines[-1].split()[0]) == len(lines) - 1, "every other line is one problem"
    for problem in case["expect"]:
        line = re.escape(str(problem["line"])) if "line" in problem else "[0-9]+"
        start = f"{re.escape(problem['file'])}:{line}: {re.escape(problem['column'])}: "
        if "value" in problem:
            start += re.escape(f"{problem['value']!r}: expected ")
        matching = [line for line in lines if re.match(start, line)]
        assert matching, f"no line starts with {start!r} in:\n{stderr}"
        assert any(problem["expected"] in line for line in matching), \
            f"{problem['expected']!r} not in {matching}"
    if case.get("exactly"):
        assert len(lines) - 1 == len(case["expect"]), f"other problems reported too:\n{stderr}"


def _assert_untouched(root: Path, raw: dict[str, str], outputs: dict[str, str]) -> None:
    assert _hashes(root / "data" / "raw") == raw, "data/raw was written"
    assert _outputs(root) == outputs, "data/processed or figures/ changed"


def test_corpus_is_large_and_covers_every_table() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) >= 30 and len(names) == len(set(names))
    files = {edit["file"] for case in CASES for edit in case["edits"]}
    assert files == {table.file_name for table in RAW_TABLES}
    several = [c for c in CASES if len({p["file"] for p in c["expect"]}) >= 4]
    assert several, "one case must have problems in several files"


def _numbered_lines(node: Any) -> list[int]:
    """Every line a case gives as a number."""
    if isinstance(node, list):
        return [n for item in node for n in _numbered_lines(item)]
    if not isinstance(node, dict):
        return []
    found = [v for k, v in node.items() if k in _LINE_KEYS and isinstance(v, int)]
    return found + [n for v in node.values() for n in _numbered_lines(v)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_names_data_rows_by_content(case: dict[str, Any]) -> None:
    """Only structural lines are numbers: the file (0), the header (1), below a cut file."""
    cut = any("keep_lines" in edit for edit in case["edits"])
    allowed = {0, 1, 2} if cut else {0, 1}
    assert set(_numbered_lines(case)) <= allowed


def test_unedited_copy_is_valid_and_rebuilds_identically(project_copy: ProjectPaths) -> None:
    """The control: the harness itself does not make the data invalid."""
    root = project_copy.root
    outputs = _outputs(root)
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(root), "validate"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--root", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert _outputs(root) == outputs


SPREADSHEETS = [
    {},
    {"separator": ",", "line_end": "\r\n", "bom": False},
    {"line_end": "\n", "booleans": ("True", "False")},
]


@pytest.mark.parametrize("saved", SPREADSHEETS, ids=["excel-csv-utf8", "crlf", "bom-True-False"])
def test_copy_saved_by_a_spreadsheet_is_valid_and_rebuilds_identically(
        project_copy: ProjectPaths, saved: dict[str, Any]) -> None:
    """Every raw table opened and saved again by a spreadsheet: the same processed bytes."""
    root = project_copy.root
    outputs = _outputs(root)
    for path in sorted(project_copy.raw.glob("*.csv")):
        before = path.read_bytes()
        path.write_bytes(resaved(before.decode("utf-8"), **saved))
        assert path.read_bytes() != before
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(root), "validate"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--root", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert _outputs(root) == outputs


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_reported_and_nothing_is_written(project_copy: ProjectPaths,
                                                      case: dict[str, Any]) -> None:
    root, raw, outputs, case = _prepared(project_copy, case)
    runner = CliRunner()
    reports = {}
    for command in ("validate", "build"):
        result = runner.invoke(main, ["--root", str(root), command])
        assert not (result.exception and not isinstance(result.exception, SystemExit)), \
            "".join(traceback.format_exception(*result.exc_info))
        assert result.exit_code == 2, (command, result.output)
        _assert_reported(case, result.stderr, result.stdout)
        assert result.stdout == ""
        _assert_untouched(root, raw, outputs)
        reports[command] = result.stderr
    assert reports["validate"] == reports["build"], "build and validate disagree"


SUBPROCESS_CASES = [c for c in CASES if c.get("subprocess")]


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c["name"] for c in SUBPROCESS_CASES])
def test_bad_input_through_the_console_script(project_copy: ProjectPaths,
                                              case: dict[str, Any]) -> None:
    root, raw, outputs, case = _prepared(project_copy, case)
    env = {k: v for k, v in os.environ.items() if k != "LCSTUDY_ROOT"}
    for command in ("validate", "build"):
        done = subprocess.run([str(LCSTUDY), "--root", str(root), command], capture_output=True,
                              text=True, encoding="utf-8", cwd=root, env=env, timeout=120)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        _assert_reported(case, done.stderr, done.stdout)
        assert done.stdout == ""
        _assert_untouched(root, raw, outputs)
