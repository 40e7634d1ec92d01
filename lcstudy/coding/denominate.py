"""Denomination (OECD/JRC Handbook, COINr ``Denominate``): per capita, per area, per year.

A count is divided by a denominator so that places of different size can be
set side by side: residents (per 100 000, ISO 37120), land area (per km2) or
the length of the period the count covers (per year). Each function returns a
new frame with added interval columns, leaves its input untouched, and keeps
intervals as intervals (:func:`lcstudy.intervals.divide`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lcstudy.data.population import POPULATION_COLUMNS, population_figures, resolve_population
from lcstudy.groups import group_codes
from lcstudy.intervals import divide

__all__ = ["PER", "per_capita", "per_area", "annualise"]

#: Residents per which counts are given (ISO 37120 uses 100 000).
PER = 100_000


def _divide(frame: pd.DataFrame, divisor: pd.Series | np.ndarray, suffix: str) -> pd.DataFrame:
    """Add ``lower_<suffix>`` and ``upper_<suffix>``: the interval over ``divisor``."""
    out = frame.copy(deep=False)  # copy-on-write: ``frame`` is never modified
    out[f"lower_{suffix}"], out[f"upper_{suffix}"] = divide(frame["lower"], frame["upper"], divisor)
    return out


def per_capita(
    frame: pd.DataFrame,
    population: pd.DataFrame,
    *,
    series: str = "official",
    definition: str | None = None,
    where: str | None = None,
    per: int = PER,
) -> pd.DataFrame:
    """Express intervals per ``per`` residents of the place in the fact's year.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``place_id``, ``year`` (nullable integer), ``lower`` and ``upper``.
    population : pandas.DataFrame
        The raw ``population`` table.
    series : {"official", "press"}
        Which population figures to use.
    definition : str, optional
        Use figures of this definition only (default: any, one definition per
        interpolation).
    where : str, optional
        Name of a boolean column: only those rows are denominated; the others
        get missing values and the method ``not applicable``.
    per : int
        Residents per which the result is given.

    Returns
    -------
    pandas.DataFrame
        ``frame`` plus ``population``, ``population_year``,
        ``population_definition``, ``population_method``, ``lower_per_100k``
        and ``upper_per_100k`` (named after ``per``). Zero, missing or
        ambiguous populations give missing results, never zero or infinity.

    Examples
    --------
    >>> pop = pd.DataFrame({"place_id": ["a", "a"], "reference_date": ["2020", "2022"],
    ...     "value": [100_000, 300_000], "definition": ["d", "d"],
    ...     "series": ["official", "official"]})
    >>> facts = pd.DataFrame({"place_id": ["a"], "year": [2021], "lower": [101.0],
    ...     "upper": [np.inf]})
    >>> per_capita(facts, pop)[["lower_per_100k", "upper_per_100k"]].to_numpy().tolist()
    [[50.5, inf]]
    """
    table = population_figures(population, series=series, definition=definition)
    dated = frame["year"].notna()
    if where is not None:
        dated &= frame[where].astype(bool)
    # Number the distinct (place, year) pairs once; resolve each pair once and
    # spread the results to the rows by position (no row-level drop_duplicates
    # or merge on strings).
    keys = pd.DataFrame({"place_id": frame["place_id"].astype(str),
                         "year": frame["year"].astype("Int64")})[dated.to_numpy()]
    pair, first = group_codes(keys, ["place_id", "year"])
    distinct = keys.iloc[first].astype({"year": "int64"})
    resolved = resolve_population(
        distinct["place_id"].tolist(), distinct["year"].tolist(), table
    )
    resolved = distinct.merge(
        resolved.astype({"place_id": "str", "population_year": "str",
                         "population_definition": "str"}),
        on=["place_id", "year"], how="left")
    row = np.full(len(frame), -1)
    row[dated.to_numpy()] = pair
    out = frame.copy(deep=False)  # copy-on-write: ``frame`` is never modified
    for column in POPULATION_COLUMNS:
        out[column] = resolved[column].array.take(row, allow_fill=True)
    undated = frame["year"].isna().to_numpy()
    method = out["population_method"].astype("object")
    method[undated] = "missing: the fact has no date"
    if where is not None:
        method[~frame[where].astype(bool).to_numpy()] = "not applicable"
    out["population_method"] = method.astype("string")
    return _divide(out, out["population"] / per, f"per_{_short(per)}")


def _short(per: int) -> str:
    """``100000`` as ``100k``, for column names."""
    return f"{per // 1000}k" if per % 1000 == 0 else str(per)


def per_area(frame: pd.DataFrame, places: pd.DataFrame, *, where: str | None = None) -> pd.DataFrame:
    """Express intervals per km2 of the place's land area.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``place_id``, ``lower`` and ``upper``.
    places : pandas.DataFrame
        The raw ``places`` table (``place_id``, ``land_area_km2``).
    where : str, optional
        Name of a boolean column selecting the rows to denominate.

    Returns
    -------
    pandas.DataFrame
        ``frame`` plus ``land_area_km2``, ``lower_per_km2`` and ``upper_per_km2``;
        missing where the area is unknown or the row not selected.
    """
    areas = places.set_index("place_id")["land_area_km2"].astype(float)
    area = frame["place_id"].map(areas).astype(float)
    if where is not None:
        area = area.where(frame[where].astype(bool))
    out = frame.copy()
    out["land_area_km2"] = area.to_numpy()
    return _divide(out, area, "per_km2")


def annualise(frame: pd.DataFrame, *, years: str = "period_years") -> pd.DataFrame:
    """Express counts stated over a period as counts per year.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``lower``, ``upper`` and a column of period lengths in years.
    years : str
        Name of that column; rows without a length get missing results.

    Returns
    -------
    pandas.DataFrame
        ``frame`` plus ``lower_per_year`` and ``upper_per_year``.

    Examples
    --------
    >>> facts = pd.DataFrame({"lower": [101.0], "upper": [np.inf], "period_years": [3.0]})
    >>> annualise(facts)[["lower_per_year", "upper_per_year"]].round(2).to_numpy().tolist()
    [[33.67, inf]]
    """
    return _divide(frame, frame[years].astype(float), "per_year")
