"""Contract tests of the public API: its names, their documentation and types, its tables.

Every name of ``lcstudy._EXPORTS`` is importable from the package, defined in
the module it names, documented (numpydoc) and typed; the main result tables
(``study.table``, ``Comparison.data``, ``Comparison.pairs``) have the columns
and dtypes their documentation gives (:data:`lcstudy.data.datapackage.PROCESSED`).
"""

from __future__ import annotations

import importlib
import inspect

import pandas as pd
import pytest

import lcstudy
from lcstudy.data.datapackage import PROCESSED

EXPORTS = sorted(lcstudy._EXPORTS)

#: The pandas dtype each Table Schema type of a processed column is read as.
DTYPES = {"string": "string", "number": "float64", "integer": "Int64", "boolean": "boolean"}


@pytest.mark.parametrize("name", EXPORTS)
def test_every_public_name_is_importable_from_its_module(name):
    module = importlib.import_module(f"lcstudy.{lcstudy._EXPORTS[name]}")
    assert getattr(lcstudy, name) is getattr(module, name)
    assert name in module.__all__, f"lcstudy.{module.__name__} does not list {name} in __all__"
    assert name in dir(lcstudy)


@pytest.mark.parametrize("name", EXPORTS)
def test_every_public_name_is_documented(name):
    doc = inspect.getdoc(getattr(lcstudy, name))
    assert doc, f"{name} has no docstring"
    assert f":func:`{name}`" in lcstudy.__doc__ or f":class:`{name}`" in lcstudy.__doc__, \
        f"{name} is not named in the package docstring"
    if inspect.isfunction(getattr(lcstudy, name)) and inspect.signature(
            getattr(lcstudy, name)).parameters:
        assert "Parameters\n----------" in doc, f"{name}: no numpydoc Parameters section"


@pytest.mark.parametrize("name", [n for n in EXPORTS if callable(getattr(lcstudy, n))])
def test_every_public_callable_is_typed(name):
    value = getattr(lcstudy, name)
    function = value.__init__ if inspect.isclass(value) else value
    if inspect.isclass(value) and function is object.__init__:
        return
    signature = inspect.signature(function)
    untyped = [p.name for p in signature.parameters.values()
               if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty]
    assert untyped == [], f"{name}: parameters without a type hint: {untyped}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"


@pytest.fixture(scope="module")
def study():
    return lcstudy.open_study()


@pytest.mark.shipped_data
@pytest.mark.parametrize("table", ["claims", "indicators", "knowledge", "comparability",
                                   "edges", "timeline"])
def test_study_tables_have_the_documented_columns_and_dtypes(study, table):
    frame = study.table(table)
    declared = PROCESSED[f"{table}.csv"].columns
    assert frame.columns.tolist() == [f.name for f in declared]
    for field in declared:
        assert str(frame[field.name].dtype) == DTYPES[field.type], (table, field.name)


@pytest.mark.shipped_data
def test_a_comparison_has_the_documented_columns(study):
    comparison = study.compare(cities=study.cities[:2], measure=["total", "per_100k"])
    assert isinstance(comparison, lcstudy.Comparison)
    assert comparison.data.columns.tolist() == [
        "place_id", "indicator_id", "measure", "period", "rounds", "state", "lower", "upper",
        "source_ids"]
    assert {"period", "verdict", "better", "reason_code", "reason", "a_state", "a_lower",
            "a_upper", "b_state", "b_lower", "b_upper"} <= set(comparison.pairs.columns)
    assert comparison.data["lower"].dtype == "float64"
    assert set(comparison.data["state"]) <= set(importlib.import_module("lcstudy.intervals").STATES)
    table = study.compare(cities=study.cities[:2]).table()
    assert isinstance(table, pd.DataFrame)
    assert table.index.name == "indicator_id"
    assert table.columns.tolist()[:2] == [study.names[c] for c in study.cities[:2]]
