"""Deterministic CSV text: the bytes of ``data/processed``.

:func:`csv_text` writes what ``DataFrame.to_csv`` writes with a fixed float
format (:data:`FLOAT_FORMAT`) and ``\\n`` line ends, column by column and
faster, with spreadsheet formulas defused; the same frame always gives the
same bytes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lcstudy.data.spreadsheets import defused

__all__ = ["FLOAT_FORMAT", "csv_text"]


#: How floats are written: enough digits for any population, no noise.
FLOAT_FORMAT = "%.10g"


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as deterministic CSV text (the bytes of ``data/processed``).

    The bytes ``frame.to_csv(index=False, float_format=FLOAT_FORMAT,
    lineterminator="\\n")`` writes (minimal quoting, empty for missing,
    ``True``/``False`` for booleans), built column by column: each column's
    cells become texts at once (floats each distinct value formatted once,
    quotes only in a column that has a cell needing them), then each row's
    texts are joined. A frame with a carriage return in a cell (which the
    raw tables never give) is left to pandas. Texts a spreadsheet would
    evaluate get a leading ``'`` first (:func:`~lcstudy.data.spreadsheets.defused`).
    """
    frame = defused(frame)
    columns = [_cell_texts(frame[name]) for name in frame.columns]
    header = _quoted([str(name) for name in frame.columns])
    if header is None or any(column is None for column in columns):
        return frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    texts = [column for column in columns if column is not None]
    if len(texts) == 1:  # a lone empty cell is written as "" (csv's rule)
        texts = [['""' if not t else t for t in texts[0]]]
    rows = [",".join(cells) for cells in zip(*texts, strict=True)]
    return "\n".join([",".join(header), *rows]) + "\n"


#: Cells holding one of these are quoted (the csv module's minimal quoting).
_SPECIAL = (",", '"', "\n")


def _quoted(texts: list[str]) -> list[str] | None:
    """Texts quoted where csv's minimal quoting quotes them; ``None`` if one holds ``\\r``."""
    joined = "\x00".join(texts)
    if "\r" in joined:
        return None
    if not any(special in joined for special in _SPECIAL):
        return texts
    return ['"' + t.replace('"', '""') + '"' if any(c in t for c in _SPECIAL) else t
            for t in texts]


def _cell_texts(column: pd.Series) -> list[str] | None:
    """Each cell of a column as ``to_csv`` writes it."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f" or str(dtype) == "Float64":
        texts = _float_texts(column.to_numpy(dtype=float, na_value=np.nan))
    elif isinstance(dtype, np.dtype) and dtype.kind in "iub" or str(dtype) in ("Int64",
                                                                             "boolean"):
        codes, distinct = pd.factorize(column)
        texts = np.array([str(v) for v in distinct] + [""], dtype=object)[codes]
    else:
        values = column.to_numpy(dtype=object, na_value="")
        texts = np.array([v if isinstance(v, str) else _text(v) for v in values], dtype=object) \
            if not all(isinstance(v, str) for v in values) else values
    return _quoted(texts.tolist())


def _float_texts(values: np.ndarray) -> np.ndarray:
    """Each float as :data:`FLOAT_FORMAT` writes it, empty for NaN (distinct bit patterns once)."""
    values = values.astype(np.float64)
    missing = np.isnan(values)
    codes, distinct = pd.factorize(values[~missing].view(np.int64))  # keeps -0.0 apart from 0.0
    texts = np.array([FLOAT_FORMAT % v for v in np.asarray(distinct).view(np.float64)],
                     dtype=object)
    out = np.full(len(values), "", dtype=object)
    out[~missing] = texts[codes]
    return out


def _text(value: object) -> str:
    """A cell of an object column that is not a text, as ``to_csv`` writes it."""
    return "" if value is None or value is pd.NA or value != value else str(value)
