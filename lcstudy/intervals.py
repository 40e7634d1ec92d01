"""Interval-valued quantities: the arithmetic and notation every module shares.

Every quantity is an interval ``[lower, upper]`` of floats: an exact value has
``lower == upper``; "more than 100" is ``[101, inf)`` (``upper = inf``: open);
an unknown has ``lower = NaN``. Transforms map intervals to intervals, so a
bound never turns into a number and an unknown never into zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "STATES",
    "STATE_LABELS",
    "closed_or_open",
    "divide",
    "interval_label",
    "interval_status",
    "interval_table",
    "reference_point",
    "state_label",
]

#: What the model holds of a value, the one vocabulary of code, data, exhibits and prose:
#: an exact value, a closed interval, a lower bound (open above), a known zero (absent
#: from a complete list it could have been on), and nothing reported.
STATES = ("exact", "bounded", "lower_bound", "known_zero", "not_reported")
#: How a legend names each state.
STATE_LABELS = {"exact": "exact value",
                "bounded": "bounded (a closed interval)",
                "lower_bound": "lower bound (≥ n: reports, not an inventory)",
                "known_zero": "known zero (eligible, absent from a complete list)",
                "not_reported": "not reported (no source speaks)"}


def closed_or_open(lower: pd.Series, upper: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Coded bounds as an interval: a known lower bound with no upper bound is open.

    Parameters
    ----------
    lower, upper : pandas.Series
        Bounds as coded (missing ``upper`` means no upper bound was stated).

    Returns
    -------
    lower, upper : pandas.Series
        Floats; ``upper`` is ``inf`` where ``lower`` is known and ``upper`` missing.

    Examples
    --------
    >>> lo, hi = closed_or_open(pd.Series([101.0, None]), pd.Series([None, None]))
    >>> hi.tolist()
    [inf, nan]
    """
    low = lower.astype(float)
    high = upper.astype(float)
    return low, high.where(upper.notna() | low.isna(), np.inf)


def divide(lower: pd.Series, upper: pd.Series, divisor: pd.Series | np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """An interval over a positive number; other divisors give unknown.

    Parameters
    ----------
    lower, upper : pandas.Series
        The interval.
    divisor : array-like
        One positive number per row; zero, negative or missing gives NaN,
        never zero or infinity.

    Returns
    -------
    lower, upper : numpy.ndarray
        The divided bounds (``inf`` stays ``inf``).

    Examples
    --------
    >>> lo, hi = divide(pd.Series([101.0]), pd.Series([np.inf]), np.array([2.0]))
    >>> lo.tolist(), hi.tolist()
    ([50.5], [inf])
    """
    divisor = np.asarray(divisor, dtype=float)
    usable = np.where(divisor > 0, divisor, np.nan)
    return lower.to_numpy(dtype=float) / usable, upper.to_numpy(dtype=float) / usable


def reference_point(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """One point per interval for location statistics: the middle, or the lower bound if open.

    Examples
    --------
    >>> reference_point(np.array([2.0, 101.0]), np.array([4.0, np.inf])).tolist()
    [3.0, 101.0]
    """
    return np.where(np.isfinite(upper), (lower + upper) / 2, lower)


def interval_status(lower: pd.Series, upper: pd.Series) -> np.ndarray:
    """The state (:data:`STATES`) an interval shows by itself: never ``known_zero``.

    Only the comparability model knows a zero from a complete list; an
    interval alone is ``exact``, ``bounded``, ``lower_bound`` (open above) or
    ``not_reported``.

    Examples
    --------
    >>> interval_status(pd.Series([6.0, 2.0, 1.0, None]),
    ...                 pd.Series([6.0, 4.0, np.inf, None])).tolist()
    ['exact', 'bounded', 'lower_bound', 'not_reported']
    """
    lower, upper = lower.astype(float), upper.astype(float)
    return np.select([lower.isna(), lower == upper, np.isinf(upper)],
                     ["not_reported", "exact", "lower_bound"], "bounded")


def state_label(state: str, lower: float, upper: float, *, decimals: int = 2) -> str:
    """What every exhibit writes for a value the model holds: one formatter for all.

    Parameters
    ----------
    state : str
        One of :data:`STATES`.
    lower, upper : float
        The model's interval (``upper`` ``inf`` for a lower bound).
    decimals : int
        Passed to :func:`interval_label`.

    Returns
    -------
    str
        ``6`` (exact), ``2–4`` (bounded), ``≥101`` (lower bound), ``0`` (known
        zero), ``?`` (not reported).

    Raises
    ------
    ValueError
        For a state outside :data:`STATES`, or an interval that contradicts it.

    Examples
    --------
    >>> [state_label(*c) for c in [("lower_bound", 1.0, np.inf), ("known_zero", 0.0, 0.0),
    ...                            ("not_reported", np.nan, np.nan)]]
    ['≥1', '0', '?']
    """
    if state not in STATES:
        raise ValueError(f"state must be one of {', '.join(STATES)}, not {state!r}")
    if state == "not_reported":
        return "?"
    shown = interval_status(pd.Series([lower]), pd.Series([upper]))[0]
    if (state, shown) not in {("exact", "exact"), ("bounded", "bounded"),
                              ("lower_bound", "lower_bound"), ("known_zero", "exact")} or (
            state == "known_zero" and lower != 0):
        raise ValueError(f"a {state} value cannot be the interval [{lower}, {upper}]")
    return interval_label(lower, upper, decimals=decimals)


def interval_label(lower: float, upper: float, *, decimals: int = 2) -> str:
    """Write an interval as a short label, for cells and tables.

    Parameters
    ----------
    lower, upper : float
        The interval; ``upper`` may be ``inf`` (open), ``lower`` NaN (unknown).
    decimals : int
        Decimals to round to (trailing zeros are dropped).

    Returns
    -------
    str
        ``6`` (exact), ``2–4`` (closed), ``≥101`` (open) or ``?`` (unknown).

    Examples
    --------
    >>> [interval_label(*b) for b in [(6, 6), (2, 4), (101, np.inf), (np.nan, np.nan)]]
    ['6', '2–4', '≥101', '?']
    >>> interval_label(0.41895872, 0.41895872)
    '0.42'
    """
    if np.isnan(lower):
        return "?"
    low = np.format_float_positional(round(lower, decimals), trim="-")
    if lower == upper:
        return low
    if np.isinf(upper):
        return f"≥{low}"
    return f"{low}–{np.format_float_positional(round(upper, decimals), trim='-')}"


def interval_table(frame: pd.DataFrame, *, index: str | list[str], columns: str,
                   decimals: int = 2) -> pd.DataFrame:
    """Spread intervals into a table of labels (:func:`interval_label`), rows in order of appearance.

    Parameters
    ----------
    frame : pandas.DataFrame
        One interval per ``index`` and ``columns`` value, in ``lower``/``upper``.
    index : str or list of str
        Column(s) giving the rows.
    columns : str
        Column giving the columns.
    decimals : int
        Passed to :func:`interval_label`.

    Returns
    -------
    pandas.DataFrame
        Labels such as ``6``, ``2–4``, ``≥101`` or ``?``; rows and columns in
        the order they first appear in ``frame``.

    Examples
    --------
    >>> data = pd.DataFrame({"indicator_id": ["g", "g"], "place_id": ["b", "a"],
    ...     "lower": [101.0, np.nan], "upper": [np.inf, np.nan]})
    >>> interval_table(data, index="indicator_id", columns="place_id").to_dict("records")
    [{'b': '≥101', 'a': '?'}]
    """
    labels = [interval_label(lo, hi, decimals=decimals)
              for lo, hi in zip(frame["lower"], frame["upper"], strict=True)]
    keys = [index] if isinstance(index, str) else list(index)
    table = frame.assign(value=labels).pivot(index=keys, columns=columns, values="value")
    rows = frame[keys].drop_duplicates()
    order = rows[keys[0]] if len(keys) == 1 else pd.MultiIndex.from_frame(rows)
    return table.loc[order, list(pd.unique(frame[columns]))]
