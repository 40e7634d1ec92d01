"""Evidence periods: the years a city's evidence covers on an indicator.

Two cities are compared on an indicator only over the years both could have
shown something on it (:mod:`lcstudy.compare.comparability`). What a city's evidence
covers is derived from its own evidence, never typed per city:

- **An indicator counted by complete lists** (the UNESCO awards, one list per
  round): the rounds the city was eligible for (:func:`lcstudy.coding.lists.eligible_rounds`),
  from the year of the first to that of the last. A city eligible for no
  round covers no period.
- **An indicator coded from searches of reference works** (national awards:
  no document states one, so each city must be looked up): the years the
  city's search records cover (``data/raw/searches.csv``). A city no search is
  recorded for covers no period: it is not compared, however likely a zero.
- **Any other key feature** (the open world of releases and news): the span of
  the city's own dated evidence on all such key features, from the first year
  any of its counted claims speaks of (the start of a claim's stated period,
  else its date) to the last. Releases report occasions of every kind, so the
  years they speak of are the years in which they could have reported one; a
  city with no dated claim covers no period. Claims on searched indicators do
  not count here: a city looked up for one award is not thereby covered for
  everything else in that year.

A claim lies inside a period when its whole stated span does
(:func:`claim_spans`): a claim of "the last three years" to 2021 is not inside
2021 alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lcstudy.dates import year_of

__all__ = ["RULES", "claim_spans", "coverage", "period_text"]

#: How a period is derived, by the kind of indicator.
RULES = {
    "complete lists": "the rounds of the complete lists the city was eligible for",
    "searches": "the years the searches of reference works recorded for the city cover",
    "own evidence": "the years the city's own dated claims on key features speak of",
}


def claim_spans(claims: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's first and last year (NaN when undated).

    The last year is the claim's ``year``; the first that of its
    ``period_start``, or the last year when it gives no start (a claim dated
    only by the publication of its source is placed at that year).
    """
    last = claims["year"].to_numpy(dtype=float, na_value=np.nan)
    first = year_of(claims["period_start"].astype("string")).to_numpy(dtype=float,
                                                                         na_value=np.nan)
    first = np.where(np.isnan(first) | (first > last), last, first)
    return first, last


def period_text(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Periods as ``first-last`` texts, empty where there is none.

    Examples
    --------
    >>> period_text(np.array([2018.0, np.nan]), np.array([2021.0, np.nan])).tolist()
    ['2018-2021', '']
    """
    out = np.full(len(first), "", dtype=object)
    has = ~np.isnan(first) & ~np.isnan(last) & (first <= last)
    keys = first[has].astype(np.int64) * 100_000 + last[has].astype(np.int64)
    distinct, codes = np.unique(keys, return_inverse=True)
    texts = np.array([f"{k // 100_000}-{k % 100_000}" for k in distinct.tolist()], dtype=object)
    out[has] = texts[codes]
    return out


def _searched(searches: pd.DataFrame | None) -> pd.DataFrame:
    """Per searched (indicator, city): the first and last year its searches cover."""
    if searches is None or searches.empty:
        return pd.DataFrame(columns=["first", "last"], index=pd.MultiIndex.from_tuples(
            [], names=["indicator_id", "place_id"]), dtype=float)
    spans = pd.DataFrame({"indicator_id": searches["indicator_id"].to_numpy(dtype=object),
                          "place_id": searches["place_id"].to_numpy(dtype=object),
                          "first": year_of(searches["period_start"].astype("string")),
                          "last": year_of(searches["period_end"].astype("string"))})
    return spans.astype({"first": float, "last": float}).groupby(
        ["indicator_id", "place_id"]).agg(first=("first", "min"), last=("last", "max"))


def coverage(claims: pd.DataFrame, rounds: pd.DataFrame, cities: Sequence[str],
             indicators: Sequence[str], searches: pd.DataFrame | None = None) -> pd.DataFrame:
    """The period each city's evidence covers on each indicator.

    Parameters
    ----------
    claims : pandas.DataFrame
        The counted claims of the study cities on the key features (with
        ``complete_list``, ``year`` and ``period_start``).
    rounds : pandas.DataFrame
        :func:`lcstudy.coding.lists.eligible_rounds`.
    cities, indicators : sequence of str
        The grid, in order (indicator-major).
    searches : pandas.DataFrame, optional
        The raw ``searches`` table: an indicator it names is covered by
        searches only.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and city: ``indicator_id``, ``place_id``,
        ``first`` and ``last`` (years, NaN when the city covers no period),
        ``rounds`` (eligible rounds in it, for an indicator counted by complete
        lists; else NaN) and ``rule`` (a key of :data:`RULES`).

    Examples
    --------
    >>> claims = pd.DataFrame({"place_id": ["a", "a", "b"], "indicator_id": "g",
    ...     "year": [2015, 2021, 2024], "period_start": [None, "2018-10", None],
    ...     "complete_list": None})
    >>> rounds = pd.DataFrame(columns=["indicator_id", "place_id", "eligible", "year"])
    >>> coverage(claims, rounds, ["a", "b"], ["g"])[["first", "last"]].to_numpy().tolist()
    [[2015.0, 2021.0], [2024.0, 2024.0]]
    """
    grid = pd.MultiIndex.from_product([list(indicators), list(cities)],
                                      names=["indicator_id", "place_id"])
    listed_indicators = set(rounds["indicator_id"])
    searched = _searched(searches)
    searched_indicators = set(searched.index.get_level_values("indicator_id")) - listed_indicators
    open_world = claims[claims["complete_list"].isna().to_numpy()
                        & ~claims["indicator_id"].isin(listed_indicators
                                                       | searched_indicators).to_numpy()]
    first, last = claim_spans(open_world)
    spans = pd.DataFrame({"place_id": open_world["place_id"].to_numpy(), "first": first,
                          "last": last}).dropna().groupby("place_id").agg(
        first=("first", "min"), last=("last", "max"))
    eligible = rounds[rounds["eligible"].to_numpy(dtype=bool)]
    by_round = eligible.groupby(["indicator_id", "place_id"]).agg(
        first=("year", "min"), last=("year", "max"), rounds=("year", "size"))
    out = pd.DataFrame(index=grid).reset_index()
    counted_by_lists = out["indicator_id"].isin(listed_indicators).to_numpy()
    own = spans.reindex(out["place_id"].to_numpy())
    lists = by_round.reindex(pd.MultiIndex.from_frame(out[["indicator_id", "place_id"]]))
    by_search = out["indicator_id"].isin(searched_indicators).to_numpy()
    looked_up = searched.reindex(pd.MultiIndex.from_frame(out[["indicator_id", "place_id"]]))
    for column in ("first", "last"):
        out[column] = np.select([counted_by_lists, by_search],
                                [lists[column].to_numpy(dtype=float),
                                 looked_up[column].to_numpy(dtype=float)],
                                own[column].to_numpy(dtype=float))
    out["rounds"] = np.where(counted_by_lists, lists["rounds"].to_numpy(dtype=float), np.nan)
    out["rule"] = np.select([counted_by_lists, by_search], ["complete lists", "searches"],
                            "own evidence")
    return out
