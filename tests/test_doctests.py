"""Every example in the package's docstrings runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import lcstudy

MODULES = sorted(m.name for m in pkgutil.walk_packages(lcstudy.__path__, "lcstudy."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             report=True, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"


def test_the_examples_are_many() -> None:
    attempted = sum(doctest.testmod(importlib.import_module(name)).attempted for name in MODULES
                    if name != "lcstudy.__main__")
    assert attempted >= 100
