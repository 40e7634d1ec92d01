"""The one argument-checking helper (seaborn's ``_check_argument`` pattern).

Bad parameters of an analysis function (an unknown method, a weight below
zero, a threshold outside its range) raise :class:`ValueError` with a
message naming the parameter, the value passed and what is allowed, so the
caller can fix the call from the message alone; :func:`check_intervals` does
the same for an interval frame passed in. Bad data read from the project's
files is reported with :class:`lcstudy.errors.DataError` instead.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

__all__ = ["check_argument", "check_intervals"]


def check_argument(param: str, value: object, allowed: Collection[object] | str,
                   valid: bool | None = None) -> None:
    """Raise :class:`ValueError` unless ``value`` is an allowed value of ``param``.

    Parameters
    ----------
    param : str
        The parameter's name as the caller wrote it, e.g. ``"method"``.
    value : object
        The value passed (shown with ``repr``).
    allowed : collection or str
        The allowed values (``value`` must be one of them), or a description
        of what is allowed, e.g. ``"a fraction between 0 and 1"``.
    valid : bool, optional
        Whether ``value`` is allowed; required when ``allowed`` is a
        description, and defaults to ``value in allowed`` otherwise.

    Raises
    ------
    ValueError
        ``"`param` must be <allowed>; got <value>"``.

    Examples
    --------
    >>> check_argument("method", "median", ("arithmetic", "geometric"))
    Traceback (most recent call last):
    ...
    ValueError: `method` must be one of 'arithmetic', 'geometric'; got 'median'
    >>> check_argument("threshold", 0.5, "a fraction between 0 and 1", 0 <= 0.5 <= 1)
    """
    if isinstance(allowed, str):
        if valid is None:
            raise TypeError("check_argument needs valid= when allowed is a description")
        description = allowed
    else:
        valid = value in allowed if valid is None else valid
        description = "one of " + ", ".join(repr(option) for option in allowed)
    if not valid:
        raise ValueError(f"`{param}` must be {description}; got {value!r}")


def check_intervals(frame: pd.DataFrame, keys: Sequence[str], lower: str = "lower",
                    upper: str = "upper") -> None:
    """Raise :class:`ValueError` unless ``frame`` holds one valid interval per key.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy intervals.
    keys : sequence of str
        Columns that identify a row, e.g. ``("place_id", "indicator_id")``.
    lower, upper : str
        Interval columns: ``lower <= upper``, ``upper`` may be ``inf`` (open),
        both NaN when not reported.

    Raises
    ------
    ValueError
        Naming the first duplicated key, or the first row whose interval is
        reversed or has a lower bound without an upper one.

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["a"], "lower": [5.0], "upper": [1.0]})
    >>> check_intervals(data, ["place_id"])
    Traceback (most recent call last):
    ...
    ValueError: place_id='a': interval [5.0, 1.0]: expected lower <= upper (upper inf when open)
    """
    keys = list(keys)
    duplicated = frame.duplicated(keys)
    if duplicated.any():
        first = frame.loc[duplicated, keys].iloc[0]
        where = ", ".join(f"{key}={first[key]!r}" for key in keys)
        raise ValueError(f"frame has more than one row for {where}")
    lo = frame[lower].to_numpy(dtype=float)
    hi = frame[upper].to_numpy(dtype=float)
    wrong = (lo > hi) | (~np.isnan(lo) & np.isnan(hi))
    if wrong.any():
        row = frame.iloc[int(np.argmax(wrong))]
        where = ", ".join(f"{key}={row[key]!r}" for key in keys)
        bounds = f"[{float(row[lower])!r}, {float(row[upper])!r}]"
        raise ValueError(f"{where}: interval {bounds}: expected lower <= upper "
                         "(upper inf when open)")
