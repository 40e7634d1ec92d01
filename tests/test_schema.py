"""The declarations of data/raw: consistent with each other and with the shipped files."""

from __future__ import annotations

import csv

import pytest

from lcstudy.config import project_paths
from lcstudy.data.columns import TYPES
from lcstudy.data.schema import RAW_TABLES, raw_table
from lcstudy.data.vocabularies import CONFIDENCE, KFLC_LEVELS, QUALIFIERS, RELATIONS, STATUSES

#: The project whose study is checked: $LCSTUDY_ROOT, else this checkout.
REPO = project_paths().root
TABLE_NAMES = [t.name for t in RAW_TABLES]
COLUMNS = [(t, c) for t in RAW_TABLES for c in t.columns]


def test_the_raw_tables():
    assert TABLE_NAMES == ["sources", "places", "population_definitions", "population", "kflc",
                           "indicators", "complete_lists", "facts", "award_winners",
                           "list_entries", "searches"]


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_raw_table_finds_each_table(name):
    table = raw_table(name)
    assert table.name == name
    assert table.file_name == f"{name}.csv"


def test_raw_table_unknown_name():
    with pytest.raises(KeyError):
        raw_table("nonsense")


@pytest.mark.parametrize("table", RAW_TABLES, ids=TABLE_NAMES)
def test_column_names_unique_and_key_declared(table):
    names = [c.name for c in table.columns]
    assert len(names) == len(set(names))
    assert set(table.key) <= set(names)


@pytest.mark.parametrize(("table", "column"), COLUMNS, ids=[f"{t.name}.{c.name}" for t, c in COLUMNS])
def test_column_declaration_is_consistent(table, column):
    assert column.type in TYPES
    assert column.description
    if column.minimum is not None and column.maximum is not None:
        assert column.minimum <= column.maximum
    if column.references:
        target_table, target_column = column.references.split(".")
        target = raw_table(target_table)
        assert target_column in [c.name for c in target.columns]
        # loading order: referenced tables come first (or the table itself)
        assert TABLE_NAMES.index(target_table) <= TABLE_NAMES.index(table.name)
        assert target.column(target_column).unique


@pytest.mark.parametrize("table", RAW_TABLES, ids=TABLE_NAMES)
def test_shipped_header_matches_declaration(table):
    with (REPO / "data" / "raw" / table.file_name).open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert header == [c.name for c in table.columns]


@pytest.mark.parametrize(
    ("table", "column", "allowed"),
    [
        ("facts", "qualifier", QUALIFIERS),
        ("facts", "confidence", CONFIDENCE),
        ("population", "confidence", CONFIDENCE),
        ("facts", "status", STATUSES),
        ("facts", "relation", RELATIONS),
        ("award_winners", "confidence", CONFIDENCE),
        ("complete_lists", "confidence", CONFIDENCE),
        ("places", "coordinates_confidence", CONFIDENCE),
        ("places", "land_area_confidence", CONFIDENCE),
        ("kflc", "level", KFLC_LEVELS),
    ],
)
def test_enumerations_use_the_shared_lists(table, column, allowed):
    assert raw_table(table).column(column).allowed == allowed


def test_population_definitions_are_a_table_the_population_refers_to():
    assert raw_table("population").column("definition").references == (
        "population_definitions.definition_id")
    assert raw_table("population").column("definition").allowed == ()
