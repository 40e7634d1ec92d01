"""Reading a raw CSV table (:func:`lcstudy.data.csv_reader.read_table`): a typed frame and every problem.

Each file is one of the tiny table of conftest.py (``tiny_csv``).
"""

from __future__ import annotations

import pandas as pd

from lcstudy.data.csv_reader import read_table
from lcstudy.errors import Problem


def test_good_row_is_typed_and_indexed_by_line(tiny_csv):
    frame, problems = tiny_csv.read(f"{tiny_csv.header}\n{tiny_csv.row()}\n"
                                    f"{tiny_csv.row(key='k-2', count='', amount='.5', flag='false', note='')}\n")
    assert problems == []
    assert frame.index.name == "line"
    assert frame.index.tolist() == [2, 3]
    assert list(frame.columns) == tiny_csv.header.split(",")
    assert frame.loc[2, "count"] == 12 and str(frame["count"].dtype) == "Int64"
    assert frame.loc[2, "amount"] == 3.5 and str(frame["amount"].dtype) == "Float64"
    assert frame.loc[3, "amount"] == 0.5
    assert frame["flag"].tolist() == [True, False] and str(frame["flag"].dtype) == "boolean"
    assert str(frame["key"].dtype) == "string"
    assert pd.isna(frame.loc[3, "count"]) and pd.isna(frame.loc[3, "note"])


def test_missing_file(tmp_path, tiny_csv):
    frame, problems = read_table(tiny_csv.table, tmp_path / "absent.csv", tiny_csv.file)
    assert problems == [Problem(tiny_csv.file, 0, "-", "", "the file to exist")]
    assert frame.empty


def test_all_problems_reported_together(tiny_csv):
    text = f"{tiny_csv.header}\n{tiny_csv.row(count='x')}\n{tiny_csv.row(amount='3,5', flag='yes')}\n"
    _, problems = tiny_csv.read(text)
    assert [(p.line, p.column) for p in problems] == [(2, "count"), (3, "amount"), (3, "flag")]
