"""The study as one object: ``lc.open_study()``, ``Study.compare`` and ``Comparison``.

Expectations about the shipped study are read from data/raw with the csv
module (never its current list of cities); the notation and ranks are
checked on small hand-made comparisons.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lcstudy as lc
from lcstudy.build import compute, write_processed
from lcstudy.config import ROOT_ENV, ProjectPaths
from lcstudy.indicators import Choices
from lcstudy.processed import read_processed
from lcstudy.study import Comparison, Study, open_study

REPO = Path(__file__).resolve().parents[1]
INF = np.inf
NAN = np.nan
TABLES = ["claims", "indicators", "comparison", "edges", "timeline"]


def _raw(paths: ProjectPaths, name: str) -> list[dict[str, str]]:
    """The rows of a raw table as text, read with the csv module."""
    with (paths.raw / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _study_cities(paths: ProjectPaths) -> list[str]:
    return [row["place_id"] for row in _raw(paths, "places") if row["study_city"] == "true"]


def _indicators(paths: ProjectPaths, **where: str) -> list[str]:
    rows = _raw(paths, "indicators")
    return [r["indicator_id"] for r in rows if all(r[k] == v for k, v in where.items())]


@pytest.fixture(scope="module")
def study() -> Study:
    return open_study(REPO)


# --- open_study -----------------------------------------------------------------------------


def test_open_study_is_the_public_entry_point():
    assert lc.open_study is open_study and lc.Study is Study and lc.Comparison is Comparison


def test_open_study_of_the_shipped_project(study, repo_paths):
    assert study.paths == repo_paths
    assert study.choices == Choices()
    assert study.cities == _study_cities(repo_paths)
    assert study.cities  # the shipped study compares some cities
    places = _raw(repo_paths, "places")
    assert study.names.to_dict() == {r["place_id"]: r["name_en"] for r in places}
    assert study.catalogue.index.tolist() == _indicators(repo_paths)
    assert study.key_features == [i for i in _indicators(repo_paths)
                                  if i not in _indicators(repo_paths, direction="none")]
    assert study.per_capita == _indicators(repo_paths, per_capita="true")


def test_open_study_without_a_root_opens_the_checkout(monkeypatch, repo_paths):
    monkeypatch.delenv(ROOT_ENV, raising=False)
    assert open_study().paths.root.resolve() == repo_paths.root.resolve()


def test_open_study_of_a_project_copy(project_copy, set_cells, monkeypatch):
    first, *others = _study_cities(project_copy)
    set_cells(project_copy, "places", "place_id", first, study_city="false")
    expected = _study_cities(project_copy)
    assert expected == others  # the edit took
    for opened in (open_study(project_copy.root), open_study(str(project_copy.root))):
        assert opened.paths == project_copy
        assert opened.cities == expected
    monkeypatch.setenv(ROOT_ENV, str(project_copy.root))
    assert open_study().cities == expected


def test_open_study_refuses_invalid_raw_data(project_copy, set_cells):
    fact = _raw(project_copy, "facts")[0]["fact_id"]
    set_cells(project_copy, "facts", "fact_id", fact, qualifier="not-a-qualifier")
    with pytest.raises(lc.DataError, match="qualifier"):
        open_study(project_copy.root)


# --- Study.compare --------------------------------------------------------------------------


def test_compare_defaults(study, repo_paths):
    comparison = study.compare()
    cities, features = _study_cities(repo_paths), study.key_features
    assert (comparison.cities, comparison.indicators, comparison.measures) == (
        cities, features, ["total"])
    data = comparison.data
    assert data[["indicator_id", "place_id"]].values.tolist() == [
        [i, c] for i in features for c in cities]
    assert set(data["measure"]) == {"total"}
    assert {"source_ids", "population_used"} <= set(data.columns)
    table = comparison.table()
    assert table.index.tolist() == features
    assert table.columns.tolist() == [comparison.names[c] for c in cities]


def test_compare_reads_the_totals_of_the_processed_table(study, repo_paths):
    with (repo_paths.processed / "indicators.csv").open(encoding="utf-8", newline="") as stream:
        known = {(r["indicator_id"], r["place_id"]) for r in csv.DictReader(stream)
                 if r["measure"] == "total"}
    comparison = study.compare()
    data = comparison.data
    got = {(i, p) for i, p, s in data[["indicator_id", "place_id", "status"]].values
           if s != "unknown"}
    assert got == known & {(i, c) for i in comparison.indicators for c in comparison.cities}
    cells = comparison.table().to_numpy()
    unknown = data["status"].eq("unknown").to_numpy().reshape(cells.shape)
    assert ((cells == "?") == unknown).all()


def test_compare_several_measures(study, repo_paths):
    per_capita = set(_indicators(repo_paths, per_capita="true"))
    chosen = study.catalogue.index.tolist()  # every indicator, per capita or not
    assert per_capita and set(chosen) - per_capita
    comparison = study.compare(cities=study.cities[:2], indicators=chosen,
                               measure=["total", "per_100k"])
    data = comparison.data
    assert comparison.measures == ["total", "per_100k"]
    assert data["measure"].unique().tolist() == ["total", "per_100k"]
    by_measure = data.groupby("measure")["indicator_id"].agg(lambda ids: list(pd.unique(ids)))
    assert by_measure["total"] == chosen
    assert by_measure["per_100k"] == [i for i in chosen if i in per_capita]
    table = comparison.table()
    assert table.index.names == ["indicator_id", "measure"]
    assert set(table.index) == set(map(tuple, data[["indicator_id", "measure"]].values))


def test_compare_any_selection_in_the_order_given(study):
    cities = list(reversed(study.names.index[:3]))
    indicators = list(reversed(study.catalogue.index[:2]))
    comparison = study.compare(cities=cities, indicators=indicators, measure="per_km2")
    assert comparison.table().columns.tolist() == [study.names[c] for c in cities]
    assert comparison.data["place_id"].tolist()[: len(cities)] == cities


@pytest.mark.parametrize(
    ("keywords", "parameter", "value"),
    [({"cities": ["atlantis"]}, "cities", "atlantis"),
     ({"indicators": ["happiness"]}, "indicators", "happiness"),
     ({"measure": "per_minute"}, "measure", "per_minute"),
     ({"measure": ["total", "per_fortnight"]}, "measure", "per_fortnight")],
)
def test_compare_refuses_unknown_selections(study, keywords, parameter, value):
    with pytest.raises(ValueError, match=rf"^{parameter}: '{value}' not in .*expected one of"):
        study.compare(**keywords)


# --- Comparison -----------------------------------------------------------------------------


def _comparison(rows: list[tuple], measures: list[str]) -> Comparison:
    """A hand-made comparison of cities a, b, c on g and h."""
    data = pd.DataFrame(rows, columns=["indicator_id", "measure", "place_id", "lower", "upper"])
    status = np.select([data["lower"].isna(), data["lower"] == data["upper"]],
                       ["unknown", "known"], "bounded")
    return Comparison(data=data.assign(status=status), cities=["a", "b", "c"],
                      indicators=["h", "g"], measures=measures,
                      names={"a": "Ay", "b": "Bee", "c": "Sea"}, labels={"g": "G", "h": "H"})


@pytest.fixture
def hand_made() -> Comparison:
    return _comparison([
        ("g", "total", "a", 6.0, 6.0), ("g", "total", "b", 101.0, INF),
        ("g", "total", "c", NAN, NAN),
        ("h", "total", "a", 2.0, 4.0), ("h", "total", "b", 3.0, 3.0),
        ("h", "total", "c", 0.0, 0.0),
        ("g", "per_100k", "a", 1.23456, 1.23456), ("g", "per_100k", "b", 50.5, INF),
        ("g", "per_100k", "c", NAN, NAN),
    ], ["total", "per_100k"])


def test_table_in_interval_notation(hand_made):
    one = _comparison(hand_made.data[hand_made.data["measure"] == "total"].drop(
        columns="status").values.tolist(), ["total"])
    table = one.table()
    assert table.index.tolist() == ["h", "g"]  # the order asked for
    assert table.columns.tolist() == ["Ay", "Bee", "Sea"]
    assert table.to_numpy().tolist() == [["2–4", "3", "0"], ["6", "≥101", "?"]]


def test_table_of_several_measures(hand_made):
    table = hand_made.table(decimals=1)
    assert table.index.tolist() == [("h", "total"), ("g", "total"), ("g", "per_100k")]
    assert table.loc[("g", "per_100k")].tolist() == ["1.2", "≥50.5", "?"]


def test_ranks(hand_made):
    ranks = hand_made.ranks()
    assert ranks.columns.tolist() == ["indicator_id", "measure", "place_id", "best_rank",
                                      "worst_rank"]
    got = {(r.indicator_id, r.measure, r.place_id): (r.best_rank, r.worst_rank)
           for r in ranks.itertuples()}
    assert got == {
        ("g", "total", "b"): (1, 1), ("g", "total", "a"): (2, 2),  # c unknown: not ranked
        # [2, 4] may lie above or below 3
        ("h", "total", "a"): (1, 2), ("h", "total", "b"): (1, 2), ("h", "total", "c"): (3, 3),
        ("g", "per_100k", "b"): (1, 1), ("g", "per_100k", "a"): (2, 2),
    }
    assert hand_made.data["status"].tolist().count("unknown") == 2  # data untouched


# --- Study.with_choices ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def press(study) -> Study:
    return study.with_choices(series="press")


@pytest.fixture(scope="module")
def press_folder(study, tmp_path_factory) -> ProjectPaths:
    """The tables of ``compute(evidence, Choices(series="press"))``, written to a folder."""
    paths = ProjectPaths(tmp_path_factory.mktemp("press"))
    write_processed(compute(study.evidence, Choices(series="press")), study.cities,
                    paths.processed)
    return paths


@pytest.mark.parametrize("name", TABLES)
def test_with_choices_computes_the_tables_of_those_choices(study, press, press_folder, name):
    assert press.choices == Choices(series="press")
    assert study.choices == Choices()  # the study it came from is unchanged
    pd.testing.assert_frame_equal(press.table(name), read_processed(name, press_folder))
    assert press.table(name).dtypes.to_dict() == read_processed(name, study.paths).dtypes.to_dict()


def test_with_choices_changes_the_per_capita_comparison(study, press):
    measure = {"measure": "per_100k", "indicators": study.per_capita}
    official, other = study.compare(**measure).data, press.compare(**measure).data
    assert official[["indicator_id", "place_id"]].equals(other[["indicator_id", "place_id"]])
    assert not official["population_used"].equals(other["population_used"])


@pytest.mark.parametrize("changes", [{}, {"series": "official"},
                                     {"normalisation": "minmax", "definition": None}])
def test_with_default_choices_reads_data_processed(project_copy, changes):
    # a mark in the copy's processed table shows it is read, not recomputed
    path = project_copy.processed / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:2]), encoding="utf-8")
    opened = open_study(project_copy.root).with_choices(**changes)
    assert opened.choices == Choices()
    pd.testing.assert_frame_equal(opened.table("indicators"),
                                  read_processed("indicators", project_copy))
    assert len(opened.table("indicators")) == 1


def test_with_choices_refuses_unknown_choices(study):
    with pytest.raises(TypeError, match="colour"):
        study.with_choices(colour="blue")
    with pytest.raises(ValueError, match="normalisation must be one of"):
        study.with_choices(normalisation="distance")
