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

    Vectorised: the items are split and de-duplicated for all rows at once
    and joined with one pass over the sorted items (a group-wise ``agg`` with
    a Python function costs one pandas call per group).

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
    frame = keys.to_frame() if isinstance(keys, pd.Series) else keys
    codes, first = group_codes(frame, list(frame.columns))
    known = ~pd.isna(values).to_numpy()
    texts = pd.Series(values.to_numpy(dtype=object)[known]).astype(str)
    items = pd.DataFrame({"group": codes[known], "item": texts.to_numpy(dtype=object)})
    if texts.str.contains(";", regex=False).any():
        items = items.assign(item=texts.str.split(";").to_numpy()).explode("item")
    # Number the distinct items in sorted order, so sorting and de-duplicating
    # (group, item) pairs is integer work.
    item_codes, distinct = pd.factorize(items["item"].to_numpy(dtype=object))
    order = np.argsort(np.asarray(distinct, dtype=object), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    pairs = np.unique(items["group"].to_numpy(dtype=np.int64) * max(len(order), 1)
                      + rank[item_codes])
    group = pairs // max(len(order), 1)
    item = np.asarray(distinct, dtype=object)[order][pairs % max(len(order), 1)]
    starts = np.flatnonzero(np.diff(group, prepend=-1))
    ends = np.append(starts[1:], len(group)) if len(starts) else starts
    joined = np.full(len(first), "", dtype=object)
    joined[group[starts]] = [";".join(item[a:b]) for a, b in zip(starts, ends, strict=True)]
    rows = keys.iloc[first]
    index = (pd.MultiIndex.from_tuples(list(rows.itertuples(index=False, name=None)),
                                       names=list(keys.columns))
             if isinstance(keys, pd.DataFrame) else pd.Index(list(rows), name=keys.name))
    return pd.Series(joined, index=index, dtype=object).sort_index()
