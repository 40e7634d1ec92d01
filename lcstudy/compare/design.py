"""The full factorial design: every combination of the factors' levels, once.

Every analyst's choice is a *factor* with a few levels; a *run* is one
combination of levels. :func:`full_factorial` lays out every run once, so
that each factor's effect can be computed exactly
(:func:`lcstudy.compare.variance.effects`) and what a factor moves can be
read with every other factor held fixed
(:meth:`lcstudy.compare.factorial.Robustness.changed`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import pandas as pd

from lcstudy.arguments import check_argument

__all__ = ["full_factorial"]


def full_factorial(factors: Mapping[str, Sequence[object]]) -> pd.DataFrame:
    """Every combination of the factors' levels, once, with a run number.

    Parameters
    ----------
    factors : mapping of str to sequence
        ``{factor: levels}``; levels in the order they should appear.

    Returns
    -------
    pandas.DataFrame
        ``run`` (1, 2, ...) and one column per factor; the last factor varies fastest.

    Examples
    --------
    >>> full_factorial({"method": ["minmax", "rank"], "cap": [None, 100]}).to_numpy().tolist()
    [[1, 'minmax', None], [2, 'minmax', 100], [3, 'rank', None], [4, 'rank', 100]]
    """
    for name, levels in factors.items():
        check_argument(f"factors[{name!r}]", list(levels), "at least one level, none repeated",
                       len(levels) > 0 and len(set(map(repr, levels))) == len(levels))
    rows = list(itertools.product(*factors.values()))
    grid = pd.DataFrame(rows, columns=list(factors), dtype=object)
    grid.insert(0, "run", range(1, len(rows) + 1))
    return grid
