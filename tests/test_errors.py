"""Problems name file, line, column, value and what was expected; DataError carries them all."""

from __future__ import annotations

import pytest

from lcstudy.errors import DataError, Problem


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("data/raw/facts.csv", 7, "lower", "3,5", "a number such as 3.5"),
         "data/raw/facts.csv:7: lower: '3,5': expected a number such as 3.5"),
        (Problem("data/raw/places.csv", 1, "-", "", "a header row"),
         "data/raw/places.csv:1: -: '': expected a header row"),
        (Problem("data/raw/sources.csv", 0, "-", "", "the file to exist"),
         "data/raw/sources.csv:0: -: '': expected the file to exist"),
    ],
)
def test_problem_text(problem, text):
    assert str(problem) == text


def test_problems_sort_by_file_then_line():
    problems = [
        Problem("b.csv", 2, "x", "1", "e"),
        Problem("a.csv", 10, "x", "1", "e"),
        Problem("a.csv", 9, "y", "1", "e"),
    ]
    assert [(p.file, p.line) for p in sorted(problems)] == [("a.csv", 9), ("a.csv", 10), ("b.csv", 2)]


def test_data_error_sorts_deduplicates_and_lists_every_problem():
    late = Problem("data/raw/facts.csv", 9, "value", "x", "a number")
    early = Problem("data/raw/facts.csv", 3, "lower", "", "a lower bound")
    error = DataError([late, early, late])
    assert error.problems == [early, late]
    assert str(error) == f"{early}\n{late}"


def test_data_error_is_a_value_error():
    with pytest.raises(ValueError, match="facts.csv:3"):
        raise DataError([Problem("data/raw/facts.csv", 3, "lower", "", "a lower bound")])


def test_problem_is_immutable():
    problem = Problem("f", 1, "c", "v", "e")
    with pytest.raises(AttributeError):
        problem.line = 2  # type: ignore[misc]
