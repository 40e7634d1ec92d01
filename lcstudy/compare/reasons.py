"""Why a pair of cities gets its verdict: the reason codes and the prose rendered from them.

:func:`lcstudy.compare.comparability.verdicts` gives every pair a
``reason_code`` (:data:`REASON_CODES`); :func:`reason_texts` renders its prose
``reason`` from the code and the pair's own cells, so nothing ever reads prose
back. The refusals (:data:`REFUSALS`) are results: each names why a pair is
not compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["REASON_CODES", "REFUSALS", "reason_texts"]

#: Why a pair gets its verdict: the code, and the rule it stands for.
REASON_CODES = {
    "ordered": "the intervals do not overlap: one city is surely ahead",
    "equal": "both values are exact and equal",
    "overlap": "the intervals overlap: the order is undecided",
    "no_period": "a city's evidence covers no period on the indicator (for complete lists: "
                 "no round it was eligible for)",
    "not_searched": "the indicator is coded from searches of reference works, and none is "
                    "recorded for a city",
    "no_common_period": "the two cities' evidence periods do not overlap",
    "outside_window": "the analyst's window leaves none of the common period",
    "not_reported": "a city reports nothing on the indicator in the common period",
    "different_populations": "the per-capita values divide by populations counting different "
                             "people",
    "shared_tie": "the pair holds only claims it shares: one tie, not a value for each party",
}
#: The codes of a refusal to compare (verdict ``not_comparable``).
REFUSALS = ("no_period", "not_searched", "no_common_period", "outside_window", "not_reported",
            "different_populations", "shared_tie")


def reason_texts(pairs: pd.DataFrame) -> np.ndarray:
    """The prose reason of every pair's verdict, rendered from its ``reason_code``.

    Parameters
    ----------
    pairs : pandas.DataFrame
        With ``reason_code``, ``city_a``, ``city_b``, ``period``, ``a_period``,
        ``b_period``, ``a_state``, ``b_state``, ``better`` and ``shared_claims``.

    Returns
    -------
    numpy.ndarray
        One text per pair.

    Examples
    --------
    >>> pairs = pd.DataFrame({"reason_code": ["no_common_period"], "city_a": ["a"],
    ...     "city_b": ["b"], "period": [""], "a_period": ["2013-2021"], "b_period": ["2024-2025"],
    ...     "a_state": ["lower_bound"], "b_state": ["exact"], "better": [""],
    ...     "shared_claims": [""]})
    >>> reason_texts(pairs).tolist()
    ['no common period: a 2013-2021, b 2024-2025']
    """
    code = pairs["reason_code"].to_numpy(dtype=object)
    a, b = pairs["city_a"].to_numpy(dtype=object), pairs["city_b"].to_numpy(dtype=object)
    pa, pb = pairs["a_period"].to_numpy(dtype=object), pairs["b_period"].to_numpy(dtype=object)
    period = pairs["period"].to_numpy(dtype=object)
    silent = np.where(pairs["a_state"].to_numpy(dtype=object) == "not_reported", a, b)
    ties = pairs["shared_claims"].to_numpy(dtype=object)
    better = pairs["better"].to_numpy(dtype=object)
    out = np.full(len(code), "", dtype=object)

    def put(name: str, *parts: object) -> None:
        where = code == name
        if where.any():
            text = np.full(where.sum(), "", dtype=object)
            for part in parts:
                text = text + (part[where] if isinstance(part, np.ndarray) else part)
            out[where] = text

    without = np.where((pa == "") & (pb == ""), a + " and " + b, np.where(pa == "", a, b))
    put("no_period", without, ": evidence covers no period on this indicator")
    put("not_searched", "no search of reference works is recorded for ", without,
        " on this indicator")
    put("no_common_period", "no common period: ", a, " ", pa, ", ", b, " ", pb)
    put("outside_window", "the window leaves none of the common period of ", a, " ", pa,
        " and ", b, " ", pb)
    put("not_reported", silent, " not reported in ", period)
    put("different_populations",
        "the populations divided by count different people (knowledge.csv: coverage)")
    many = np.array([";" in t for t in ties], dtype=bool)
    put("shared_tie", "only the shared claim", np.where(many, "s ", " "),
        np.array([t.replace(";", ", ") for t in ties], dtype=object),
        ": one tie, not a value for each party")
    put("ordered", better, " ahead in ", period, ": the intervals do not overlap")
    put("equal", "exact and equal in ", period)
    put("overlap", "the intervals overlap in ", period,
        " (counts not read from complete lists are lower bounds)")
    return out
