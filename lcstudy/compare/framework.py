"""The UNESCO Key Features of Learning Cities (KFLC): areas, areas of focus and their indicators.

The framework (``data/raw/kflc.csv``) groups the key-feature indicators into
three *areas*; each indicator names an area of focus (``indicators.csv``
``kflc_id``) whose parent is its area. :func:`framework` gives each area's
indicators (then :data:`OVERALL`, all of them); :func:`framework_coverage`
what the evidence covers of each area of focus, per city.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lcstudy.intervals import STATES

__all__ = ["OVERALL", "framework", "framework_coverage"]


#: The group of every key feature.
OVERALL = "overall"


def framework(catalogue: pd.DataFrame, kflc: pd.DataFrame) -> dict[str, list[str]]:
    """The KFLC areas and their key-feature indicators, then ``overall``.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The raw ``indicators`` table (``indicator_id``, ``kflc_id``, ``direction``).
    kflc : pandas.DataFrame
        The raw ``kflc`` table (``kflc_id``, ``level``, ``parent_id``).

    Returns
    -------
    dict of str to list of str
        Each area (file order) with at least one key feature, then ``"overall"``
        with all of them (catalogue order).

    Examples
    --------
    >>> kflc = pd.DataFrame({"kflc_id": ["kf1", "kf1-1", "kf2"], "level": ["area", "focus", "area"],
    ...     "parent_id": [None, "kf1", None]})
    >>> catalogue = pd.DataFrame({"indicator_id": ["x", "y"], "kflc_id": ["kf1-1", None],
    ...     "direction": ["higher", "none"]})
    >>> framework(catalogue, kflc)
    {'kf1': ['x'], 'overall': ['x']}
    """
    features = catalogue[catalogue["direction"].isin(["higher", "lower"])]
    parent = kflc.set_index("kflc_id")["parent_id"]
    area_of = features["kflc_id"].map(lambda k: k if pd.isna(parent.get(k)) else parent.get(k))
    groups: dict[str, list[str]] = {}
    for area in kflc.loc[kflc["level"] == "area", "kflc_id"]:
        members = features.loc[(area_of == area).to_numpy(), "indicator_id"].tolist()
        if members:
            groups[str(area)] = members
    groups[OVERALL] = features["indicator_id"].tolist()
    return groups


def framework_coverage(cells: pd.DataFrame, catalogue: pd.DataFrame, framework: pd.DataFrame,
                       cities: Sequence[str]) -> pd.DataFrame:
    """What the evidence covers of each area of focus of the Key Features, per city.

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`lcstudy.compare.comparability.knowledge` (its ``total`` rows are read).
    catalogue : pandas.DataFrame
        The raw ``indicators`` table (``kflc_id``: the area of focus informed).
    framework : pandas.DataFrame
        The raw ``kflc`` table (areas and areas of focus).
    cities : sequence of str
        The study cities, in order.

    Returns
    -------
    pandas.DataFrame
        One row per area of focus and city, in the framework's order:
        ``area_id``, ``kflc_id``, ``label``, ``place_id``, ``indicators`` (how
        many inform it), a count per state of :data:`STATES`, and ``coverage``:
        the counts in words, or ``no indicator``.

    Examples
    --------
    >>> framework = pd.DataFrame({"kflc_id": ["k1", "k1-1", "k1-2"],
    ...     "level": ["area", "focus", "focus"], "parent_id": [None, "k1", "k1"],
    ...     "label": ["Area", "Focus one", "Focus two"]})
    >>> catalogue = pd.DataFrame({"indicator_id": ["g"], "kflc_id": ["k1-1"]})
    >>> cells = pd.DataFrame({"indicator_id": ["g"], "measure": ["total"], "place_id": ["a"],
    ...     "state": ["known_zero"]})
    >>> framework_coverage(cells, catalogue, framework, ["a"])["coverage"].tolist()
    ['known zero 1', 'no indicator']
    """
    focus = framework[framework["level"] == "focus"]
    informs = catalogue.set_index("indicator_id")["kflc_id"]
    totals = cells[cells["measure"] == "total"]
    totals = totals.assign(kflc_id=totals["indicator_id"].map(informs))
    rows = []
    for item in focus.itertuples(index=False):
        for city in cities:
            mine = totals[(totals["kflc_id"] == item.kflc_id) & (totals["place_id"] == city)]
            counts = {state: int((mine["state"] == state).sum()) for state in STATES}
            words = ", ".join(f"{state.replace('_', ' ')} {n}" for state, n in counts.items() if n)
            rows.append({"area_id": item.parent_id, "kflc_id": item.kflc_id,
                         "label": item.label, "place_id": city, "indicators": len(mine),
                         **counts, "coverage": words or "no indicator"})
    return pd.DataFrame(rows)
