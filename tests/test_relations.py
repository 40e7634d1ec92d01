"""Relations as an edge list, dated claims as a timeline."""

from __future__ import annotations

import pandas as pd

from lcstudy.compare.relations import edges, timeline

COLUMNS = ["claim", "place_id", "partner_id", "role", "indicator_id", "label", "period_start",
           "date_inferred", "lower", "upper", "source_ids", "status", "period_end", "value_type"]


def _claims(*rows: tuple) -> pd.DataFrame:
    """Claims; status happened, no period end and count values unless given."""
    rows = tuple(row + ("happened", None, "count")[len(row) - 11:] for row in rows)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"partner_id": "string", "period_start": "string", "period_end": "string"})


CLAIMS = _claims(
    ("visit", "a", "b", "subject", "visits", "A visits B", "2019", False, 1.0, 1.0, "s1"),
    ("visit", "b", "a", "partner", "visits", "A visits B", "2019", False, 1.0, 1.0, "s1"),
    ("mou", "c", "a", "subject", "agreements", "C and A sign", "2015-09-28", True, 1.0, 1.0, "s2"),
    ("undated", "a", "c", "subject", "visits", "A visits C", None, False, 2.0, float("inf"), "s3"),
    ("award", "a", None, "subject", "awards", "A awarded", "2015", False, 1.0, 1.0, "s1;s4"),
    ("late", "b", None, "subject", "awards", "B awarded", "2021-10-27", False, 1.0, 1.0, "s5"),
    ("plan", "b", None, "subject", "programmes", "B plans", "2022", False, 1.0, 1.0, "s6",
     "planned"),
    ("zero", "c", None, "subject", "awards", "C not awarded", "2017", False, 0.0, 0.0, "s7"),
    ("joined", "a", None, "subject", "membership", "A joins", "2014", True, 2014.0, 2021.0, "s8",
     "happened", "2021-10", "date"),
)


def test_edges_one_row_per_relation_dated_first():
    out = edges(CLAIMS)
    assert list(out.columns) == ["party", "partner", "kind", "label", "date", "date_inferred",
                                 "lower", "upper", "claim", "source_ids"]
    assert out[["party", "partner", "kind", "claim"]].to_numpy().tolist() == [
        ["c", "a", "agreements", "mou"],
        ["a", "b", "visits", "visit"],
        ["a", "c", "visits", "undated"],
    ]
    assert pd.isna(out["date"].iloc[2])
    assert out["upper"].iloc[2] == float("inf")
    assert out["date_inferred"].tolist() == [True, False, False]


def test_timeline_dated_subject_claims_in_date_order():
    out = timeline(CLAIMS)
    assert list(out.columns) == ["date", "year", "place_id", "partner_id", "indicator_id", "event",
                                 "date_inferred", "status", "claim", "source_ids"]
    # a known zero is no event; a date known only within a period is not placed
    assert out[["date", "year", "claim", "status"]].to_numpy().tolist() == [
        ["2015", 2015, "award", "happened"], ["2015-09-28", 2015, "mou", "happened"],
        ["2019", 2019, "visit", "happened"], ["2021-10-27", 2021, "late", "happened"],
        ["2022", 2022, "plan", "planned"]]
    assert out["event"].iloc[0] == "A awarded"
    assert out["source_ids"].iloc[0] == "s1;s4"


def test_network_functions_do_not_mutate_input():
    before = CLAIMS.copy(deep=True)
    edges(CLAIMS)
    timeline(CLAIMS)
    pd.testing.assert_frame_equal(CLAIMS, before)
