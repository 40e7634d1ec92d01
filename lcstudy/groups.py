"""Group rows quickly: number the groups, join the items of each group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["group_codes", "join_codes", "join_per_group"]


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


def join_codes(codes: np.ndarray, n_groups: int, values: pd.Series | np.ndarray) -> np.ndarray:
    """Per group number: the distinct ``;``-separated items of its values, sorted and joined.

    Vectorised: a group of one item takes it as it is, a group of two is
    ordered by one comparison; only the items of larger groups are sorted,
    group by group (no sort of every distinct item, which costs more than
    the joins at a million rows).

    Parameters
    ----------
    codes : numpy.ndarray
        The group number (0 to ``n_groups - 1``) of each row.
    n_groups : int
        How many groups there are.
    values : pandas.Series or numpy.ndarray
        Text of each row: one item or several separated by ``;``; missing
        values and empty items are skipped.

    Returns
    -------
    numpy.ndarray
        One text per group (object array), empty for a group with no items.

    Examples
    --------
    >>> join_codes(np.array([0, 1, 0]), 3, pd.Series(["y;x", "z", "x"])).tolist()
    ['x;y', 'z', '']
    """
    array = np.asarray(values, dtype=object)
    known = ~pd.isna(array)
    group = np.asarray(codes)[known]
    texts = [v if type(v) is str else str(v) for v in array[known].tolist()]
    if ";" in "\x00".join(texts):  # split each distinct text once, for each group it is in
        text, distinct = pd.factorize(np.array(texts, dtype=object))
        pairs = np.unique(group.astype(np.int64) * len(distinct) + text)
        group, text = pairs // len(distinct), pairs % len(distinct)
        parts = [str(t).split(";") for t in distinct]
        group = np.repeat(group, np.array([len(p) for p in parts], dtype=np.int64)[text])
        texts = [item for k in text.tolist() for item in parts[k]]
    items = np.array(texts, dtype=object)
    filled = items != ""
    group, items = group[filled], items[filled]
    out = np.full(n_groups, "", dtype=object)
    counts = np.bincount(group, minlength=n_groups)
    one = counts[group] == 1
    out[group[one]] = items[one]
    two = counts[group] == 2
    order = np.argsort(group[two], kind="stable")
    paired = items[two][order]
    out[group[two][order][::2]] = _pair(paired[0::2], paired[1::2])
    several = counts[group] > 2
    if several.any():
        group, items = group[several], items[several]
        order = np.argsort(group, kind="stable")
        group, listed = group[order], items[order].tolist()
        starts = np.flatnonzero(np.diff(group, prepend=-1))
        ends = np.append(starts[1:], len(group))
        out[group[starts]] = [";".join(sorted(set(listed[a:b])))
                              for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    return out


def _pair(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two items of each group of two: distinct, sorted and joined."""
    swap = second < first
    low, high = np.where(swap, second, first), np.where(swap, first, second)
    return np.where(low == high, low, low + ";" + high)


def join_per_group(keys: pd.DataFrame | pd.Series, values: pd.Series) -> pd.Series:
    """Per distinct key: the distinct ``;``-separated items of its values, sorted and joined.

    Parameters
    ----------
    keys : pandas.DataFrame or pandas.Series
        The key of each row (one column or several).
    values : pandas.Series
        Text of each row: one item or several separated by ``;``; missing
        values and empty items are skipped (:func:`join_codes`).

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
    joined = join_codes(codes, len(first), values)
    rows = keys.iloc[first]
    index = (pd.MultiIndex.from_arrays([rows[c].to_numpy() for c in rows.columns],
                                       names=list(rows.columns))
             if isinstance(keys, pd.DataFrame) else pd.Index(rows.to_numpy(), name=keys.name))
    return pd.Series(joined, index=index, dtype=object).sort_index()
