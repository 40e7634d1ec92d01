"""Scale interval-valued indicators across cities (OECD/JRC Handbook, COINr).

Each method maps every city's interval ``[lower, upper]`` within a group
(by default one indicator) onto a common scale and returns an interval
``[scaled_lower, scaled_upper]``. Linear methods map both ends (swapping them
when the direction is "lower is better"); ranks give the best and worst rank
the intervals allow. Unknown (``lower`` missing) stays unknown; a group whose
parameters cannot be estimated (one known value, no spread, no reference)
gets missing results and a ``scale_note`` saying why.

Location parameters (mean, spread) use each city's *reference point*: the
middle of a closed interval, the lower bound of an open one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from lcstudy.groups import group_codes

__all__ = ["METHODS", "scale"]

#: Scaling methods understood by :func:`scale`.
METHODS = ("minmax", "zscore", "rank", "percentile", "distance", "goalposts")

_SINGLE = "single known value: no scale can be estimated"
_FLAT = "no spread: all known values are equal"


def _flip(direction: pd.Series | None, index: pd.Index) -> np.ndarray:
    """True where lower values are better."""
    if direction is None:
        return np.zeros(len(index), dtype=bool)
    return np.asarray(direction, dtype=object) == "lower"  # NaN/NA compare unequal


def _affine(lower: np.ndarray, upper: np.ndarray, slope: np.ndarray, shift: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Map ``[lower, upper]`` by ``slope * x + shift``, keeping ends ordered."""
    with np.errstate(invalid="ignore"):
        a = slope * lower + shift
        b = slope * upper + shift
    return np.fmin(a, b), np.fmax(a, b)


def _group_stat(values: np.ndarray, codes: np.ndarray, n_groups: int, how: str,
                finite_only: bool = True) -> np.ndarray:
    """Per-group min, max, mean or sample sd of the (finite) values."""
    if finite_only:
        values = np.where(np.isfinite(values), values, np.nan)
    if how in ("min", "max"):
        # ufunc.at is O(n) with no factorising or sorting; fmin/fmax skip NaN.
        stat = np.full(n_groups, np.inf if how == "min" else -np.inf)
        (np.fmin if how == "min" else np.fmax).at(stat, codes, values)
        if finite_only:  # an infinite result can only mean an empty group
            return np.where(np.isfinite(stat), stat, np.nan)
        present = np.bincount(codes[~np.isnan(values)], minlength=n_groups) > 0
        return np.where(present, stat, np.nan)
    series = pd.Series(values)
    grouped = series.groupby(codes)
    stat = getattr(grouped, how)() if how != "std" else grouped.std(ddof=1)
    return stat.reindex(range(n_groups)).to_numpy(dtype=float)


def _mark(note: np.ndarray, where: np.ndarray, text: str, texts: list[str]) -> np.ndarray:
    """Give ``text`` to the rows of ``where`` that have no note yet."""
    texts.append(text)
    return np.where((note == 0) & where, len(texts) - 1, note)


def _order_counts(lower: np.ndarray, upper: np.ndarray, codes: np.ndarray
                  ) -> dict[str, np.ndarray]:
    """Per interval, how many others of its group lie above or below it.

    ``surely_above``/``maybe_above``: others whose interval lies entirely /
    possibly above; likewise below; ``size``: known intervals in the group.
    """
    names = ("surely_above", "maybe_above", "surely_below", "maybe_below", "size")
    counts = {name: np.full(len(lower), np.nan) for name in names}
    known = ~np.isnan(lower)
    order = np.argsort(codes[known], kind="stable")
    rows = np.flatnonzero(known)[order]
    bounds = np.flatnonzero(np.diff(codes[rows])) + 1
    for members in np.split(rows, bounds):
        lo, hi = lower[members], upper[members]
        sorted_lo, sorted_hi = np.sort(lo), np.sort(hi)
        n = len(members)
        open_self = lo < hi  # an interval that is not a point may overlap itself
        counts["surely_above"][members] = n - np.searchsorted(sorted_lo, hi, side="right")
        counts["maybe_above"][members] = n - np.searchsorted(sorted_hi, lo, side="right") - open_self
        counts["surely_below"][members] = np.searchsorted(sorted_hi, lo, side="left")
        counts["maybe_below"][members] = np.searchsorted(sorted_lo, hi, side="left") - open_self
        counts["size"][members] = n
    return counts


def scale(
    frame: pd.DataFrame,
    method: str,
    *,
    lower: str = "lower",
    upper: str = "upper",
    by: Sequence[str] = ("indicator_id",),
    direction: str | None = "direction",
    target: tuple[float, float] = (0.0, 100.0),
    reference: str | None = None,
    goalposts: Mapping[str, tuple[float, float]] | None = None,
    entity: str = "place_id",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scale intervals across cities, group by group.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city and group, with interval columns ``lower``/``upper``.
    method : {"minmax", "zscore", "rank", "percentile", "distance", "goalposts"}
        ``minmax`` maps the smallest and largest finite bound onto ``target``;
        ``zscore`` subtracts the mean and divides by the sample sd of the
        reference points; ``rank`` gives ranks (1 = best; ties share the best
        rank); ``percentile`` the share of the other cities lying below, in
        percent (ties are not below); ``distance`` the ratio to the ``reference`` city (inverted
        when lower is better); ``goalposts`` maps each indicator's
        ``(worst, best)`` goalposts onto ``target`` and clips at them.
    lower, upper : str
        Interval columns (``upper`` may be ``inf``: open).
    by : sequence of str
        Columns defining the groups scaled separately.
    direction : str or None
        Column of ``higher``/``lower``/``none``; ``None`` treats all as higher.
    target : tuple of float
        Range for ``minmax`` and ``goalposts``.
    reference : str, optional
        The ``entity`` value to compare with, for ``distance``.
    goalposts : mapping, optional
        ``{first by-value: (worst, best)}`` for ``goalposts``.
    entity : str
        Column naming the compared units.

    Returns
    -------
    scaled : pandas.DataFrame
        ``frame`` plus ``scaled_lower``, ``scaled_upper``, ``scale_method`` and
        ``scale_note`` (empty when the scaling is defined).
    parameters : pandas.DataFrame
        One row per group: ``n_known`` and the parameters the method used.

    Raises
    ------
    ValueError
        For an unknown method, or a missing ``reference``/``goalposts``.

    Examples
    --------
    >>> data = pd.DataFrame({"indicator_id": ["g"] * 3, "place_id": ["a", "b", "c"],
    ...     "lower": [0.0, 5.0, 101.0], "upper": [0.0, 5.0, np.inf]})
    >>> out, _ = scale(data, "rank", direction=None)
    >>> out[["scaled_lower", "scaled_upper"]].to_numpy().tolist()
    [[3.0, 3.0], [2.0, 2.0], [1.0, 1.0]]
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    lo = frame[lower].to_numpy(dtype=float)
    hi = frame[upper].to_numpy(dtype=float)
    codes, first = group_codes(frame, by)
    groups = list(frame[list(by)].iloc[first].itertuples(index=False, name=None))
    n_groups = len(groups)
    flip = _flip(frame[direction] if direction else None, frame.index)
    known = ~np.isnan(lo)
    n_known = np.bincount(codes[known], minlength=n_groups).astype(float)
    centre = np.where(np.isfinite(hi), (lo + hi) / 2, lo)
    params = pd.DataFrame(list(groups), columns=list(by))
    params["method"] = method
    params["n_known"] = n_known.astype(int)
    # Notes are codes into ``texts`` (0 = no note) until the end: string arrays
    # of one entry per row are slow to build and compare.
    texts = ["", _SINGLE]
    note = (n_known[codes] < 2).astype(np.intp)
    a, b = target
    if method == "minmax":
        g_min = np.fmin(_group_stat(lo, codes, n_groups, "min"),
                        _group_stat(hi, codes, n_groups, "min"))
        g_max = np.fmax(_group_stat(lo, codes, n_groups, "max"),
                        _group_stat(hi, codes, n_groups, "max"))
        span = g_max - g_min
        note = _mark(note, span[codes] == 0, _FLAT, texts)
        slope = (b - a) / np.where(span > 0, span, np.nan)
        slope_row = np.where(flip, -slope[codes], slope[codes])
        shift_row = np.where(flip, a + g_max[codes] * slope[codes], a - g_min[codes] * slope[codes])
        out_lo, out_hi = _affine(lo, hi, slope_row, shift_row)
        params["min"], params["max"], params["target"] = g_min, g_max, f"{a:g}..{b:g}"
    elif method == "zscore":
        mean = _group_stat(centre, codes, n_groups, "mean")
        sd = _group_stat(centre, codes, n_groups, "std")
        note = _mark(note, sd[codes] == 0, _FLAT, texts)
        inverse = 1 / np.where(sd > 0, sd, np.nan)
        slope_row = np.where(flip, -inverse[codes], inverse[codes])
        out_lo, out_hi = _affine(lo, hi, slope_row, -slope_row * mean[codes])
        params["mean"], params["sd"] = mean, sd
    elif method in ("rank", "percentile"):
        key_lo, key_hi = np.where(flip, -hi, lo), np.where(flip, -lo, hi)
        counts = _order_counts(key_lo, key_hi, codes)
        if method == "rank":
            out_lo, out_hi = 1 + counts["surely_above"], 1 + counts["maybe_above"]
            note = np.where(note == 1, 0, note)
        else:
            others = np.where(counts["size"] > 1, counts["size"] - 1, np.nan)
            out_lo = 100 * counts["surely_below"] / others
            out_hi = 100 * counts["maybe_below"] / others
    elif method == "distance":
        if reference is None:
            raise ValueError("method 'distance' needs reference=<the reference city>")
        is_ref = (frame[entity] == reference).to_numpy(dtype=bool) & known
        ref_lo = _group_stat(np.where(is_ref, lo, np.nan), codes, n_groups, "max")[codes]
        ref_hi = _group_stat(np.where(is_ref, hi, np.nan), codes, n_groups, "max", False)[codes]
        note = _mark(np.zeros(len(lo), dtype=np.intp), np.isnan(ref_lo),
                     f"reference city {reference} unknown", texts)
        note = _mark(note, ref_lo == 0, f"reference city {reference} has zero", texts)
        usable = np.where(ref_lo > 0, 1.0, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            up_lo, up_hi = lo / ref_hi * usable, hi / ref_lo * usable
            down_lo, down_hi = ref_lo / hi * usable, ref_hi / lo * usable
        out_lo = np.where(flip, down_lo, up_lo)
        out_hi = np.where(flip, down_hi, up_hi)
        params["reference"] = reference
    else:
        if goalposts is None:
            raise ValueError("method 'goalposts' needs goalposts={group: (worst, best)}")
        worst_best = np.array([goalposts.get(g, (np.nan, np.nan)) for g in params[by[0]]],
                              dtype=float).reshape(-1, 2)
        g_worst, g_best = worst_best[:, 0], worst_best[:, 1]
        slope = (b - a) / np.where(g_best != g_worst, g_best - g_worst, np.nan)
        out_lo, out_hi = _affine(lo, hi, slope[codes], a - g_worst[codes] * slope[codes])
        out_lo, out_hi = np.clip(out_lo, min(a, b), max(a, b)), np.clip(out_hi, min(a, b), max(a, b))
        note = _mark(np.zeros(len(lo), dtype=np.intp), np.isnan(slope[codes]),
                     "no goalposts for this group", texts)
        params["worst"], params["best"], params["target"] = g_worst, g_best, f"{a:g}..{b:g}"
    defined = (note == 0) & known
    out = frame.copy(deep=False)  # copy-on-write: the caller's frame is never modified
    out["scaled_lower"] = np.where(defined, out_lo, np.nan)
    out["scaled_upper"] = np.where(defined, out_hi, np.nan)
    out["scale_method"] = method
    texts.append("unknown value")
    note = np.where(known, note, len(texts) - 1)
    out["scale_note"] = pd.Series(np.array(texts, dtype=object)[note], index=frame.index,
                                  dtype="str")
    return out, params
