"""What the checks of the raw evidence share: rows with their lines, columns as codes.

The checks across rows and tables (:mod:`lcstudy.data.validate` and the rule groups
:mod:`lcstudy.data.fact_checks`, :mod:`lcstudy.data.list_checks`,
:mod:`lcstudy.data.place_checks`) read the same columns many times: as codes and
distinct values (:meth:`lcstudy.data.evidence.Evidence.codes`), each rule run once
per distinct value, and a problem per row that breaks it
(:func:`problems_at`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from lcstudy.data.cell_checks import Coded
from lcstudy.dates import parse_partial_date
from lcstudy.errors import Problem

__all__ = ["BOUND_COLUMNS", "cell_text", "combined_codes", "first_rows", "per_distinct",
           "numbered_rows", "codes_of", "coded_texts", "coded_lookup", "coded_cells",
           "coded_known", "float_column", "problems_at", "day_numbers"]


BOUND_COLUMNS = ("value", "lower", "upper")


def cell_text(value: object) -> str:
    """A cell as the user wrote it (empty for missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def combined_codes(codes: list[np.ndarray]) -> np.ndarray:
    """One code per distinct combination of several columns' codes, numbered as first seen."""
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for column in codes:
        combined = pd.factorize(combined * (int(column.max(initial=-1)) + 2) + column + 1)[0]
    return combined


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Whether each row is the first of its code (codes numbered as first seen, as factorize does)."""
    return codes > np.maximum.accumulate(np.concatenate([[-1], codes[:-1]]))


def per_distinct(rule: Callable[..., bool], *columns: np.ndarray) -> np.ndarray:
    """``rule`` of each row's values in ``columns``, applied once per distinct combination."""
    group = combined_codes([pd.factorize(c, use_na_sentinel=False)[0] for c in columns])
    seen = first_rows(group)
    verdict = [rule(*values) for values in zip(*(c[seen] for c in columns), strict=True)]
    return np.array(verdict, dtype=bool)[group]


def numbered_rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of a raw table as its line number and a plain dict (faster than ``iterrows``)."""
    return zip(frame.index.tolist(), frame.to_dict("records"), strict=True)


def codes_of(values: np.ndarray) -> Coded:
    """An array of values as :meth:`~lcstudy.data.evidence.Evidence.codes` gives a column."""
    codes, distinct = pd.factorize(values)
    return codes, np.asarray(distinct, dtype=object)


def coded_texts(coded: Coded) -> np.ndarray:
    """:func:`cell_text` of every cell of a column (each distinct value converted once)."""
    codes, distinct = coded
    return np.array([*map(cell_text, distinct), ""], dtype=object)[codes]


def coded_lookup(coded: Coded, convert: Callable[[Any], Any]) -> np.ndarray:
    """``convert`` of every known cell of a column (each distinct value once), ``None`` for missing."""
    codes, distinct = coded
    out = np.empty(len(distinct) + 1, dtype=object)
    out[:-1] = [convert(v) for v in distinct]
    return out[codes]


def coded_cells(coded: Coded) -> np.ndarray:
    """The cells of a column as objects, ``None`` for missing."""
    codes, distinct = coded
    out = np.empty(len(distinct) + 1, dtype=object)
    out[:-1] = distinct
    return out[codes]


def coded_known(coded: Coded) -> np.ndarray:
    """Whether each cell of a column is filled."""
    return coded[0] >= 0


def float_column(column: pd.Series) -> np.ndarray:
    """A nullable numeric column as floats, NaN for missing."""
    return column.to_numpy(dtype=float, na_value=np.nan)


def problems_at(file: str, frame: pd.DataFrame, where: np.ndarray, column: str,
              values: np.ndarray | str, expected: str | Callable[[int], str]) -> Iterator[Problem]:
    """One problem per row selected by ``where``: its value and what was expected.

    ``values`` is one text per row (or one for all); ``expected`` a text, or
    a function of the row's position, called for the selected rows only.
    """
    lines = frame.index.to_numpy()
    for position in np.flatnonzero(where).tolist():
        value = values if isinstance(values, str) else values[position]
        text = expected if isinstance(expected, str) else expected(position)
        yield Problem(file, int(lines[position]), column, value, text)


def day_numbers(texts: np.ndarray) -> np.ndarray:
    """The day number of each partial date (:func:`parse_partial_date`), NaN when none."""
    codes, distinct = pd.factorize(texts)
    parsed = [parse_partial_date(t) for t in distinct]
    days = [d.toordinal() if d is not None else np.nan for d in parsed]
    return np.array([*days, np.nan], dtype=float)[codes]
