"""Tests of lcstudy.groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcstudy.groups import group_codes


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
