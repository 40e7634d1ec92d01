"""Sums of claims over periods: the arithmetic below the comparability engine.

The claims of each cell (measure, indicator, city) are summed over any
period in one look-up (:class:`ClaimGrid`); :func:`held_state` says what the
sums allow (*exact*, *known zero*, *bounded*, *lower bound* or *not
reported*, :data:`lcstudy.intervals.STATES`). :func:`lcstudy.compare.comparability.knowledge`
applies them to each city over its own period, :func:`lcstudy.compare.comparability.verdicts`
to each pair over the period both cover.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lcstudy.coding.claims import counted
from lcstudy.groups import join_codes

__all__ = ["COMPARED_MEASURES", "ClaimGrid", "cell_numbers", "stacked_measures", "grid_values",
           "held_state", "first_named", "within_window", "rounds_in", "relevant_claims",
           "cell_grid", "joined_per_cell"]


#: The measures compared, and the claim columns they add up.
COMPARED_MEASURES = {"total": ("lower", "upper"), "per_100k": ("lower_per_100k", "upper_per_100k")}


class ClaimGrid:
    """Counted claims on a grid of cells (measure, indicator, city) by first and last year.

    ``at(cell, first, last)`` sums, for every cell, the claims lying wholly in
    a period: a cumulative table over the claims' first years (from the
    latest down) and last years (from the earliest up), so that any period's
    sums are one look-up. Each cell keeps the lower sum, the finite upper sum,
    and counts of claims, of unknown and open terms, of claims read from
    complete lists and of undated claims.
    """

    _FIELDS = ("lo", "hi", "n", "unknown", "open", "listed")

    def __init__(self, cell: np.ndarray, first: np.ndarray, last: np.ndarray,
                 values: dict[str, np.ndarray], n_cells: int) -> None:
        dated = (cell >= 0) & ~np.isnan(first) & ~np.isnan(last)
        self.years = np.unique(np.concatenate([first[dated], last[dated]]))
        n_years = len(self.years)
        s = np.searchsorted(self.years, first[dated])
        e = np.searchsorted(self.years, last[dated])
        flat = (cell[dated] * max(n_years, 1) + s) * max(n_years, 1) + e
        size = n_cells * max(n_years, 1) ** 2
        self.tables = {}
        for name in self._FIELDS:
            weights = values[name][dated]
            table = np.bincount(flat, weights=weights, minlength=size).reshape(
                n_cells, max(n_years, 1), max(n_years, 1))
            table = np.cumsum(np.cumsum(table[:, ::-1, :], axis=1)[:, ::-1, :], axis=2)
            self.tables[name] = table

    def index(self, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                   np.ndarray]:
        """Grid positions of periods, and which periods hold any year of the grid."""
        i = np.searchsorted(self.years, np.nan_to_num(first, nan=np.inf), side="left")
        j = np.searchsorted(self.years, np.nan_to_num(last, nan=-np.inf), side="right") - 1
        valid = (i < len(self.years)) & (j >= 0) & (i <= j) & ~np.isnan(first)
        return np.where(valid, i, 0), np.where(valid, j, 0), valid

    def at(self, cell: np.ndarray, first: np.ndarray, last: np.ndarray) -> dict[str, np.ndarray]:
        """Per (cell, period): every field summed over the claims wholly inside."""
        i, j, valid = self.index(first, last)
        return {name: np.where(valid, table[cell, i, j], 0.0) if len(self.years)
                else np.zeros(len(cell)) for name, table in self.tables.items()}


def cell_numbers(rows: pd.DataFrame, grid: pd.DataFrame) -> np.ndarray:
    """Each claim row's cell number in ``grid`` (-1 when outside it)."""
    keys = pd.MultiIndex.from_frame(grid[["measure", "indicator_id", "place_id"]])
    return keys.get_indexer(pd.MultiIndex.from_frame(rows[["measure", "indicator_id",
                                                          "place_id"]]))


def stacked_measures(claims: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """The counted claims once per compared measure, with that measure's bounds."""
    per_head = set(features.loc[features["per_capita"].astype(bool), "indicator_id"])
    parts = []
    for measure, (lower, upper) in COMPARED_MEASURES.items():
        rows = claims if measure == "total" else claims[claims["indicator_id"].isin(per_head)]
        parts.append(rows.assign(measure=measure, _lo=rows[lower].to_numpy(dtype=float),
                                 _hi=rows[upper].to_numpy(dtype=float)))
    return pd.concat(parts, ignore_index=True)


def grid_values(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per claim row, what :class:`ClaimGrid` adds up."""
    lo, hi = rows["_lo"].to_numpy(dtype=float), rows["_hi"].to_numpy(dtype=float)
    unknown = np.isnan(lo)
    return {"lo": np.where(unknown, 0.0, lo),
            "hi": np.where(unknown | ~np.isfinite(hi), 0.0, hi),
            "n": np.ones(len(rows)), "unknown": unknown.astype(float),
            "open": (~unknown & ~np.isfinite(hi)).astype(float),
            "listed": rows["complete_list"].notna().to_numpy(dtype=float)}


def held_state(sums: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """State, lower and upper of summed cells, as the model holds them.

    Complete (every claim read from complete lists) gives the sum; otherwise
    the sum is a lower bound, open above. No claim, or an unknown term, is
    not reported.
    """
    n, lo = sums["n"], sums["lo"]
    complete = (n > 0) & (sums["listed"] == n) & (sums["open"] == 0)
    missing = (n == 0) | (sums["unknown"] > 0)
    hi = np.where(complete, sums["hi"], np.inf)
    state = first_named([missing, complete & (lo == 0) & (hi == 0), complete & (lo == hi), complete],
                   ["not_reported", "known_zero", "exact", "bounded"], "lower_bound")
    return state, np.where(missing, np.nan, lo), np.where(missing, np.nan, hi)


def first_named(conditions: list[np.ndarray], names: list[str], default: str) -> np.ndarray:
    """The name of the first condition that holds (else ``default``), as an object array.

    :func:`numpy.select` over integer codes, then one look-up: no array of
    texts is built per condition (a study of the network has ~10^6 pairs).
    """
    codes = np.select(conditions, list(range(len(names))), len(names))
    return np.array([*names, default], dtype=object)[codes]


def within_window(first: np.ndarray, last: np.ndarray, window: tuple[int, int] | None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Periods narrowed by the analyst's window (NaN where nothing is left)."""
    if window is None:
        return first, last
    a, b = np.maximum(first, window[0]), np.minimum(last, window[1])
    empty = ~(a <= b)
    return np.where(empty, np.nan, a), np.where(empty, np.nan, b)


def rounds_in(rounds: pd.DataFrame, indicator: np.ndarray, first: np.ndarray,
               last: np.ndarray) -> np.ndarray:
    """How many rounds of each indicator's complete lists fall in each period (NaN: no lists)."""
    out = np.full(len(indicator), np.nan)
    years = rounds.drop_duplicates("list_id").groupby("indicator_id")["year"].agg(
        lambda y: np.sort(y.to_numpy(dtype=float)))
    for name, ys in years.items():
        where = indicator == name
        count = (np.searchsorted(ys, np.nan_to_num(last[where], nan=-np.inf), side="right")
                 - np.searchsorted(ys, np.nan_to_num(first[where], nan=np.inf), side="left"))
        out[where] = np.where(np.isnan(first[where]), np.nan, np.maximum(count, 0))
    return out


def relevant_claims(claims: pd.DataFrame, cities: Sequence[str], indicators: Sequence[str]
              ) -> pd.DataFrame:
    """The counted claims of the study cities on the given indicators."""
    rows = claims[claims["place_id"].isin(cities) & claims["indicator_id"].isin(indicators)]
    return rows[counted(rows)]


def cell_grid(features: pd.DataFrame, cities: Sequence[str]) -> pd.DataFrame:
    """The cells: per measure, each compared indicator by each city (catalogue, city order)."""
    parts = []
    for measure in COMPARED_MEASURES:
        chosen = features if measure == "total" else features[features["per_capita"].astype(bool)]
        indicators = chosen["indicator_id"].tolist()
        parts.append(pd.DataFrame({
            "indicator_id": np.repeat(np.array(indicators, dtype=object), len(cities)),
            "measure": measure,
            "place_id": np.tile(np.array(list(cities), dtype=object), len(indicators))}))
    return pd.concat(parts, ignore_index=True)


def joined_per_cell(cell: np.ndarray, where: np.ndarray, values: pd.Series, n_cells: int) -> np.ndarray:
    """Per cell: the distinct items of ``values`` in the rows ``where`` selects, joined."""
    return join_codes(cell[where], n_cells, values.to_numpy(dtype=object)[where])
