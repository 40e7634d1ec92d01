"""Paper tables in four forms: notation, escaping, reproducible bytes, no formulas in the XLSX."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from lcstudy.exhibits.tables import comparison_table, latex_escape, save_table

INF, NAN = math.inf, math.nan
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1:A2)", "http://x.example"]


def _table() -> pd.DataFrame:
    return pd.DataFrame({"indicator": ["Awards", "R&D_share 5%"], "espoo": ["≥101", "2–4"],
                         "gongju": ["0", "?"]})


def _sheet(path: Path) -> tuple[str, str, list[str]]:
    """The worksheet XML, the shared strings XML and the names in the XLSX zip."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        return (archive.read("xl/worksheets/sheet1.xml").decode("utf-8"),
                archive.read("xl/sharedStrings.xml").decode("utf-8"), names)


@pytest.mark.parametrize(("text", "expected"), [
    ("≥101", r"$\geq$101"),
    ("2–4", "2--4"),
    ("≤3", r"$\leq$3"),
    ("R&D", r"R\&D"),
    ("5%", r"5\%"),
    ("a_b", r"a\_b"),
    ("#1", r"\#1"),
    ("$x$", r"\$x\$"),
    ("{x}", r"\{x\}"),
    ("~^", r"\textasciitilde{}\textasciicircum{}"),
    (r"\input{x}", r"\textbackslash{}input\{x\}"),
    ("Espoo — Osan", "Espoo --- Osan"),
    ("Gongju 공주시", "Gongju 공주시"),
])
def test_latex_escape(text: str, expected: str) -> None:
    assert latex_escape(text) == expected


def test_four_forms_with_caption_footnotes_and_sources(tmp_path: Path) -> None:
    paths = save_table(_table(), "tab_x", caption="Awards & shares", footnotes=["≥: open bound."],
                       sources=["uil-2024", "espoo-2015"], folder=tmp_path)
    assert [p.name for p in paths] == ["tab_x.tex", "tab_x.md", "tab_x.csv", "tab_x.xlsx"]
    tex = (tmp_path / "tab_x.tex").read_text(encoding="utf-8")
    for line in [r"\caption{Awards \& shares}", r"\label{tab:tab_x}", r"\begin{tabular}{lrr}",
                 r"\toprule", r"indicator & espoo & gongju \\", r"\midrule",
                 r"Awards & $\geq$101 & 0 \\", r"R\&D\_share 5\% & 2--4 & ? \\", r"\bottomrule",
                 r"{\footnotesize $\geq$: open bound. \par Sources: uil-2024; espoo-2015.}"]:
        assert line in tex.splitlines()
    assert (tmp_path / "tab_x.md").read_text(encoding="utf-8") == (
        "**Awards & shares**\n\n| indicator | espoo | gongju |\n|---|---:|---:|\n"
        "| Awards | ≥101 | 0 |\n| R&D_share 5% | 2–4 | ? |\n\n≥: open bound.\n\n"
        "Sources: uil-2024; espoo-2015.\n")
    csv = (tmp_path / "tab_x.csv").read_bytes()
    assert csv == "indicator,espoo,gongju\nAwards,≥101,0\nR&D_share 5%,2–4,?\n".encode()
    _, strings, _ = _sheet(tmp_path / "tab_x.xlsx")
    for text in ["Awards &amp; shares", "≥101", "2–4", "Sources: uil-2024; espoo-2015."]:
        assert f">{text}<" in strings


def test_markdown_escapes_pipes(tmp_path: Path) -> None:
    table = pd.DataFrame({"a|b": ["x|y"]})
    save_table(table, "tab_pipe", folder=tmp_path)
    assert (tmp_path / "tab_pipe.md").read_text(encoding="utf-8") == \
        "| a\\|b |\n|---|\n| x\\|y |\n"


def test_rerun_is_byte_identical(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in save_table(_table(), "tab_r", folder=tmp_path / "one")]
    second = [p.read_bytes() for p in save_table(_table(), "tab_r", folder=tmp_path / "two")]
    again = [p.read_bytes() for p in save_table(_table(), "tab_r", folder=tmp_path / "one")]
    assert first == second == again
    # the workbook carries the fixed date, not today's
    with zipfile.ZipFile(tmp_path / "one" / "tab_r.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z" in core


def test_hostile_labels_are_text_cells_never_formulas(tmp_path: Path) -> None:
    table = pd.DataFrame({"label": HOSTILE, "value": ["-1", "=1+1", "@x", "+x", "=A1"]})
    save_table(table, "tab_hostile", caption='=HYPERLINK("http://x","c")',
               footnotes=["=cmd|' /C calc'!A0"], folder=tmp_path)
    sheet, strings, names = _sheet(tmp_path / "tab_hostile.xlsx")
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element at all
    assert not [n for n in names if "worksheets/_rels" in n or "externalLink" in n]  # no links
    namespace = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = ElementTree.fromstring(sheet).findall(".//m:c", namespace)
    assert len(cells) == 1 + 2 + 2 * len(HOSTILE) + 1  # caption, header, body, footnote
    assert [c.get("t") for c in cells] == ["s"] * len(cells)  # every cell a shared string
    texts = [node.text for node in ElementTree.fromstring(strings).iter(f"{{{namespace['m']}}}t")]
    # every text a spreadsheet would evaluate carries a leading ' (text even when edited),
    # the caption, the header and the footnote included
    assert {"'" + t for t in HOSTILE[:4]} | {HOSTILE[4], "'-1", "'=1+1",
                                            "'=cmd|' /C calc'!A0"} <= set(texts)
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    csv_text = (tmp_path / "tab_hostile.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""y"")",\'-1'


def test_a_hostile_header_is_defused_in_every_form(tmp_path: Path) -> None:
    table = pd.DataFrame({"=HYPERLINK(\"x\")": ["a"], "n": [-1.5]})
    save_table(table, "tab_h", folder=tmp_path)
    assert (tmp_path / "tab_h.csv").read_text(encoding="utf-8") == \
        "\"'=HYPERLINK(\"\"x\"\")\",n\na,-1.5\n"
    assert (tmp_path / "tab_h.md").read_text(encoding="utf-8").startswith(
        "| '=HYPERLINK(\"x\") | n |")
    assert "'=HYPERLINK" in (tmp_path / "tab_h.tex").read_text(encoding="utf-8")
    _, strings, _ = _sheet(tmp_path / "tab_h.xlsx")
    assert "<t>'=HYPERLINK(\"x\")</t>" in strings


def test_numbers_stay_numbers_in_the_xlsx(tmp_path: Path) -> None:
    table = pd.DataFrame({"city": ["a", "b"], "population": [305_000, NAN]})
    save_table(table, "tab_n", folder=tmp_path)
    sheet, _, _ = _sheet(tmp_path / "tab_n.xlsx")
    assert '<c r="B2"><v>305000</v></c>' in sheet  # a number cell (no t="s")
    assert (tmp_path / "tab_n.csv").read_text(encoding="utf-8") == \
        "city,population\na,305000\nb,\n"


@pytest.mark.parametrize(("name", "table", "message"), [
    ("../escape", _table(), "`name` must be a file stem of letters, digits, _ and -"),
    ("tab 1", _table(), "`name` must be a file stem"),
    ("tab", pd.DataFrame([[1, 2]], columns=["a", "a"]), "`table columns` must be unique names"),
])
def test_bad_arguments_write_nothing(tmp_path: Path, name, table, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        save_table(table, name, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_default_folder_is_the_projects_figures(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LCSTUDY_ROOT", str(tmp_path))
    paths = save_table(_table(), "tab_d")
    assert {p.parent for p in paths} == {tmp_path / "figures"}


def _tidy(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "place_id", "lower", "upper", "state"])


def test_comparison_table_notation_and_states() -> None:
    data = _tidy([
        ("awards", "espoo", 1, 1, "exact"),
        ("awards", "gongju", 0, 0, "known_zero"),  # eligible, absent from a complete list
        ("awards", "osan", 0, 0, "known_zero"),
        ("events", "espoo", 2, 4, "bounded"),
        ("events", "gongju", 101, INF, "lower_bound"),
        ("events", "osan", NAN, NAN, "not_reported"),
        ("visits", "espoo", 0.4189, 0.4189, "exact"),
    ])
    out = comparison_table(data, state="state")
    assert out.columns.tolist() == ["indicator_id", "espoo", "gongju", "osan"]
    assert out.to_numpy().tolist() == [["awards", "1", "0", "0"],
                                       ["events", "2–4", "≥101", "?"],
                                       ["visits", "0.42", "?", "?"]]  # no row: not reported


def test_comparison_table_order_and_selection() -> None:
    data = _tidy([("x", "a", 1, 1, "exact"), ("y", "a", 2, 2, "exact"),
                  ("x", "b", 3, 3, "exact")])
    out = comparison_table(data, row_order=["y", "x"], column_order=["b", "a"])
    assert out.to_numpy().tolist() == [["y", "?", "2"], ["x", "3", "1"]]


@pytest.mark.parametrize(("state", "lower", "message"), [
    ("zero", 0, ("`state values` must be states among exact, bounded, lower_bound, known_zero, "
                "not_reported (others listed); got ['zero']")),
    ("known_zero", 3, "a known_zero value cannot be the interval [3.0, 3.0]"),
    ("known_zero", NAN, "a known_zero value cannot be the interval [nan, nan]"),
    ("lower_bound", 3, "a lower_bound value cannot be the interval [3.0, 3.0]"),
])
def test_comparison_table_refuses_bad_states(state, lower, message) -> None:
    data = _tidy([("x", "a", lower, lower, state)])
    with pytest.raises(ValueError, match=re.escape(message)):
        comparison_table(data, state="state")


def test_missing_cells_are_empty_in_every_text_form(tmp_path: Path) -> None:
    """pandas' NA and NaT, as a string or date column read from CSV holds them: never "<NA>"."""
    table = pd.DataFrame({"period": pd.array(["2018-2021", pd.NA], dtype="string"),
                          "date": pd.to_datetime(["2021-01-01", None]), "n": [1.0, math.nan]})
    save_table(table, "tab_missing", folder=tmp_path)
    for suffix in ("md", "tex", "csv"):
        text = (tmp_path / f"tab_missing.{suffix}").read_text(encoding="utf-8")
        assert "<NA>" not in text and "NaT" not in text and "nan" not in text.lower(), suffix
