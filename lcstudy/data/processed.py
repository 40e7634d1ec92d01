"""Read the processed tables back, typed as ``datapackage.json`` declares them."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pandas as pd

from lcstudy.config import ProjectPaths, project_paths
from lcstudy.data.datapackage import PROCESSED

__all__ = ["read_processed", "typed_table"]

_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}


def typed_table(file: str, text: str | Path | IO[str]) -> pd.DataFrame:
    """Parse the CSV text of a processed table, typed as declared.

    Parameters
    ----------
    file : str
        The table's file name, e.g. ``indicators.csv``.
    text : str, Path or file-like
        Where to read it from.

    Returns
    -------
    pandas.DataFrame
        Declared columns with their types; undeclared columns (the study
        cities' bounds in ``comparison.csv``) are numbers.
    """
    frame = pd.read_csv(text, dtype="string", keep_default_na=False, na_values=[""])
    declared = {f.name: _PANDAS_TYPES[f.type] for f in PROCESSED[file].columns}
    types = {c: declared.get(c, "float64") for c in frame.columns}
    for column, kind in types.items():
        if kind == "boolean":
            frame[column] = frame[column].str.lower().map({"true": True, "false": False})
        frame[column] = frame[column].astype(kind)
    return frame


def read_processed(name: str, paths: ProjectPaths | None = None) -> pd.DataFrame:
    """Load one processed table.

    Parameters
    ----------
    name : str
        File stem: ``claims``, ``indicators``, ``comparison``, ``edges`` or ``timeline``.
    paths : ProjectPaths, optional
        The project (default: :func:`lcstudy.config.project_paths`).

    Returns
    -------
    pandas.DataFrame
        Declared columns with their types; ``inf`` marks open upper bounds.

    Examples
    --------
    >>> read_processed("edges").columns[:3].tolist()
    ['party', 'partner', 'kind']
    """
    paths = paths or project_paths()
    return typed_table(f"{name}.csv", paths.processed / f"{name}.csv")
