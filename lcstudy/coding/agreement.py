"""Agreement of two independent codings, unit by unit (data/codebook.md, section 5).

A *unit* is what one paragraph of a document says about one place under one
indicator: ``(source_id, paragraph, indicator_id, place_id)``. The first
coding is ``data/raw/facts.csv``, turned into units by :func:`lcstudy.coding.codings.first_coding`;
the second is ``data/raw/coding_b/facts.csv`` (:data:`lcstudy.coding.codings.SECOND_CODING`), one row
per unit, read and checked by :func:`lcstudy.coding.codings.read_coding`. :func:`agreement` matches
them and reports Krippendorff's alpha and percent agreement per indicator and
overall for five attributes (:data:`ATTRIBUTES`), with every disagreement.

Presence is judged over every decision a coder makes: each unit either
coding has, and each (document, paragraph, indicator) that neither coded
(both said "nothing here"). The other attributes are compared over the units
both codings have. Alpha is undefined (NaN) where fewer than two values
occur or no unit has both codings' values: there is no variation to agree
on; percent agreement is still given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import krippendorff
import numpy as np
import pandas as pd

from lcstudy.coding.codings import (
    SECOND_CODING,
    UNIT,
    first_coding,
    match_units,
    read_coding,
    text_or_none,
)
from lcstudy.config import ProjectPaths
from lcstudy.data.evidence import Evidence

__all__ = ["ATTRIBUTES", "Agreement", "agreement_table", "disagreements", "agreement", "measure"]


#: Krippendorff's levels of measurement used here.
_Level = Literal["nominal", "interval"]

#: Attribute compared -> Krippendorff's level of measurement.
ATTRIBUTES: dict[str, _Level] = {
    "presence": "nominal",
    "qualifier": "nominal",
    "value": "interval",
    "status": "nominal",
    "date": "nominal",
}


@dataclass(frozen=True)
class Agreement:
    """The agreement of two codings.

    Attributes
    ----------
    units : pandas.DataFrame
        Every unit either coding has, the two codings side by side
        (columns suffixed ``_a`` and ``_b``, ``present_a``/``present_b``).
    table : pandas.DataFrame
        Per indicator (and ``all``) and attribute: ``units`` compared,
        ``agreement`` (share of units agreed, 0 to 1) and ``alpha``.
    disagreements : pandas.DataFrame
        One row per unit and attribute the codings differ on, with both values.
    """

    units: pd.DataFrame
    table: pd.DataFrame
    disagreements: pd.DataFrame


def _attribute(units: pd.DataFrame, name: str, side: str) -> pd.Series:
    """One attribute of every unit as one coder coded it (missing where not coded)."""
    if name == "presence":
        return units["present" + side].astype(int).astype(object)
    if name == "value":
        return units["lower" + side]
    if name == "date":
        start = units["period_start" + side].map(text_or_none).fillna("")
        end = units["period_end" + side].map(text_or_none).fillna("")
        return (start + "/" + end).where(units["present" + side])
    return units[name + side]


def _interval(units: pd.DataFrame, side: str) -> pd.Series:
    """The value interval as text, for listing: ``lower..upper`` (open upper empty)."""
    def bound(value: object) -> str:
        return "" if pd.isna(value) else f"{value:g}"
    pairs = zip(units["lower" + side], units["upper" + side], strict=True)
    return pd.Series([f"{bound(low)}..{bound(high)}" for low, high in pairs], index=units.index,
                     dtype=object)


def _empty_cells(first: pd.DataFrame, second: pd.DataFrame, evidence: Evidence,
                 covered: set[str]) -> pd.DataFrame:
    """(document, paragraph, indicator) decisions neither coding coded: presence 0 and 0."""
    documents = evidence.sources.dropna(subset=["paragraphs"])
    documents = documents[documents["source_id"].isin(covered)]
    cells = pd.DataFrame(
        [(source, paragraph, indicator)
         for source, count in zip(documents["source_id"], documents["paragraphs"], strict=True)
         for paragraph in range(1, int(count) + 1)
         for indicator in evidence.indicators["indicator_id"]],
        columns=["source_id", "paragraph", "indicator_id"])
    coded = pd.concat([first, second])[["source_id", "paragraph", "indicator_id"]]
    coded = coded.astype({"paragraph": "int64"}).drop_duplicates()
    merged = cells.merge(coded, how="left", indicator=True)
    empty = merged[merged["_merge"] == "left_only"].drop(columns="_merge")
    return empty.assign(present_a=False, present_b=False)


def _alpha(a: pd.Series, b: pd.Series, level: _Level) -> float:
    """Krippendorff's alpha of two coders' values (NaN where it is undefined)."""
    both = a.notna() & b.notna()
    if level == "nominal":
        codes = pd.factorize(pd.concat([a, b]))[0].astype(float)
        codes[codes < 0] = np.nan
        data = codes.reshape(2, len(a))
    else:
        data = np.vstack([a.to_numpy(dtype=float), b.to_numpy(dtype=float)])
    values = np.unique(data[~np.isnan(data)])
    if not both.any() or len(values) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def _agree(units: pd.DataFrame, name: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each coder's value of an attribute over the units it is compared on, and whether equal."""
    if name != "presence":
        units = units[units["present_a"] & units["present_b"]]
    a, b = (_attribute(units, name, side) for side in ("_a", "_b"))
    if name == "value":
        equal = _interval(units, "_a") == _interval(units, "_b")
    else:
        equal = (a == b) | (a.isna() & b.isna())
    return a, b, equal


def agreement_table(units: pd.DataFrame) -> pd.DataFrame:
    """Percent agreement and Krippendorff's alpha per indicator and overall.

    Parameters
    ----------
    units : pandas.DataFrame
        Matched units (:func:`match_units`), with the decisions neither coder
        coded as rows whose ``present_a`` and ``present_b`` are false.

    Returns
    -------
    pandas.DataFrame
        ``indicator_id`` (``all`` for the overall rows), ``attribute``,
        ``level``, ``units`` (compared), ``agreement`` (0 to 1) and ``alpha``.

    Examples
    --------
    >>> agreement_table(units)  # doctest: +SKIP
    """
    rows = []
    groups = [(i, g) for i, g in units.groupby("indicator_id", sort=True)] + [("all", units)]
    for indicator, group in groups:
        for name, level in ATTRIBUTES.items():
            a, b, equal = _agree(group, name)
            rows.append({"indicator_id": indicator, "attribute": name, "level": level,
                         "units": len(equal),
                         "agreement": float(equal.mean()) if len(equal) else float("nan"),
                         "alpha": _alpha(a, b, level)})
    return pd.DataFrame(rows)


def _shown(value: object) -> str:
    """A value for the list of disagreements: ``-`` where there is none."""
    return "-" if text_or_none(value) is None else str(value)


def disagreements(units: pd.DataFrame) -> pd.DataFrame:
    """Every unit and attribute the two codings differ on.

    Parameters
    ----------
    units : pandas.DataFrame
        Matched units (:func:`match_units`).

    Returns
    -------
    pandas.DataFrame
        The unit columns, ``attribute``, ``first`` and ``second`` (the values
        as text; ``-`` where a coding has no such unit), sorted by unit.

    Examples
    --------
    >>> disagreements(units)  # doctest: +SKIP
    """
    columns = [*UNIT, "attribute", "first", "second"]
    found = []
    for name in ATTRIBUTES:
        a, b, equal = _agree(units, name)
        rows = units.loc[~equal.reindex(units.index, fill_value=True)]
        if name == "value":
            a, b = _interval(rows, "_a"), _interval(rows, "_b")
        texts = [s.reindex(rows.index).map(_shown) for s in (a, b)]
        if name == "presence":
            texts = [t.map({"1": "coded", "0": "not coded"}) for t in texts]
        found.append(rows[list(UNIT)].assign(attribute=name, first=texts[0], second=texts[1]))
    found = [frame for frame in found if len(frame)]
    out = pd.concat(found) if found else pd.DataFrame(columns=columns)
    return out.sort_values([*UNIT, "attribute"], kind="stable").reset_index(drop=True)[columns]


def agreement(paths: ProjectPaths, evidence: Evidence) -> Agreement:
    """Match the second coding against the first and measure their agreement.

    Parameters
    ----------
    paths : ProjectPaths
        The project; its second coding is :data:`SECOND_CODING`.
    evidence : Evidence
        The project's valid raw tables (the first coding among them).

    Returns
    -------
    Agreement
        The matched units, the agreement table and the disagreements.

    Raises
    ------
    FileNotFoundError
        When the project has no second coding yet.
    DataError
        When the second coding has bad rows (:func:`read_coding`).

    Examples
    --------
    >>> from lcstudy.config import project_paths
    >>> from lcstudy.data.validate import load_valid
    >>> paths = project_paths()
    >>> result = agreement(paths, load_valid(paths))  # doctest: +SKIP
    >>> result.table.query("indicator_id == 'all'")  # doctest: +SKIP
    """
    path = paths.root / SECOND_CODING
    if not path.is_file():
        raise FileNotFoundError(path)
    return measure(evidence, read_coding(path, evidence))


def measure(evidence: Evidence, second: pd.DataFrame) -> Agreement:
    """The agreement of a second coding (:func:`read_coding`) with the first.

    Parameters
    ----------
    evidence : Evidence
        The project's valid raw tables (the first coding among them).
    second : pandas.DataFrame
        The second coding, checked.

    Returns
    -------
    Agreement
        Measured over the documents the second coding covers (those it has
        rows for); a document added after it, not yet double-coded, stays out.
    """
    covered = set(second["source_id"])
    first = first_coding(evidence)
    first = first[first["source_id"].isin(covered)]
    units = match_units(first, second)
    decisions = pd.concat([units, _empty_cells(first, second, evidence, covered)],
                          ignore_index=True)
    return Agreement(units=units, table=agreement_table(decisions),
                     disagreements=disagreements(units))
