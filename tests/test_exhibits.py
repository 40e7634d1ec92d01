"""Every exhibit cell shows what the comparability model holds, never more.

The model is ``data/processed/knowledge.csv`` (each city over its own period)
and ``comparability.csv`` (each pair over the period both cover); the
exhibits are the CSVs beside the figures and the paper tables. Everything is
read with the csv module and matched by content, never by line numbers or by
the current list of cities.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from lcstudy.config import project_paths
from lcstudy.intervals import STATES, state_label

#: The shipped study, or the copy ``$LCSTUDY_ROOT`` names (a city added).
REPO = project_paths()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _number(text: str) -> float:
    return float(text) if text else math.nan


@pytest.fixture(scope="module")
def knowledge() -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["indicator_id"], r["measure"], r["place_id"]): r
            for r in _read(REPO.processed / "knowledge.csv")}


@pytest.fixture(scope="module")
def pairs() -> dict[tuple[str, str, str, str], dict[str, str]]:
    return {(r["indicator_id"], r["measure"], r["city_a"], r["city_b"]): r
            for r in _read(REPO.processed / "comparability.csv")}


def _label(row: dict[str, str], prefix: str = "") -> str:
    return state_label(row[f"{prefix}state"], _number(row[f"{prefix}lower"]),
                       _number(row[f"{prefix}upper"]))


def test_the_model_states_are_consistent_with_their_intervals(knowledge, pairs):
    for row in knowledge.values():
        assert row["state"] in STATES
        label = _label(row)  # raises on a state its interval contradicts
        assert label.startswith("≥") == (row["state"] == "lower_bound")
    for row in pairs.values():
        for side in ("a_", "b_"):
            assert _label(row, side).startswith("≥") == (row[f"{side}state"] == "lower_bound")


def test_fig3_draws_the_model(knowledge, pairs):
    drawn = _read(REPO.figures / "fig3_comparison.csv")
    states = [r for r in drawn if r["panel"] == "state"]
    verdicts = [r for r in drawn if r["panel"] == "verdict"]
    assert len(states) == len(knowledge) and len(verdicts) == len(pairs)
    for row in states:
        held = knowledge[(row["indicator_id"], row["measure"], row["place_id"])]
        assert [row[c] for c in ("period", "rounds", "state", "lower", "upper")] == [
            held[c] for c in ("period", "rounds", "state", "lower", "upper")]
    for row in verdicts:
        held = pairs[(row["indicator_id"], row["measure"], row["city_a"], row["city_b"])]
        for column in ("period", "verdict", "better", "reason_code", "reason", "a_state",
                       "a_lower", "a_upper", "b_state", "b_lower", "b_upper"):
            assert row[column] == held[column], column


def test_fig1_shows_the_model_state_of_every_key_feature(knowledge):
    coverage = [r for r in _read(REPO.figures / "fig1_coverage.csv") if r["panel"] == "coverage"]
    features = {key[0] for key in knowledge}
    shown = [r for r in coverage if r["indicator_id"] in features]
    assert shown
    for row in shown:
        held = knowledge[(row["indicator_id"], "total", row["place_id"])]
        assert (row["state"], row["lower"], row["upper"]) == (
            held["state"], held["lower"], held["upper"])


def test_tab1_writes_each_value_as_the_model_holds_it(knowledge):
    table = _read(REPO.figures / "tab1_comparison.csv")
    names = {r["place_id"]: r["name_en"] for r in _read(REPO.raw / "places.csv")}
    labels = {r["indicator_id"]: r["label"] for r in _read(REPO.raw / "indicators.csv")}
    written = {row["indicator"]: row for row in table}
    for (indicator, measure, place), held in knowledge.items():
        cell = written[f"{labels[indicator]}, {measure.replace('_', ' ')}"][names[place]]
        assert cell.startswith(_label(held)), (indicator, measure, place, cell)
        assert (f"({held['period']}" in cell) == bool(held["period"])
        if held["rounds"]:
            assert f"{int(float(held['rounds']))} rounds" in cell


def test_tab3_gives_every_pair_its_period_verdict_and_reason(pairs):
    table = _read(REPO.figures / "tab3_comparability.csv")
    assert len(table) == len(pairs)
    for row in table:
        held = pairs[(row["indicator_id"], row["measure"], row["city_a"], row["city_b"])]
        for column in ("period", "rounds", "verdict", "reason_code", "reason"):
            assert row[column] == held[column], column


@pytest.mark.parametrize("name", ["tab1_comparison", "tab3_comparability"])
def test_every_form_of_a_table_holds_the_same_cells(name):
    from lcstudy.exhibits.tables import latex_escape

    cells = [c for row in _read(REPO.figures / f"{name}.csv") for c in row.values() if c]
    markdown = (REPO.figures / f"{name}.md").read_text(encoding="utf-8")
    latex = (REPO.figures / f"{name}.tex").read_text(encoding="utf-8")
    for cell in cells:
        assert cell.replace("|", r"\|") in markdown, cell
        assert latex_escape(cell) in latex, cell
