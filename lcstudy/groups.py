"""Group rows quickly: number the groups, join the items of each group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["group_codes", "join_per_group"]


def group_codes(frame: pd.DataFrame, by: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Group number of each row, and the first row of each group.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows.
    by : sequence of str
        Columns whose values define a group (missing values form groups too).

    Returns
    -------
    codes : numpy.ndarray
        One integer per row; groups are numbered 0, 1, ... as they first appear.
    first : numpy.ndarray
        Position of the first row of each group, in group order.

    Examples
    --------
    >>> codes, first = group_codes(pd.DataFrame({"k": ["b", "a", "b"]}), ["k"])
    >>> codes.tolist(), first.tolist()
    ([0, 1, 0], [0, 1])
    """
    codes = frame.groupby(list(by), sort=False, dropna=False).ngroup().to_numpy()
    seen = np.maximum.accumulate(codes) if len(codes) else codes
    return codes, np.flatnonzero(np.diff(seen, prepend=-1) > 0)


def join_per_group(keys: pd.DataFrame | pd.Series, values: pd.Series) -> pd.Series:
    """Per distinct key: the distinct ``;``-separated items of its values, sorted and joined.

    A plain loop: a group-wise ``agg`` with a Python function costs one pandas
    call per group, which dominates on tables of this project's size.

    Parameters
    ----------
    keys : pandas.DataFrame or pandas.Series
        The key of each row (one column or several).
    values : pandas.Series
        Text of each row: one item or several separated by ``;``; missing is skipped.

    Returns
    -------
    pandas.Series
        Indexed by the distinct keys, sorted; a key whose values are all
        missing gets an empty text.

    Examples
    --------
    >>> join_per_group(pd.Series(["a", "b", "a"], name="k"), pd.Series(["y;x", "z", "x"])).to_dict()
    {'a': 'x;y', 'b': 'z'}
    """
    items: dict[object, set[str]] = {}
    rows = keys.itertuples(index=False, name=None) if isinstance(keys, pd.DataFrame) else keys
    for key, text in zip(rows, values, strict=True):
        found = items.setdefault(key, set())
        if not pd.isna(text):
            found.update(str(text).split(";"))
    joined = {key: ";".join(sorted(found)) for key, found in items.items()}
    index = (pd.MultiIndex.from_tuples(list(joined), names=list(keys.columns))
             if isinstance(keys, pd.DataFrame) else pd.Index(list(joined), name=keys.name))
    return pd.Series(list(joined.values()), index=index, dtype=object).sort_index()
