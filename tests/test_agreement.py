"""Agreement of two codings: small hand-made codings, and a second coding written to a copy."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcstudy.coding.agreement import agreement, agreement_table, disagreements
from lcstudy.coding.codings import SECOND_CODING, first_coding, match_units
from lcstudy.data.validate import load_valid


@pytest.fixture
def first(coding_unit) -> pd.DataFrame:
    """A small first coding with variation in every attribute."""
    return pd.DataFrame([
        coding_unit(7, "exchange_visits", "exact", 1, 1, start="2019"),
        coding_unit(7, "exchange_visits", "at_least", 4, None, start=None, end="2021-10-08",
                    place="osan"),
        coding_unit(9, "resident_gardens", "more_than", 101, None, start="2018-10",
                    end="2021-10", place="osan"),
        coding_unit(12, "learning_programmes", "exact", 1, 1, status="planned", start="2022",
                    place="osan"),
        coding_unit(14, "partnership_agreements", "exact", 1, 1, start="2021-09-29"),
    ])


def _table(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    return agreement_table(match_units(first, second)).set_index(["indicator_id", "attribute"])


def test_perfect_agreement_gives_alpha_1_and_no_disagreement(first):
    table = _table(first, first.copy())
    overall = table.loc["all"]
    assert (overall["agreement"] == 1.0).all()
    for attribute in ("qualifier", "value", "status", "date"):
        assert overall.loc[attribute, "alpha"] == pytest.approx(1.0)
    assert disagreements(match_units(first, first.copy())).empty


@pytest.mark.parametrize(("column", "planted", "attribute"), [
    ("qualifier", "a_few", "qualifier"),
    ("lower", 2.0, "value"),
    ("status", "announced", "status"),
    ("period_start", "2020", "date"),
])
def test_a_planted_disagreement_is_listed_and_lowers_alpha(first, column, planted, attribute):
    second = first.copy()
    second.loc[1, column] = planted
    units = match_units(first, second)
    found = disagreements(units)
    assert found[["place_id", "paragraph", "indicator_id", "attribute"]].values.tolist() == [
        ["osan", 7, "exchange_visits", attribute]]
    overall = _table(first, second).loc["all"]
    assert overall.loc[attribute, "alpha"] < 1.0
    assert overall.loc[attribute, "agreement"] == pytest.approx(4 / 5)


def test_a_unit_only_one_coding_has_is_a_presence_disagreement(first):
    second = first.drop(index=4)
    found = disagreements(match_units(first, second))
    assert found[["indicator_id", "attribute", "first", "second"]].values.tolist() == [
        ["partnership_agreements", "presence", "coded", "not coded"]]
    table = _table(first, second)
    assert table.loc[("all", "presence"), "agreement"] == pytest.approx(4 / 5)
    # the other attributes are compared on the units both have
    assert table.loc[("all", "qualifier"), "units"] == 4


def test_alpha_is_undefined_without_variation(first):
    one = first.iloc[[0]]
    table = _table(one, one.copy())
    assert math.isnan(table.loc[("all", "status"), "alpha"])
    assert table.loc[("all", "status"), "agreement"] == 1.0


def test_the_first_coding_read_back_as_a_second_agrees_perfectly(project_copy, write_coding):
    evidence = load_valid(project_copy)
    units = first_coding(evidence)
    assert not units.duplicated(["source_id", "paragraph", "indicator_id", "place_id"]).any()
    write_coding(project_copy.root / SECOND_CODING, units.to_dict("records"))
    result = agreement(project_copy, evidence)
    assert result.disagreements.empty
    overall = result.table.set_index(["indicator_id", "attribute"]).loc["all"]
    assert (overall["agreement"] == 1.0).all()
    assert overall.loc["presence", "alpha"] == pytest.approx(1.0)


def test_without_a_second_coding_agreement_says_so(project_copy, evidence):
    (project_copy.root / SECOND_CODING).unlink(missing_ok=True)
    with pytest.raises(FileNotFoundError):
        agreement(project_copy, evidence)


def test_the_build_writes_the_agreement_and_names_a_planted_disagreement(project_copy):
    """The main job's tables: a disagreement planted in the second coding is listed."""
    import csv as _csv

    from lcstudy.data.processed import read_processed
    from lcstudy.pipeline.build import build

    path = project_copy.root / SECOND_CODING
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(_csv.DictReader(stream))
    target = next(r for r in rows if r["indicator_id"] == "partnership_agreements")
    target["qualifier"] = "several" if target["qualifier"] != "several" else "exact"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = _csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    build(project_copy)
    listed = read_processed("disagreements", project_copy)
    planted = listed[(listed["source_id"] == target["source_id"])
                     & (listed["paragraph"] == int(target["paragraph"]))
                     & (listed["indicator_id"] == "partnership_agreements")
                     & (listed["attribute"] == "qualifier")]
    assert planted["second"].tolist() == [target["qualifier"]]
    table = read_processed("agreement", project_copy)
    overall = table[(table["indicator_id"] == "all") & (table["attribute"] == "qualifier")]
    assert overall["agreement"].item() < 1.0
