"""The full factorial design: every combination of levels once, in order."""

from __future__ import annotations

import pytest

from lcstudy.compare.design import full_factorial


def test_every_combination_once_the_last_factor_fastest() -> None:
    grid = full_factorial({"a": ["x", "y"], "b": [1, 2, 3]})
    assert grid["run"].tolist() == list(range(1, 7))
    assert list(zip(grid["a"], grid["b"], strict=True)) == [
        ("x", 1), ("x", 2), ("x", 3), ("y", 1), ("y", 2), ("y", 3)]


def test_full_factorial_refuses_repeated_levels() -> None:
    with pytest.raises(ValueError, match=r"`factors\['a'\]` must be at least one level"):
        full_factorial({"a": [1, 1]})
