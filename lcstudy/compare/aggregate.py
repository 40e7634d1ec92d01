"""Aggregate normalised intervals across the indicators of a group (OECD/JRC Handbook, COINr).

A *group* is a set of indicators summarised together: a KFLC area, or all
indicators ("overall"). For each city and group, :func:`aggregate` combines
the city's normalised intervals ``[lower, upper]`` into one interval.

Rules, in the order they apply:

1. **Data availability.** A city's indicator is *reported* when its lower
   bound is known. With ``k`` of the group's ``n`` indicators reported, the
   aggregate is computed only when ``k >= ceil(threshold * n)`` (and
   ``k >= 1``); otherwise its bounds are NaN, ``status`` is
   ``"not computable"`` and ``note`` says ``"not computable: k of n reported
   (needs at least m)"``. The default, :data:`THRESHOLD`, is the JRC's practice.
2. **Weights.** Equal by default, or one non-negative weight per indicator
   of the framework. Over the reported indicators the weights are rescaled
   to sum to 1: an indicator not reported is left out, which amounts to
   giving it the weighted mean of the others (COINr's default).
3. **Open upper bounds** (``upper = inf``, "more than 100"). Both methods
   are increasing in every input, so the aggregate's lower bound aggregates
   the lower bounds and its upper bound the upper bounds. An open input with
   a positive weight therefore makes the aggregate's upper bound open,
   unless ``cap`` is given: then every open upper bound is replaced by
   ``cap`` (a stated plausible maximum on the normalised scale) and the note
   says how many were capped.
4. **Geometric mean** ``prod(x_i ** w_i)`` is defined here for values above
   0 only: a bound at or below 0 (a city at the bottom of a min-max scale, or
   any z-score below the mean) makes the aggregate not computable, with a
   note naming the indicator. Normalise onto a positive range (e.g.
   ``target=(1, 100)``) to use it. This is stricter than the limit
   ``0 ** w = 0`` on purpose: that limit would let one zero erase every other
   indicator without a word.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument, check_intervals

__all__ = ["METHODS", "THRESHOLD", "aggregate", "indicators_needed", "too_few_note"]


#: The data-availability rule every aggregate applies unless told otherwise: the share
#: of a group's indicators a city must report (the JRC's practice).
THRESHOLD = 0.65

_OVERALL = "overall"


def indicators_needed(n: int | np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """How many of a group's ``n`` indicators a city must report: ``ceil(threshold * n)``, at least 1.

    Examples
    --------
    >>> indicators_needed(np.array([1, 3, 7])).tolist()
    [1, 2, 5]
    """
    return np.maximum(1, np.ceil(np.round(threshold * np.asarray(n), 9))).astype(int)


def too_few_note(reported: int, n: int, needed: int) -> str:
    """The note of an aggregate the availability rule refuses."""
    return f"not computable: {reported} of {n} reported (needs at least {needed})"


def a_amean(share: np.ndarray, lo: np.ndarray, hi: np.ndarray, members: Sequence[str]
            ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The weighted arithmetic mean of each row's lower and upper bounds.

    ``share`` holds each row's weights (summing to 1 over its reported
    indicators, 0 elsewhere); ``lo`` and ``hi`` the bounds (0 where not
    used). Returns the aggregate bounds and a note per row (none here).
    """
    return (share * lo).sum(axis=1), (share * hi).sum(axis=1), [""] * len(lo)


def a_gmean(share: np.ndarray, lo: np.ndarray, hi: np.ndarray, members: Sequence[str]
            ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The weighted geometric mean of each row's bounds, for values above 0 only.

    As :func:`a_amean`; a row with a used bound at or below 0 gets the note
    naming the first such indicator (of ``members``), and is not computed.
    """
    active = share > 0
    bad = active & (lo <= 0)
    notes = [""] * len(lo)
    for row in np.flatnonzero(bad.any(axis=1)):
        column = int(np.argmax(bad[row]))
        notes[row] = (f"not computable: geometric mean needs values above 0; "
                      f"{members[column]} has {lo[row, column]:g}")
    with np.errstate(divide="ignore", invalid="ignore"):
        out_lo = np.exp((share * np.log(np.where(active, lo, 1.0))).sum(axis=1))
        out_hi = np.exp((share * np.log(np.where(active, hi, 1.0))).sum(axis=1))
    return out_lo, out_hi, notes


#: Aggregation methods by name, each ``f(share, lower, upper, members)`` (COINr's
#: ``a_amean``, ``a_gmean`` pattern): the methods :func:`aggregate` understands.
METHODS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray, Sequence[str]],
                            tuple[np.ndarray, np.ndarray, list[str]]]] = {
    "arithmetic": a_amean,
    "geometric": a_gmean,
}


def _framework(frame: pd.DataFrame, framework: Mapping[str, Sequence[str]] | None,
               indicator: str) -> dict[str, list[str]]:
    """The groups and their indicators; by default one group of every indicator."""
    if framework is None:
        return {_OVERALL: list(pd.unique(frame[indicator]))}
    groups = {str(name): list(dict.fromkeys(members)) for name, members in framework.items()}
    for name, members in groups.items():
        check_argument("framework", {name: members}, "a mapping of each group to at least "
                       "one indicator", bool(members))
    return groups


def _weights(weights: Mapping[str, float] | None, groups: dict[str, list[str]]
             ) -> dict[str, float]:
    """One validated weight per indicator of the framework (1 each by default)."""
    indicators = list(dict.fromkeys(i for members in groups.values() for i in members))
    if weights is None:
        return dict.fromkeys(indicators, 1.0)
    unknown = sorted(set(weights) - set(indicators))
    missing = [i for i in indicators if i not in weights]
    check_argument("weights", unknown, "keyed by indicators of the framework "
                   f"({', '.join(indicators)})", not unknown)
    check_argument("weights", missing, "given for every indicator of the framework "
                   "(missing ones listed)", not missing)
    for name in indicators:
        value = weights[name]
        check_argument(f"weights[{name!r}]", value, "a finite number >= 0",
                       isinstance(value, int | float) and math.isfinite(value) and value >= 0)
    for group, members in groups.items():
        check_argument("weights", {i: weights[i] for i in members},
                       f"weights with a positive sum in group {group!r}",
                       sum(weights[i] for i in members) > 0)
    return {name: float(weights[name]) for name in indicators}


def _check_cap(cap: float | None, lower: np.ndarray, frame: pd.DataFrame, entity: str,
               indicator: str) -> None:
    """``cap`` must be a finite number not below any known lower bound."""
    if cap is None:
        return
    check_argument("cap", cap, "None or a finite number",
                   isinstance(cap, int | float) and math.isfinite(cap))
    known = np.where(np.isnan(lower), -np.inf, lower)
    if known.size and known.max() > cap:
        row = int(np.argmax(known))
        where = f"{frame[entity].iloc[row]} on {frame[indicator].iloc[row]}"
        check_argument("cap", cap, f"at least the known lower bound {known.max():g} "
                       f"({where})", False)


def aggregate(
    frame: pd.DataFrame,
    method: str = "arithmetic",
    *,
    framework: Mapping[str, Sequence[str]] | None = None,
    weights: Mapping[str, float] | None = None,
    threshold: float = THRESHOLD,
    cap: float | None = None,
    lower: str = "lower",
    upper: str = "upper",
    indicator: str = "indicator_id",
    entity: str = "place_id",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Aggregate each city's normalised intervals over the indicators of each group.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city and indicator with normalised ``lower``/``upper``
        (``upper`` may be ``inf``; ``lower`` NaN means not reported). A city
        with no row for an indicator has not reported it.
    method : {"arithmetic", "geometric"}
        Weighted arithmetic or geometric mean (see the module notes).
    framework : mapping of str to sequence of str, optional
        The groups and their indicators, e.g. ``{"building_blocks": [...]}``;
        an indicator may belong to several groups. Default: one group,
        ``"overall"``, of every indicator in ``frame``. Indicators of ``frame``
        outside the framework are not used.
    weights : mapping of str to float, optional
        One weight >= 0 per indicator of the framework (no more, no fewer);
        equal weights by default.
    threshold : float
        Data-availability rule, as a fraction between 0 and 1 (0.65 means at
        least 65 % of a group's indicators reported).
    cap : float, optional
        Replace open upper bounds by this value; it must not be below any
        known lower bound of the indicators used.
    lower, upper, indicator, entity : str
        Column names (e.g. ``lower="normalised_lower"`` for the output of
        :func:`lcstudy.compare.normalisation.normalise`).
    by : sequence of str
        Columns splitting ``frame`` into separate problems aggregated in one
        call, e.g. ``("run",)`` for every run of a factorial.

    Returns
    -------
    pandas.DataFrame
        One row per group and city (framework order, then cities in order of
        appearance): the ``by`` columns, ``entity``, ``group``, ``method``, ``lower``, ``upper``,
        ``n_reported``, ``n_indicators``, ``status`` (``"computed"`` or
        ``"not computable"``) and ``note``.

    Raises
    ------
    ValueError
        For an unknown method, a threshold outside 0-1, weights that are
        negative, all zero in a group or do not match the framework's
        indicators, a cap below a known lower bound, a city given twice for
        one indicator, or a lower bound above its upper bound.

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["a", "a", "b"], "indicator_id": ["x", "y", "x"],
    ...     "lower": [20.0, 40.0, 50.0], "upper": [20.0, np.inf, 50.0]})
    >>> out = aggregate(data, threshold=0.5)
    >>> out[["place_id", "lower", "upper", "note"]].to_numpy().tolist()
    [['a', 30.0, inf, ''], ['b', 50.0, 50.0, '']]
    >>> aggregate(data, threshold=1.0)["note"].tolist()
    ['', 'not computable: 1 of 2 reported (needs at least 2)']
    """
    check_argument("method", method, METHODS)
    check_argument("threshold", threshold, "a fraction between 0 and 1 (65 % is 0.65)",
                   isinstance(threshold, int | float) and 0 <= threshold <= 1)
    groups = _framework(frame, framework, indicator)
    weight_of = _weights(weights, groups)
    keys = [*by, entity]
    check_intervals(frame, [*keys, indicator], lower, upper)
    used = frame[frame[indicator].isin(list(weight_of))]
    lo_all = used[lower].to_numpy(dtype=float)
    _check_cap(cap, lo_all, used, entity, indicator)
    places = frame[keys].drop_duplicates()
    rows = pd.MultiIndex.from_frame(places) if by else pd.Index(places[entity])
    wide_lo = used.pivot(index=keys, columns=indicator, values=lower).reindex(rows)
    wide_hi = used.pivot(index=keys, columns=indicator, values=upper).reindex(rows)
    parts = []
    for group, members in groups.items():
        part = _aggregate_group(wide_lo.reindex(columns=members).to_numpy(dtype=float),
                                wide_hi.reindex(columns=members).to_numpy(dtype=float),
                                np.array([weight_of[i] for i in members]), members,
                                method, threshold, cap)
        part.insert(0, "method", method)
        part.insert(0, "group", group)
        parts.append(pd.concat([places.reset_index(drop=True), part], axis=1))
    out = pd.concat(parts, ignore_index=True)
    return out


def _aggregate_group(lo: np.ndarray, hi: np.ndarray, weight: np.ndarray, members: list[str],
                     method: str, threshold: float, cap: float | None) -> pd.DataFrame:
    """Rows = cities, columns = the group's indicators; one aggregate per row."""
    known = ~np.isnan(lo)
    n = len(members)
    k = known.sum(axis=1)
    needed = int(indicators_needed(n, threshold))
    used = np.where(known, weight, 0.0)
    total = used.sum(axis=1, keepdims=True)
    share = np.divide(used, total, out=np.zeros_like(used), where=total > 0)
    active = share > 0
    opened = active & np.isinf(hi)
    if cap is not None:
        hi = np.where(np.isinf(hi), cap, hi)
    x_lo, x_hi = np.where(active, lo, 0.0), np.where(active, hi, 0.0)
    out_lo, out_hi, notes = METHODS[method](share, x_lo, x_hi, members)
    for row in range(len(lo)):
        if k[row] < needed:
            notes[row] = too_few_note(k[row], n, needed)
        elif total[row, 0] == 0:
            notes[row] = "not computable: every reported indicator has weight 0"
        elif not notes[row] and cap is not None and opened[row].any():
            notes[row] = f"open upper bound capped at {cap:g} ({opened[row].sum()} indicator" \
                         f"{'s' if opened[row].sum() > 1 else ''})"
    computed = np.array([not note.startswith("not computable") for note in notes], dtype=bool)
    return pd.DataFrame({
        "lower": np.where(computed, out_lo, np.nan),
        "upper": np.where(computed, out_hi, np.nan),
        "n_reported": k.astype(int),
        "n_indicators": n,
        "status": np.where(computed, "computed", "not computable"),
        "note": notes,
    })
