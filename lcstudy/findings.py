"""Result sentences, written from the comparability verdicts, never typed by hand.

Every sentence of the notebooks that states a finding comes from here, with
its counts: how many comparisons were drawn, how many ordered, undecided and
refused (by reason), and each order the evidence supports with its period and
both values as the model holds them (:func:`lcstudy.intervals.state_label`).
Change the data and the sentences change with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lcstudy.comparability import REFUSALS
from lcstudy.intervals import state_label

__all__ = ["findings"]


def _value(state: str, lower: float, upper: float) -> str:
    low = float(lower) if pd.notna(lower) else np.nan
    high = float(upper) if pd.notna(upper) else np.nan
    return state_label(str(state), low, high)


def _tally(pairs: pd.DataFrame) -> str:
    """The one sentence counting every comparison by its verdict and refusal."""
    verdict = pairs["verdict"]
    refused = pairs.loc[verdict == "not_comparable", "reason_code"].value_counts()
    reasons = ", ".join(f"{refused[code]} {code}" for code in REFUSALS if code in refused)
    cities = len(set(pairs["city_a"]) | set(pairs["city_b"]))
    ordered = int(verdict.isin(["higher", "lower"]).sum())
    return (f"{len(pairs)} comparisons ({cities} cities in pairs, each pair over the years both "
            f"cover): {ordered} ordered, {int((verdict == 'equal').sum())} equal, "
            f"{int((verdict == 'undecided').sum())} undecided, {int(refused.sum())} refused"
            + (f" ({reasons})." if reasons else "."))


def findings(pairs: pd.DataFrame, names: Mapping[str, str],
             labels: Mapping[str, str]) -> list[str]:
    """The findings of a comparison: its tally, then every decided verdict.

    Parameters
    ----------
    pairs : pandas.DataFrame
        Rows of ``comparability.csv`` (:func:`lcstudy.comparability.verdicts`).
    names : mapping of str to str
        Display name of each city.
    labels : mapping of str to str
        Display label of each indicator.

    Returns
    -------
    list of str
        The tally sentence, then one sentence per ordered or equal pair, in
        the rows' order.

    Examples
    --------
    >>> pairs = pd.DataFrame({"indicator_id": ["awards", "visits"], "measure": "total",
    ...     "city_a": "a", "city_b": "b", "period": ["2017-2024", "2018-2021"],
    ...     "rounds": [4.0, np.nan], "verdict": ["lower", "undecided"], "better": ["b", ""],
    ...     "reason_code": ["ordered", "overlap"], "a_state": ["exact", "lower_bound"],
    ...     "a_lower": [0.0, 1.0], "a_upper": [0.0, np.inf], "b_state": ["exact", "lower_bound"],
    ...     "b_lower": [1.0, 4.0], "b_upper": [1.0, np.inf]})
    >>> for line in findings(pairs, {"a": "A", "b": "B"}, {"awards": "Awards", "visits": "Visits"}):
    ...     print(line)
    2 comparisons (2 cities in pairs, each pair over the years both cover): 1 ordered, 0 equal, 1 undecided, 0 refused.
    Awards (total), 2017-2024, 4 rounds: B ahead of A, 1 vs 0.
    """
    lines = [_tally(pairs)]
    decided = pairs[pairs["verdict"].isin(["higher", "lower", "equal"])]
    for row in decided.itertuples(index=False):
        where = f"{labels[row.indicator_id]} ({row.measure}), {row.period}"
        if pd.notna(row.rounds):
            where += f", {int(row.rounds)} rounds"
        a = _value(row.a_state, row.a_lower, row.a_upper)
        b = _value(row.b_state, row.b_lower, row.b_upper)
        if row.verdict == "equal":
            lines.append(f"{where}: {names[row.city_a]} and {names[row.city_b]} equal, {a} each.")
            continue
        ahead_is_a = row.better == row.city_a
        ahead, behind = (row.city_a, row.city_b) if ahead_is_a else (row.city_b, row.city_a)
        values = f"{a} vs {b}" if ahead_is_a else f"{b} vs {a}"
        lines.append(f"{where}: {names[ahead]} ahead of {names[behind]}, {values}.")
    return lines
