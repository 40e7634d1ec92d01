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
from lcstudy.compare.choices import Choices
from lcstudy.config import ROOT_ENV, ProjectPaths, project_paths
from lcstudy.data.processed import read_processed
from lcstudy.pipeline.build import compute, write_processed
from lcstudy.study import Comparison, Study, open_study

#: The project whose study is checked ($LCSTUDY_ROOT, else this checkout), and the checkout.
REPO = project_paths().root
CHECKOUT = Path(__file__).resolve().parents[1]
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


def test_open_study_without_a_root_opens_the_checkout(monkeypatch):
    monkeypatch.delenv(ROOT_ENV, raising=False)
    assert open_study().paths.root.resolve() == CHECKOUT


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


def _processed(paths: ProjectPaths, name: str) -> list[dict[str, str]]:
    with (paths.processed / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_compare_defaults(study, repo_paths):
    comparison = study.compare()
    cities, features = _study_cities(repo_paths), study.key_features
    assert (comparison.cities, comparison.indicators, comparison.measures) == (
        cities, features, ["total"])
    data = comparison.data
    assert data[["indicator_id", "place_id"]].values.tolist() == [
        [i, c] for i in features for c in cities]
    assert set(data["measure"]) == {"total"}
    assert {"source_ids", "period", "state"} <= set(data.columns)
    table = comparison.table()
    assert table.index.tolist() == features
    names = [comparison.names[c] for c in cities]
    pairs = [f"{comparison.names[a]} vs {comparison.names[b]}"
             for i, a in enumerate(cities) for b in cities[i + 1:]]
    assert table.columns.tolist() == names + pairs


def test_compare_shows_exactly_what_the_model_holds(study, repo_paths):
    """Every cell of Comparison.table() against knowledge.csv and comparability.csv."""
    comparison = study.compare(measure=["total", "per_100k"])
    table = comparison.table()
    names = comparison.names
    for row in _processed(repo_paths, "knowledge"):
        shown = table.loc[(row["indicator_id"], row["measure"]), names[row["place_id"]]]
        lower, upper = (float(row[c]) if row[c] else NAN for c in ("lower", "upper"))
        assert shown.startswith(lc.state_label(row["state"], lower, upper)), (row, shown)
        if row["state"] == "lower_bound":
            assert shown.startswith("≥")
        if row["period"]:
            assert row["period"] in shown
        else:  # no period: no years shown
            assert not any(ch.isdigit() for ch in shown.removeprefix(
                lc.state_label(row["state"], lower, upper))), (row, shown)
    for row in _processed(repo_paths, "comparability"):
        shown = table.loc[(row["indicator_id"], row["measure"]),
                          f"{names[row['city_a']]} vs {names[row['city_b']]}"]
        if row["verdict"] == "not_comparable":
            assert shown == f"not comparable: {row['reason']}"
            continue
        sides = [lc.state_label(row[f"{s}_state"], float(row[f"{s}_lower"]),
                                float(row[f"{s}_upper"])) for s in "ab"]
        assert shown.endswith(f": {sides[0]} vs {sides[1]}") and row["period"] in shown
        if row["verdict"] in ("higher", "lower"):
            assert shown.startswith(f"{names[row['better']]} ahead")
        else:
            assert shown.startswith(row["verdict"])


def test_compare_several_measures(study, repo_paths):
    per_capita = set(_indicators(repo_paths, per_capita="true")) & set(study.key_features)
    chosen = study.key_features
    comparison = study.compare(cities=study.cities[:2], indicators=chosen,
                               measure=["total", "per_100k"])
    data = comparison.data
    assert comparison.measures == ["total", "per_100k"]
    by_measure = data.groupby("measure", sort=False)["indicator_id"].agg(
        lambda ids: list(pd.unique(ids)))
    assert by_measure["total"] == chosen
    assert by_measure.get("per_100k", []) == [i for i in chosen if i in per_capita]
    table = comparison.table()
    assert table.index.names == ["indicator_id", "measure"]
    assert set(table.index) == set(map(tuple, data[["indicator_id", "measure"]].values))


def test_compare_any_selection_in_the_order_given(study):
    cities = list(reversed(study.cities))
    indicators = list(reversed(study.key_features[:2]))
    comparison = study.compare(cities=cities, indicators=indicators)
    assert comparison.table().columns.tolist()[:len(cities)] == [study.names[c] for c in cities]
    assert comparison.data["place_id"].tolist()[: len(cities)] == cities
    assert comparison.table().index.tolist() == indicators


@pytest.mark.parametrize(
    ("keywords", "parameter", "value"),
    [({"cities": ["atlantis"]}, "cities", "atlantis"),
     ({"indicators": ["happiness"]}, "indicators", "happiness"),
     ({"measure": "per_minute"}, "measure", "per_minute"),
     ({"measure": "per_km2"}, "measure", "per_km2"),
     ({"measure": ["total", "per_fortnight"]}, "measure", "per_fortnight")],
)
def test_compare_refuses_unknown_selections(study, keywords, parameter, value):
    with pytest.raises(ValueError, match=rf"^{parameter}: '{value}' not in .*expected one of"):
        study.compare(**keywords)


# --- Comparison -----------------------------------------------------------------------------


@pytest.fixture
def hand_made() -> Comparison:
    """Cities a, b, c on h and g, with their pairs, as the model would hold them."""
    data = pd.DataFrame([
        ("g", "total", "a", "2013-2021", NAN, "lower_bound", 6.0, INF),
        ("g", "total", "b", "2018-2021", NAN, "lower_bound", 101.0, INF),
        ("g", "total", "c", "2024-2025", NAN, "not_reported", NAN, NAN),
        ("h", "total", "a", "2015-2024", 5.0, "exact", 1.0, 1.0),
        ("h", "total", "b", "2017-2024", 4.0, "exact", 1.0, 1.0),
        ("h", "total", "c", "2021-2024", 2.0, "known_zero", 0.0, 0.0),
    ], columns=["indicator_id", "measure", "place_id", "period", "rounds", "state", "lower",
                "upper"])
    pairs = pd.DataFrame([
        ("g", "total", "a", "b", "2018-2021", NAN, "undecided", "", "overlap", "",
         "lower_bound", 1.0, INF, "lower_bound", 101.0, INF),
        ("h", "total", "a", "b", "2017-2024", 4.0, "lower", "b", "ordered", "",
         "known_zero", 0.0, 0.0, "exact", 1.0, 1.0),
        ("g", "total", "a", "c", "", NAN, "not_comparable", "", "no_common_period",
         "no common period: a 2013-2021, c 2024-2025", "not_reported", NAN, NAN,
         "not_reported", NAN, NAN),
    ], columns=["indicator_id", "measure", "city_a", "city_b", "period", "rounds", "verdict",
                "better", "reason_code", "reason", "a_state", "a_lower", "a_upper",
                "b_state", "b_lower", "b_upper"])
    return Comparison(data=data, pairs=pairs, cities=["a", "b", "c"], indicators=["h", "g"],
                      measures=["total"], names={"a": "Ay", "b": "Bee", "c": "Sea"},
                      labels={"g": "G", "h": "H"})


def test_table_shows_the_model_never_more(hand_made):
    table = hand_made.table()
    assert table.index.tolist() == ["h", "g"]  # the order asked for
    assert table.loc["g", ["Ay", "Bee", "Sea"]].tolist() == [
        "≥6 (2013-2021)", "≥101 (2018-2021)", "? (2024-2025)"]
    assert table.loc["h", "Sea"] == "0 (2021-2024, 2 rounds)"
    assert table.loc["g", "Ay vs Bee"] == "undecided, 2018-2021: ≥1 vs ≥101"
    assert table.loc["h", "Ay vs Bee"] == "Bee ahead, 2017-2024, 4 rounds: 0 vs 1"
    assert table.loc["g", "Ay vs Sea"] == ("not comparable: no common period: a 2013-2021, "
                                           "c 2024-2025")
    assert table.loc["h", "Ay vs Sea"] == ""  # no row in the model: nothing drawn


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
    features = [i for i in study.per_capita if i in study.key_features]
    measure = {"measure": "per_100k", "indicators": features}
    official, other = study.compare(**measure).data, press.compare(**measure).data
    assert official[["indicator_id", "place_id"]].equals(other[["indicator_id", "place_id"]])
    assert not official["lower"].equals(other["lower"])


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
    with pytest.raises(TypeError, match="'colour'; the fields of Choices are 'series', "
                                        "'definition', 'normalisation', 'window'"):
        study.with_choices(colour="blue")
    with pytest.raises(ValueError, match="normalisation must be one of"):
        study.with_choices(normalisation="distance")


def _options(paths: ProjectPaths, column: str, **where: str) -> list[str]:
    """The distinct values of a population.csv column, in file order."""
    rows = [r for r in _raw(paths, "population") if all(r[k] == v for k, v in where.items())]
    return list(dict.fromkeys(r[column] for r in rows))


@pytest.mark.parametrize(("changes", "parameter"), [
    ({"series": "offical"}, "series"),
    ({"definition": "registered_resident"}, "definition"),
])
def test_with_choices_refuses_a_typo_naming_the_valid_options(study, repo_paths, changes,
                                                              parameter):
    [(name, value)] = changes.items()
    options = {"series": _options(repo_paths, "series"),
               "definition": _options(repo_paths, "definition", series="official")}
    with pytest.raises(ValueError) as raised:
        study.with_choices(**changes)
    message = str(raised.value)
    assert f"`{parameter}`" in message and repr(value) in message
    assert all(repr(option) in message for option in options[parameter])


def test_with_choices_refuses_a_definition_the_series_has_no_figures_of(study, repo_paths):
    official = set(_options(repo_paths, "definition", series="official"))
    press = _options(repo_paths, "definition", series="press")
    only_official = sorted(official - set(press))
    assert press and only_official  # the shipped data has both cases
    with pytest.raises(ValueError, match="`definition` must be one of " + repr(press[0])):
        study.with_choices(series="press", definition=only_official[0])
    assert study.with_choices(series="press", definition=press[0]).choices.definition == press[0]
