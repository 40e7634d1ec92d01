"""Deterministic CSV text: :func:`lcstudy.data.csv_writer.csv_text` writes what pandas writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.data.csv_writer import FLOAT_FORMAT, csv_text


@pytest.mark.parametrize("frame", [
    pd.DataFrame({
        "text": pd.array(["a", None, 'say "x"', "c,d", "two\nlines", "", " lead"], dtype="string"),
        "object": ["x", None, np.nan, "y", "z", "w", "v"],
        "float": [1.5, np.nan, 1e20, -0.0, 0.1 + 0.2, 3.0, 2 / 3],
        "Float64": pd.array([1.5, None, 2.0, 3.25, None, 1e-7, 5], dtype="Float64"),
        "Int64": pd.array([1, None, 3, 4, 5, 6, 7], dtype="Int64"), "int": np.arange(7),
        "boolean": pd.array([True, False, None, True, True, False, True], dtype="boolean"),
        "bool": [True, False, True, True, True, False, True],
        "mixed": [1, 2.5, None, "t", True, 3, 4],
        "return": ["a\rb", "x", "y", "z", "w", "v", "u"]}),
    pd.DataFrame({"lone": ["x", "", None]}),
    pd.DataFrame({"a,b": [1.0, np.nan], 'q"': ["", "y"]}),
    pd.DataFrame({"a": [], "b": []}),
], ids=["every-dtype-and-quote", "one-column", "quoted-header", "no-rows"])
def test_csv_text_writes_what_pandas_writes(frame):
    assert csv_text(frame) == frame.to_csv(index=False, float_format=FLOAT_FORMAT,
                                           lineterminator="\n")
