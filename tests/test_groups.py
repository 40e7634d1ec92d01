"""Tests of lcstudy.groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.groups import group_codes, join_codes, join_per_group


@pytest.mark.parametrize(("keys", "codes", "first"), [
    ({"a": ["x", "y", "x", "z"]}, [0, 1, 0, 2], [0, 1, 3]),
    ({"a": ["x", "x", "x"], "b": [1, 2, 1]}, [0, 1, 0], [0, 1]),
    ({"a": ["x", None, None]}, [0, 1, 1], [0, 1]),
    ({"a": []}, [], []),
])
def test_groups_numbered_by_first_appearance(keys, codes, first):
    found_codes, found_first = group_codes(pd.DataFrame(keys), list(keys))
    assert found_codes.tolist() == codes
    assert found_first.tolist() == first
    assert np.issubdtype(found_codes.dtype, np.integer)


@pytest.mark.parametrize(("keys", "values", "expected"), [
    (["a", "b", "a"], ["y;x", "z", "x"], {"a": "x;y", "b": "z"}),
    (["a", "a"], [None, "s2;s1"], {"a": "s1;s2"}),
    (["b", "a"], [None, None], {"a": "", "b": ""}),
])
def test_items_joined_per_group(keys, values, expected):
    joined = join_per_group(pd.Series(keys, name="k"), pd.Series(values, dtype=object))
    assert joined.to_dict() == expected
    assert joined.index.tolist() == sorted(expected)


def test_items_joined_per_group_of_several_columns():
    keys = pd.DataFrame({"p": ["x", "x", "y"], "i": ["a", "b", "a"]})
    joined = join_per_group(keys, pd.Series(["s1", "s2;s1", "s3"]))
    assert joined.to_dict() == {("x", "a"): "s1", ("x", "b"): "s1;s2", ("y", "a"): "s3"}
    assert joined.index.names == ["p", "i"]


@pytest.mark.parametrize(("codes", "values", "expected"), [
    ([0, 1, 0], ["y;x", "z", "x"], ["x;y", "z", ""]),     # group 2 has no rows
    ([1, 1, 1], ["b", "a", "b"], ["", "a;b"]),             # repeated items once, sorted
    ([0, 1, 0, 1], ["b", "c", "a", "c"], ["a;b", "c"]),    # groups of two
    ([0, 0], ["a;", ";;b"], ["a;b"]),                     # empty items skipped
    ([0, 1], [None, "s"], ["", "s"]),
    ([], [], ["", ""]),
])
def test_items_joined_per_group_number(codes, values, expected):
    out = join_codes(np.array(codes, dtype=np.intp), len(expected),
                     pd.Series(values, dtype=object))
    assert out.tolist() == expected
