"""Number the groups of a frame's rows quickly, in order of first appearance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["group_codes"]


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
