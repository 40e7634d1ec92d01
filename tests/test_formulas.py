"""A raw label that a spreadsheet would run reaches no output cell unescaped.

``=HYPERLINK("x")`` as a fact's label and ``@SUM(1)`` as an indicator's go
through ``lcstudy validate`` (a warning, exit 0) and ``lcstudy build`` (every
table of data/processed), and labels of that kind through the other writers:
the figure CSV of :func:`~lcstudy.exhibits.figures.save_figure` and the four forms of
:func:`~lcstudy.exhibits.tables.save_table`. Every text cell and column name that
begins with ``= + - @``, a tab or a carriage return carries a leading ``'``;
numbers, negative ones included, are written as numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from click.testing import CliRunner

from lcstudy.cli import main
from lcstudy.config import ProjectPaths
from lcstudy.data.csv_writer import csv_text
from lcstudy.data.spreadsheets import FORMULA_START, defuse, defused
from lcstudy.exhibits.figures import save_figure
from lcstudy.exhibits.tables import latex_escape, save_table

LABEL = '=HYPERLINK("x")'
HOSTILE = [LABEL, "+1", "-x", "@SUM(1)", "\tx", "\rx"]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _unescaped(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would evaluate: beginning like a formula and not a number."""
    return [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)]


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"label": HOSTILE, "@who": ["a"] * len(HOSTILE),
                         "value": [-1.5, 2.0, -3.0, 0.0, 1.0, -0.25],
                         "count": range(-3, 3), "source_ids": ["s"] * len(HOSTILE)})


@pytest.mark.parametrize(("text", "expected"), [
    (LABEL, "'" + LABEL), ("+1", "'+1"), ("-3", "'-3"), ("@a", "'@a"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("a=b", "a=b"), ("'=x", "'=x"), ("", ""), ("≥101", "≥101"),
])
def test_defuse(text: str, expected: str) -> None:
    assert defuse(text) == expected


def test_defused_changes_texts_only_and_not_its_input() -> None:
    frame = _frame()
    before = frame.copy()
    out = defused(frame)
    assert list(out.columns) == ["label", "'@who", "value", "count", "source_ids"]
    assert out["label"].tolist() == ["'" + t for t in HOSTILE]
    assert out["value"].tolist() == before["value"].tolist()
    assert out["count"].tolist() == list(range(-3, 3))
    pd.testing.assert_frame_equal(frame, before)


def test_a_safe_frame_is_returned_as_it_is() -> None:
    frame = pd.DataFrame({"a": ["x", None], "b": [-1.0, 2.0]})
    assert defused(frame) is frame


def test_csv_text_defuses_cells_and_header_but_not_numbers() -> None:
    text = csv_text(_frame())
    assert _unescaped(_csv_cells(text)) == []
    assert text.splitlines()[:2] == ["label,'@who,value,count,source_ids",
                                     "\"'=HYPERLINK(\"\"x\"\")\",a,-1.5,-3,s"]


def test_save_figure_csv_is_defused(tmp_path: Path) -> None:
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    save_figure(fig, "fig_hostile", _frame(), folder=tmp_path)
    cells = _csv_cells((tmp_path / "fig_hostile.csv").read_bytes().decode("utf-8"))
    assert _unescaped(cells) == [] and "'" + LABEL in cells and "-1.5" in cells


def test_every_form_of_save_table_is_defused(tmp_path: Path) -> None:
    save_table(_frame(), "tab_hostile", caption="-caption", footnotes=["@note"],
               folder=tmp_path)
    cells = _csv_cells((tmp_path / "tab_hostile.csv").read_bytes().decode("utf-8"))
    assert _unescaped(cells) == [] and "'" + LABEL in cells
    markdown = (tmp_path / "tab_hostile.md").read_bytes().decode("utf-8")
    latex = (tmp_path / "tab_hostile.tex").read_bytes().decode("utf-8")
    for text in HOSTILE:
        assert f"| '{text} |" in markdown and f"'{latex_escape(text)} &" in latex, text
    assert markdown.startswith("**'-caption**\n\n| label | '@who |")
    with zipfile.ZipFile(tmp_path / "tab_hostile.xlsx") as archive:
        strings = archive.read("xl/sharedStrings.xml")
    texts = [node.text or "" for node in ElementTree.fromstring(strings).iter()
             if node.tag.endswith("}t")]
    assert _unescaped(texts) == [] and {"'" + LABEL, "'-caption", "'@note"} <= set(texts)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def test_a_hostile_raw_label_is_warned_of_and_defused_in_every_processed_table(
        project_copy: ProjectPaths) -> None:
    raw = project_copy.raw
    _edit(raw / "facts.csv", ",Espoo-Osan agreement runs for five years,",
          ',"=HYPERLINK(""x"")",')
    _edit(raw / "indicators.csv", "resident_gardens,Resident gardens,", "resident_gardens,@SUM(1),")
    runner = CliRunner()
    checked = runner.invoke(main, ["--root", str(project_copy.root), "validate"])
    assert checked.exit_code == 0, checked.output
    assert ("warning: data/raw/facts.csv:2: label: '=HYPERLINK(\"x\")': expected no leading "
            "=, +, -, @, tab or carriage return") in checked.stderr
    assert "warning: data/raw/indicators.csv:2: label: '@SUM(1)'" in checked.stderr
    built = runner.invoke(main, ["--root", str(project_copy.root), "build"])
    assert built.exit_code == 0, built.output
    found = set()
    for path in sorted(project_copy.processed.glob("*.csv")):
        cells = _csv_cells(path.read_text(encoding="utf-8"))
        assert _unescaped(cells) == [], path.name
        found |= {path.name for c in cells if c in ("'" + LABEL, "'@SUM(1)")}
    assert {"claims.csv", "comparison.csv"} <= found
