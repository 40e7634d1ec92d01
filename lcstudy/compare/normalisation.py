"""Normalisation across cities (OECD/JRC Handbook, COINr ``Normalise``).

Normalisation brings indicators of different units onto a common scale so
that cities can be set side by side. Each method maps every city's interval ``[lower, upper]`` within a group
(by default one indicator) onto a common scale and returns an interval
``[normalised_lower, normalised_upper]``. Linear methods map both ends (swapping them
when the direction is "lower is better"); ranks give the best and worst rank
the intervals allow. Unknown (``lower`` missing) stays unknown; a group whose
parameters cannot be estimated (one known value, no spread, no reference)
gets missing results and a ``normalisation_note`` saying why.

Location parameters (mean, spread) use each city's *reference point*: the
middle of a closed interval, the lower bound of an open one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lcstudy.groups import group_codes
from lcstudy.intervals import reference_point

__all__ = ["METHODS", "normalise"]


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


@dataclass(frozen=True)
class _Groups:
    """The intervals of one call, numbered by group, as the methods need them."""

    lo: np.ndarray
    hi: np.ndarray
    codes: np.ndarray
    n_groups: int
    flip: np.ndarray  # lower is better
    known: np.ndarray
    first_keys: list  # the first ``by`` value of each group
    entity: np.ndarray


#: What a method returns: the normalised bounds and a note code per row
#: (0 = defined), the note texts being appended to the list it is given.
_Result = tuple[np.ndarray, np.ndarray, np.ndarray]


def _note_single(g: _Groups) -> np.ndarray:
    """Note 1 (``_SINGLE``) where the group has fewer than two known values."""
    n_known = np.bincount(g.codes[g.known], minlength=g.n_groups)
    return (n_known[g.codes] < 2).astype(np.intp)


def n_minmax(g: _Groups, texts: list[str], *, target: tuple[float, float], **_: object
             ) -> _Result:
    """Map the group's smallest and largest finite bound onto ``target``."""
    a, b = target
    g_min = np.fmin(_group_stat(g.lo, g.codes, g.n_groups, "min"),
                    _group_stat(g.hi, g.codes, g.n_groups, "min"))
    g_max = np.fmax(_group_stat(g.lo, g.codes, g.n_groups, "max"),
                    _group_stat(g.hi, g.codes, g.n_groups, "max"))
    span = g_max - g_min
    note = _mark(_note_single(g), span[g.codes] == 0, _FLAT, texts)
    slope = (b - a) / np.where(span > 0, span, np.nan)
    slope_row = np.where(g.flip, -slope[g.codes], slope[g.codes])
    shift_row = np.where(g.flip, a + g_max[g.codes] * slope[g.codes],
                         a - g_min[g.codes] * slope[g.codes])
    return (*_affine(g.lo, g.hi, slope_row, shift_row), note)


def n_zscore(g: _Groups, texts: list[str], **_: object) -> _Result:
    """Subtract the mean and divide by the sample sd of the reference points."""
    centre = reference_point(g.lo, g.hi)
    mean = _group_stat(centre, g.codes, g.n_groups, "mean")
    sd = _group_stat(centre, g.codes, g.n_groups, "std")
    note = _mark(_note_single(g), sd[g.codes] == 0, _FLAT, texts)
    inverse = 1 / np.where(sd > 0, sd, np.nan)
    slope_row = np.where(g.flip, -inverse[g.codes], inverse[g.codes])
    return (*_affine(g.lo, g.hi, slope_row, -slope_row * mean[g.codes]), note)


def _counts(g: _Groups) -> dict[str, np.ndarray]:
    """Order counts with "better" pointing up (lower-is-better groups flipped)."""
    key_lo, key_hi = np.where(g.flip, -g.hi, g.lo), np.where(g.flip, -g.lo, g.hi)
    return _order_counts(key_lo, key_hi, g.codes)


def n_rank(g: _Groups, texts: list[str], **_: object) -> _Result:
    """Best and worst rank the intervals allow (1 = best; ties share the best rank)."""
    counts = _counts(g)
    return 1 + counts["surely_above"], 1 + counts["maybe_above"], np.zeros(len(g.lo), np.intp)


def n_percentile(g: _Groups, texts: list[str], **_: object) -> _Result:
    """Share of the other cities surely and possibly below, in percent (ties are not below)."""
    counts = _counts(g)
    others = np.where(counts["size"] > 1, counts["size"] - 1, np.nan)
    return (100 * counts["surely_below"] / others, 100 * counts["maybe_below"] / others,
            _note_single(g))


def n_distance(g: _Groups, texts: list[str], *, reference: str | None, **_: object
               ) -> _Result:
    """Ratio to the ``reference`` city's interval (inverted when lower is better)."""
    if reference is None:
        raise ValueError("method 'distance' needs reference=<the reference city>")
    is_ref = (g.entity == reference) & g.known
    ref_lo = _group_stat(np.where(is_ref, g.lo, np.nan), g.codes, g.n_groups, "max")[g.codes]
    ref_hi = _group_stat(np.where(is_ref, g.hi, np.nan), g.codes, g.n_groups, "max",
                         False)[g.codes]
    note = _mark(np.zeros(len(g.lo), dtype=np.intp), np.isnan(ref_lo),
                 f"reference city {reference} unknown", texts)
    note = _mark(note, ref_lo == 0, f"reference city {reference} has zero", texts)
    usable = np.where(ref_lo > 0, 1.0, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        up_lo, up_hi = g.lo / ref_hi * usable, g.hi / ref_lo * usable
        down_lo, down_hi = ref_lo / g.hi * usable, ref_hi / g.lo * usable
    return np.where(g.flip, down_lo, up_lo), np.where(g.flip, down_hi, up_hi), note


def n_goalposts(g: _Groups, texts: list[str], *, target: tuple[float, float],
                goalposts: Mapping[str, tuple[float, float]] | None, **_: object) -> _Result:
    """Map each group's ``(worst, best)`` goalposts onto ``target``, clipping at them."""
    if goalposts is None:
        raise ValueError("method 'goalposts' needs goalposts={group: (worst, best)}")
    a, b = target
    worst_best = np.array([goalposts.get(k, (np.nan, np.nan)) for k in g.first_keys],
                          dtype=float).reshape(-1, 2)
    g_worst, g_best = worst_best[:, 0], worst_best[:, 1]
    slope = (b - a) / np.where(g_best != g_worst, g_best - g_worst, np.nan)
    out_lo, out_hi = _affine(g.lo, g.hi, slope[g.codes], a - g_worst[g.codes] * slope[g.codes])
    low, high = min(a, b), max(a, b)
    note = _mark(np.zeros(len(g.lo), dtype=np.intp), np.isnan(slope[g.codes]),
                 "no goalposts for this group", texts)
    return np.clip(out_lo, low, high), np.clip(out_hi, low, high), note


#: Normalisation methods by name (COINr's ``n_minmax``, ``n_zscore`` ... pattern).
METHODS: dict[str, Callable[..., _Result]] = {
    "minmax": n_minmax,
    "zscore": n_zscore,
    "rank": n_rank,
    "percentile": n_percentile,
    "distance": n_distance,
    "goalposts": n_goalposts,
}


def normalise(
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
) -> pd.DataFrame:
    """Normalise intervals across cities, group by group.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city and group, with interval columns ``lower``/``upper``.
    method : {"minmax", "zscore", "rank", "percentile", "distance", "goalposts"}
        A key of :data:`METHODS`: ``minmax`` maps the smallest and largest
        finite bound onto ``target``; ``zscore`` subtracts the mean and divides
        by the sample sd of the reference points; ``rank`` gives ranks (1 =
        best; ties share the best rank); ``percentile`` the share of the other
        cities lying below, in percent (ties are not below); ``distance`` the
        ratio to the ``reference`` city (inverted when lower is better);
        ``goalposts`` maps each group's ``(worst, best)`` goalposts onto
        ``target`` and clips at them.
    lower, upper : str
        Interval columns (``upper`` may be ``inf``: open).
    by : sequence of str
        Columns defining the groups normalised separately.
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
    pandas.DataFrame
        ``frame`` plus ``normalised_lower``, ``normalised_upper``,
        ``normalisation`` (the method) and ``normalisation_note`` (empty when
        the result is defined, else why not).

    Raises
    ------
    ValueError
        For an unknown method, or a missing ``reference``/``goalposts``.

    Examples
    --------
    >>> data = pd.DataFrame({"indicator_id": ["g"] * 3, "place_id": ["a", "b", "c"],
    ...     "lower": [0.0, 5.0, 101.0], "upper": [0.0, 5.0, np.inf]})
    >>> out = normalise(data, "rank", direction=None)
    >>> out[["normalised_lower", "normalised_upper"]].to_numpy().tolist()
    [[3.0, 3.0], [2.0, 2.0], [1.0, 1.0]]
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    lo = frame[lower].to_numpy(dtype=float)
    codes, first = group_codes(frame, by)
    groups = _Groups(
        lo=lo, hi=frame[upper].to_numpy(dtype=float), codes=codes, n_groups=len(first),
        flip=_flip(frame[direction] if direction else None, frame.index),
        known=~np.isnan(lo), first_keys=frame[by[0]].iloc[first].tolist(),
        entity=frame[entity].to_numpy(dtype=object))
    # Notes are codes into ``texts`` (0 = no note) until the end: string arrays
    # of one entry per row are slow to build and compare.
    texts = ["", _SINGLE]
    out_lo, out_hi, note = METHODS[method](groups, texts, target=target, reference=reference,
                                           goalposts=goalposts)
    defined = (note == 0) & groups.known
    out = frame.copy(deep=False)  # copy-on-write: the caller's frame is never modified
    out["normalised_lower"] = np.where(defined, out_lo, np.nan)
    out["normalised_upper"] = np.where(defined, out_hi, np.nan)
    out["normalisation"] = method
    texts.append("unknown value")
    note = np.where(groups.known, note, len(texts) - 1)
    out["normalisation_note"] = pd.Series(np.array(texts, dtype=object)[note],
                                          index=frame.index, dtype="str")
    return out
