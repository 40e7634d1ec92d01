"""Exact variance shares of each factor over a full factorial (:func:`effects`).

Every analyst's choice is a *factor* with a few levels; a run is one
combination, and the full factorial holds every combination once
(:func:`lcstudy.compare.design.full_factorial`). Because every combination is there, the
first-order and total effect shares of each factor are computed exactly,
as means over the grid, with no sampling (Saltelli et al. 2008, ch. 4):

- first-order (main) share ``S_i = Var(E[Y | X_i]) / Var(Y)``: the part of the
  output's variance that factor ``i`` explains alone;
- total share ``ST_i = E[Var(Y | X_~i)] / Var(Y)``: its own part plus every
  interaction it takes part in (the variance left when all other factors are
  fixed, averaged over their combinations).

Variances are population variances over the runs (each run weighs the same).
``ST_i >= S_i``; ``sum(S_i) = 1`` exactly when the factors do not interact.

Inapplicable runs (output NaN, such as a geometric mean of a zero) are
never skipped silently. A level all of whose runs are inapplicable is left
out, repeatedly, and the note says so: what remains is a complete smaller
grid and its shares are exact. If inapplicable runs remain scattered inside
the grid, no exact decomposition exists: the shares are NaN and the note
says ``"not computable"`` with the count and the reasons. An output with no
variation gets the note ``"no variation"`` instead of a division by zero.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument

__all__ = ["effects"]


def _check_grid(runs: pd.DataFrame, factors: list[str], where: str) -> None:
    """Refuse a grid that is not every combination exactly once."""
    keys = runs[factors].astype(str)
    twice = keys.duplicated()
    if twice.any():
        repeated = dict(runs.loc[twice, factors].iloc[0])
        raise ValueError(f"{where}runs has more than one row for {repeated}: "
                         "expected each combination of the factors once")
    levels = [pd.unique(runs[f]) for f in factors]
    expected = math.prod(len(values) for values in levels)
    if len(runs) != expected:
        present = set(keys.itertuples(index=False, name=None))
        for combo in itertools.product(*levels):
            if tuple(str(v) for v in combo) not in present:
                raise ValueError(f"{where}unbalanced grid: {len(runs)} of {expected} "
                                 f"combinations, missing {dict(zip(factors, combo, strict=True))}"
                                 ": expected a full factorial")


def _drop_dead_levels(runs: pd.DataFrame, factors: list[str], output: str
                      ) -> tuple[pd.DataFrame, list[str]]:
    """Leave out levels all of whose runs are inapplicable, until none is left."""
    dropped = []
    changed = True
    while changed and runs[output].isna().any() and runs[output].notna().any():
        changed = False
        for factor in factors:
            for level in pd.unique(runs[factor]):
                at_level = runs[factor].isna() if pd.isna(level) else runs[factor] == level
                if at_level.any() and runs.loc[at_level, output].isna().all():
                    dropped.append(f"{factor}={level} ({int(at_level.sum())} runs)")
                    runs = runs[~at_level]
                    changed = True
    return runs, dropped


def _shares(runs: pd.DataFrame, factors: list[str], output: str) -> pd.DataFrame:
    """Exact first-order and total shares on a complete grid with no NaN output."""
    y = runs[output].to_numpy(dtype=float)
    variance = float(np.var(y))
    rows = []
    for factor in factors:
        first = float(np.var(runs.groupby(factor, sort=False, dropna=False)[output].mean()
                             .to_numpy()))
        others = [f for f in factors if f != factor]
        if others:
            within = runs.groupby(others, sort=False, dropna=False)[output].agg(
                lambda v: np.var(v.to_numpy()))
            total = float(within.mean())
        else:
            total = variance
        levels = runs[factor].nunique(dropna=False)
        rows.append((factor, levels, first / variance, total / variance))
    return pd.DataFrame(rows, columns=["factor", "levels", "first_order", "total"])


def _effects_one(runs: pd.DataFrame, factors: list[str], output: str, reason: str | None,
                 where: str) -> pd.DataFrame:
    """:func:`effects` for one group of runs."""
    _check_grid(runs, factors, where)
    n_runs = len(runs)
    used, dropped = _drop_dead_levels(runs, factors, output)
    missing = used[output].isna()
    levels = [runs[f].nunique(dropna=False) for f in factors]
    empty = pd.DataFrame({"factor": factors, "levels": levels,
                          "first_order": np.nan, "total": np.nan})
    if missing.any():
        reasons = sorted(set(used.loc[missing, reason].fillna("").astype(str))) if reason else []
        why = f" ({'; '.join(r for r in reasons if r)})" if any(reasons) else ""
        dead = int(runs[output].isna().sum())
        shape = "" if dead == n_runs else ", not whole levels: no exact decomposition"
        note = f"not computable: {dead} of {n_runs} runs inapplicable{why}{shape}"
        return empty.assign(runs=n_runs, note=note)
    y = used[output].to_numpy(dtype=float)
    scale = max(1.0, float(np.abs(y).max()))
    if float(np.ptp(y)) <= 1e-12 * scale:
        return empty.assign(runs=len(used),
                            note=f"no variation: the output is {y[0]:g} in every run")
    out = _shares(used, factors, output)
    common = [f"over the runs without {', '.join(dropped)}: all inapplicable"] if dropped else []
    out["note"] = ["; ".join(common + (["one level: not varied"] if levels == 1 else []))
                   for levels in out["levels"]]
    out.insert(len(out.columns) - 1, "runs", len(used))
    return out


def effects(runs: pd.DataFrame, factors: Sequence[str], output: str, *,
            by: Sequence[str] = (), reason: str | None = None) -> pd.DataFrame:
    """First-order and total effect shares of each factor, exactly, over a full factorial.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run (and per ``by`` group): the factor columns and ``output``
        (NaN for an inapplicable run).
    factors : sequence of str
        The factor columns; each group must hold every combination of their
        levels exactly once.
    output : str
        The numeric output, e.g. a city's rank.
    by : sequence of str
        Columns to decompose separately, e.g. ``("place_id",)``.
    reason : str, optional
        Column saying why a run is inapplicable (quoted in the note).

    Returns
    -------
    pandas.DataFrame
        Per group and factor: ``factor``, ``levels``, ``first_order``, ``total``,
        ``runs`` (runs decomposed) and ``note`` (see the module notes).

    Raises
    ------
    ValueError
        If a group is not a full factorial (a combination missing or repeated),
        or a named column does not exist.

    Examples
    --------
    Interaction only (``y = a xor b``): no main effect, all of it total.

    >>> from lcstudy.compare.design import full_factorial
    >>> runs = full_factorial({"a": [0, 1], "b": [0, 1]})
    >>> runs["y"] = [0.0, 1.0, 1.0, 0.0]
    >>> effects(runs, ["a", "b"], "y")[["factor", "first_order", "total"]].to_numpy().tolist()
    [['a', 0.0, 1.0], ['b', 0.0, 1.0]]
    """
    factors, by = list(factors), list(by)
    for column in [*factors, output, *by, *([reason] if reason else [])]:
        check_argument("runs column", column, f"a column of runs ({', '.join(runs.columns)})",
                       column in runs.columns)
    check_argument("factors", factors, "at least one factor, none also in by",
                   bool(factors) and not set(factors) & set(by))
    if not by:
        return _effects_one(runs, factors, output, reason, "")
    parts = []
    for key, group in runs.groupby(by, sort=False, dropna=False):
        values = dict(zip(by, key, strict=True))
        where = ", ".join(f"{k}={v!r}" for k, v in values.items()) + ": "
        part = _effects_one(group, factors, output, reason, where)
        for position, (column, value) in enumerate(values.items()):
            part.insert(position, column, [value] * len(part))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
