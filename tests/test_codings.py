"""Two codings as units (:mod:`lcstudy.coding.codings`): the first of facts.csv, a second checked.

The units are written by the conftest fixtures ``coding_unit`` and ``write_coding``;
``evidence`` is the shipped project's (conftest.py).
"""

from __future__ import annotations

import math

import pytest

from lcstudy.coding.codings import SECOND_CODING, first_coding, read_coding
from lcstudy.errors import DataError, Problem


def test_bad_rows_are_named_by_file_line_column_and_value(tmp_path, evidence, coding_unit,
                                                           write_coding):
    path = tmp_path / "facts.csv"
    write_coding(path, [
        coding_unit(7, "exchange_visits", "exact", 1, 1),
        {**coding_unit(7, "exchange_visits", "exact", 1, 1), "source_id": "espoo-2099-nowhere"},
        coding_unit(15, "exchange_visits", "exact", 1, 1),
        coding_unit(7, "friendship", "exact", 1, 1),
        coding_unit(7, "exchange_visits", "exact", 1, 1),
    ])
    with pytest.raises(DataError) as raised:
        read_coding(path, evidence)
    problems = raised.value.problems
    assert [(p.line, p.column, p.value) for p in problems] == [
        (3, "source_id", "espoo-2099-nowhere"),
        (4, "paragraph", "15"),
        (5, "indicator_id", "friendship"),
        (6, "source_id+paragraph+indicator_id+place_id",
         "espoo-2021-osan-en|7|exchange_visits|espoo"),
    ]
    assert all(p.file == SECOND_CODING for p in problems)
    assert problems[1] == Problem(SECOND_CODING, 4, "paragraph", "15",
                                  "a paragraph from 1 to 14 (the paragraphs of "
                                  "espoo-2021-osan-en in data/raw/sources.csv)")
    assert "line 2 has it already" in problems[3].expected


def test_a_bad_cell_is_named_too(tmp_path, evidence, coding_unit, write_coding):
    path = tmp_path / "facts.csv"
    write_coding(path, [coding_unit(7, "exchange_visits", "twice", 2, 2)])
    with pytest.raises(DataError) as raised:
        read_coding(path, evidence)
    assert [(p.line, p.column, p.value) for p in raised.value.problems] == [
        (2, "qualifier", "twice")]


def test_the_first_coding_totals_a_paragraph_and_dates_undated_claims(evidence):
    units = first_coding(evidence).set_index(["source_id", "paragraph", "indicator_id",
                                              "place_id"])
    visits = units.loc[("espoo-2021-osan-en", 7, "exchange_visits", "osan")]
    # the mayor's two visits and a few expert groups: at least 4, by the publication date
    assert (visits["qualifier"], visits["lower"]) == ("at_least", 4)
    assert math.isnan(visits["upper"])
    assert visits["period_end"] == "2021-10-08"
