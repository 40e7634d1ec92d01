"""The one argument-checking helper (seaborn's ``_check_argument`` pattern).

Bad parameters of an analysis function (an unknown method, a weight below
zero, a threshold outside its range) raise :class:`ValueError` with a
message naming the parameter, the value passed and what is allowed, so the
caller can fix the call from the message alone. Bad *data* is reported with
:class:`lcstudy.errors.DataError` instead.
"""

from __future__ import annotations

from collections.abc import Collection

__all__ = ["check_argument"]


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
