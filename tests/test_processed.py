"""Reading the processed tables back with the declared types."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lcstudy.config import ROOT_ENV, ProjectPaths, project_paths
from lcstudy.data.datapackage import PROCESSED
from lcstudy.data.processed import read_processed

#: The project whose study is checked: $LCSTUDY_ROOT, else this checkout.
REPO = project_paths().root
PANDAS = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}
EDGES = [f.name for f in PROCESSED["edges.csv"].columns]


@pytest.mark.parametrize("name", [n.removesuffix(".csv") for n in PROCESSED])
def test_shipped_tables_typed_as_declared(name):
    frame = read_processed(name, ProjectPaths(REPO))
    declared = {f.name: PANDAS[f.type] for f in PROCESSED[f"{name}.csv"].columns}
    assert len(frame) > 0
    for column in frame.columns:
        assert str(frame[column].dtype) == declared.get(column, "float64"), column
    assert set(declared) <= set(frame.columns)


def test_open_bounds_are_infinite_in_shipped_claims():
    claims = read_processed("claims", ProjectPaths(REPO))
    gardens = claims[claims["claim"] == "osan-resident-gardens-3y"]
    assert gardens["upper"].tolist() == [math.inf]
    assert gardens["lower"].tolist() == [101.0]


def _write_edges(root: Path, *rows: str) -> ProjectPaths:
    folder = root / "data" / "processed"
    folder.mkdir(parents=True)
    (folder / "edges.csv").write_text("\n".join([",".join(EDGES), *rows]) + "\n", encoding="utf-8")
    return ProjectPaths(root)


def test_values_parsed(tmp_path):
    paths = _write_edges(
        tmp_path,
        "a,b,visits,A visits B,2019,True,1,inf,c1,s1",
        "a,c,visits,A visits C,,false,2.5,,c2,s1;s2",
    )
    edges = read_processed("edges", paths)
    assert edges["upper"].iloc[0] == math.inf
    assert math.isnan(edges["upper"].iloc[1])
    assert edges["lower"].tolist() == [1.0, 2.5]
    assert edges["date_inferred"].tolist() == [True, False]
    assert edges["date"].iloc[0] == "2019" and pd.isna(edges["date"].iloc[1])
    assert edges["source_ids"].iloc[1] == "s1;s2"


def test_text_that_looks_like_missing_stays_text(tmp_path):
    paths = _write_edges(tmp_path, "na,NA,visits,None,2019,False,1,1,NaN,null")
    edges = read_processed("edges", paths)
    assert edges[["party", "partner", "label", "claim", "source_ids"]].iloc[0].tolist() == [
        "na", "NA", "None", "NaN", "null"]


def test_default_project_from_environment(tmp_path, monkeypatch):
    _write_edges(tmp_path, "x,y,visits,X visits Y,2020,False,1,1,c,s")
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    assert read_processed("edges")["party"].tolist() == ["x"]
