"""Comparability: what the evidence knows of each city, and which pairs it lets us order.

Two cities' values on an indicator are compared only where the evidence makes
them comparable. The rules, one per reason a reviewer would object:

- **A reference window.** Only claims dated within the analyst's window
  (:attr:`lcstudy.indicators.Choices.window`; by default the years that the
  evidence of every study city spans, :func:`common_window`) are counted. A
  claim outside it, or undated, is listed under ``outside_window``, never
  silently mixed in.
- **Four states of knowledge** per city, indicator and measure (:data:`STATES`):
  *known* (an exact value), *bounded* (an interval, possibly open), *known
  zero* (the city is absent from a list that is complete for the period,
  cited in ``data/raw/complete_lists.csv``) and *not reported* (no source
  speaks: the open world). Only "not reported" is a gap.
- **How relations count** (:func:`lcstudy.claims.counted`): a visit counts
  for the party that made it; a shared relation (an agreement) counts for both
  parties, but it is one tie, so two parties are never ordered on the claims
  they share: the shared claims are taken out of both sides before comparing,
  and a pair left with nothing of its own is *not comparable*.
- **Denominators that count the same people**: a per-capita value is compared
  only with one whose population counts the same residents
  (:data:`lcstudy.schema.POPULATION_COVERAGE`).
- **An open world**: news and releases report occasions, not inventories, so a
  city's count over the window is at least what they report. Only a count
  read from complete lists (``complete``) is exact for the window; every
  other is compared as a lower bound (its upper bound open).

A comparable pair gets the order its intervals allow (:data:`VERDICTS`):
*higher* or *lower* (surely), *equal*, or *undecided* (the intervals overlap).
"Undecided" is a result; "not comparable" is the refusal to give one, with the
reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from lcstudy.claims import counted
from lcstudy.schema import POPULATION_COVERAGE

__all__ = ["STATES", "VERDICTS", "VOICE_LABELS", "COMPARED_MEASURES", "common_window",
           "framework_coverage", "knowledge", "source_voices", "verdicts"]

#: What the evidence knows of a city's value.
STATES = ("known", "bounded", "known_zero", "not_reported")
#: What a pair of cities' values allow.
VERDICTS = ("higher", "lower", "equal", "undecided", "not_comparable")
#: Whose documents a city is seen through, in display order.
VOICE_LABELS = {"own city": "its own city government", "another city": "another city's government",
                "press": "the press", "unesco": "UNESCO or UIL", "statistics": "statistical offices",
                "reference": "reference works"}
#: The measures compared, and the claim columns they add up.
COMPARED_MEASURES = {"total": ("lower", "upper"), "per_100k": ("lower_per_100k", "upper_per_100k")}


def _relevant(claims: pd.DataFrame, cities: Sequence[str], indicators: Sequence[str]
              ) -> pd.DataFrame:
    """The counted claims of the study cities on the given indicators."""
    rows = claims[claims["place_id"].isin(cities) & claims["indicator_id"].isin(indicators)]
    return rows[counted(rows)]


def common_window(claims: pd.DataFrame, cities: Sequence[str], indicators: Sequence[str]
                  ) -> tuple[int, int]:
    """The years that the evidence of every study city spans: the default reference window.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims (:func:`lcstudy.claims.claims`).
    cities : sequence of str
        The study cities.
    indicators : sequence of str
        The compared indicators.

    Returns
    -------
    tuple of int
        From the latest first year to the earliest last year of the cities'
        dated claims; when those do not overlap, the span of all of them.

    Examples
    --------
    >>> claims = pd.DataFrame({"place_id": ["a", "a", "b"], "indicator_id": "g",
    ...     "year": [2013, 2021, 2015], "status": "happened", "part_of": None,
    ...     "role": "subject", "relation": None})
    >>> common_window(claims, ["a", "b"], ["g"])
    (2015, 2015)
    """
    rows = _relevant(claims, cities, indicators).dropna(subset=["year"])
    years = rows.groupby("place_id")["year"].agg(["min", "max"])
    if years.empty:
        raise ValueError("no dated claims of the study cities: give the window explicitly")
    first, last = int(years["min"].max()), int(years["max"].min())
    return (first, last) if first <= last else (int(years["min"].min()), int(years["max"].max()))


def _join(values: pd.Series) -> str:
    """The distinct items of ``values`` (``;``-separated texts), sorted and joined."""
    items = {item for text in values.dropna() for item in str(text).split(";") if item}
    return ";".join(sorted(items))


def _sum(rows: pd.DataFrame, lower: str, upper: str) -> tuple[float, float]:
    """The interval sum of ``rows``; unknown when a term is unknown, open when one is open."""
    lo, hi = rows[lower].to_numpy(dtype=float), rows[upper].to_numpy(dtype=float)
    if len(lo) == 0 or np.isnan(lo).any():
        return np.nan, np.nan
    return float(lo.sum()), float(hi.sum())


def _state(rows: pd.DataFrame, lower: float, upper: float) -> str:
    """The state of knowledge of one cell."""
    if len(rows) == 0 or np.isnan(lower):
        return "not_reported"
    if lower == upper == 0 and rows["complete_list"].notna().all():
        return "known_zero"
    return "known" if lower == upper else "bounded"


def knowledge(claims: pd.DataFrame, cities: Sequence[str], catalogue: pd.DataFrame,
              window: tuple[int, int]) -> pd.DataFrame:
    """Every study city's value and state of knowledge on every key feature, within the window.

    Parameters
    ----------
    claims : pandas.DataFrame
        Normalised claims (:func:`lcstudy.indicators.normalised_claims`).
    cities : sequence of str
        The study cities, in order.
    catalogue : pandas.DataFrame
        The raw ``indicators`` table: key features have a direction; the
        ``per_100k`` measure covers the per-capita ones.
    window : tuple of int
        The reference window (first and last year).

    Returns
    -------
    pandas.DataFrame
        One row per measure, indicator and city (in catalogue and city order):
        ``indicator_id``, ``measure``, ``place_id``, ``state``, ``lower``,
        ``upper``, ``claims`` counted, ``shared_claims`` among them,
        ``outside_window`` (counted claims left out: outside the window or
        undated), ``complete`` (every claim counted is read from a complete
        list, so the value is exact for the window), ``coverage`` (whom the
        populations divided by count), the ``window`` and the ``source_ids``.
    """
    features = catalogue[catalogue["direction"].isin(["higher", "lower"])]
    rows = _relevant(claims, cities, features["indicator_id"].tolist())
    inside = rows["year"].between(*window).fillna(False).to_numpy(dtype=bool)
    out = []
    for measure, (lower, upper) in COMPARED_MEASURES.items():
        chosen = features if measure == "total" else features[features["per_capita"]]
        for indicator in chosen["indicator_id"]:
            for city in cities:
                mine = (rows["place_id"] == city).to_numpy() & (
                    rows["indicator_id"] == indicator).to_numpy()
                within, outside = rows[mine & inside], rows[mine & ~inside]
                low, high = _sum(within, lower, upper)
                coverage = within["population_definition"].map(POPULATION_COVERAGE) \
                    if measure == "per_100k" else pd.Series(dtype=object)
                out.append({
                    "indicator_id": indicator, "measure": measure, "place_id": city,
                    "state": _state(within, low, high), "lower": low, "upper": high,
                    "claims": _join(within["claim"]),
                    "shared_claims": _join(within.loc[within["relation"] == "shared", "claim"]),
                    "outside_window": _join(outside["claim"]),
                    "complete": bool(len(within)) and bool(within["complete_list"].notna().all()),
                    "coverage": _join(coverage),
                    "window": f"{window[0]}-{window[1]}",
                    "source_ids": _join(within["source_ids"]),
                })
    return pd.DataFrame(out)


def _order(a: tuple[float, float], b: tuple[float, float]) -> str:
    """The verdict two intervals allow, from the first one's side."""
    if a[0] > b[1]:
        return "higher"
    if a[1] < b[0]:
        return "lower"
    if a[0] == a[1] == b[0] == b[1]:
        return "equal"
    return "undecided"


def _not_comparable(a: pd.Series, b: pd.Series) -> str:
    """Why two cells cannot be compared, or an empty text."""
    for cell in (a, b):
        if cell["state"] == "not_reported":
            left = f" ({cell['outside_window']} outside it)" if cell["outside_window"] else ""
            return f"{cell['place_id']} not reported in the window {cell['window']}{left}"
    if a["measure"] == "per_100k" and (a["coverage"] != b["coverage"] or ";" in a["coverage"]
                                       or a["coverage"] == "not stated"):
        return (f"the populations divided by count different people: {a['place_id']} "
                f"{a['coverage'] or '?'}, {b['place_id']} {b['coverage'] or '?'}")
    return ""


def verdicts(cells: pd.DataFrame, claims: pd.DataFrame, catalogue: pd.DataFrame
             ) -> pd.DataFrame:
    """For every indicator, measure and pair of study cities: comparable, and in which order.

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`knowledge`.
    claims : pandas.DataFrame
        The same normalised claims (for the claims a pair shares).
    catalogue : pandas.DataFrame
        The raw ``indicators`` table (the direction: which way is better).

    Returns
    -------
    pandas.DataFrame
        One row per indicator, measure and pair (in the cities' order):
        ``indicator_id``, ``measure``, ``city_a``, ``city_b``, ``verdict`` (one
        of :data:`VERDICTS`, from ``city_a``'s side, by value), ``better``
        (the city the direction says is ahead, empty unless surely so),
        ``reason``, each side's ``state``, ``lower`` and ``upper``, the
        ``shared_claims`` taken out of both sides, the ``window`` and the
        ``source_ids``.

    Examples
    --------
    A pair that holds only one shared agreement is not ordered on it:

    >>> cells = pd.DataFrame({"indicator_id": "agreements", "measure": "total",
    ...     "place_id": ["a", "b"], "state": "known", "lower": 1.0, "upper": 1.0,
    ...     "claims": "ab-2021", "shared_claims": "ab-2021", "outside_window": "",
    ...     "complete": False, "coverage": "", "window": "2015-2024", "source_ids": "s"})
    >>> claims = pd.DataFrame({"claim": ["ab-2021"] * 2, "place_id": ["a", "b"],
    ...     "indicator_id": "agreements", "lower": 1.0, "upper": 1.0})
    >>> catalogue = pd.DataFrame({"indicator_id": ["agreements"], "direction": ["higher"]})
    >>> verdicts(cells, claims, catalogue)[["verdict", "reason"]].to_dict("records")
    [{'verdict': 'not_comparable', 'reason': 'only the shared claim ab-2021: one tie, not a value for each party'}]
    """
    direction = catalogue.set_index("indicator_id")["direction"]
    out = []
    for (indicator, measure), group in cells.groupby(["indicator_id", "measure"], sort=False):
        lower, upper = COMPARED_MEASURES[measure]
        for (_, a), (_, b) in combinations(group.iterrows(), 2):
            reason = _not_comparable(a, b)
            shared = sorted(set(a["shared_claims"].split(";")) & set(b["shared_claims"].split(";"))
                            - {""})
            verdict = "not_comparable"
            if not reason:
                own = []
                for cell in (a, b):
                    mine = claims[(claims["place_id"] == cell["place_id"])
                                  & (claims["indicator_id"] == indicator)
                                  & claims["claim"].isin(set(cell["claims"].split(";")) - set(shared))]
                    low, high = _sum(mine, lower, upper) if len(mine) else (0.0, 0.0)
                    own.append((low, high if cell["complete"] else np.inf))
                if shared and not (set(a["claims"].split(";")) - set(shared)
                                   or set(b["claims"].split(";")) - set(shared)):
                    reason = (f"only the shared claim{'s' if len(shared) > 1 else ''} "
                              f"{', '.join(shared)}: one tie, not a value for each party")
                else:
                    verdict = _order(own[0], own[1])
                    reason = ("the intervals overlap (counts not read from a complete list are "
                              "lower bounds)" if verdict == "undecided" else "")
            ahead = {"higher": a["place_id"], "lower": b["place_id"]}.get(verdict, "")
            if ahead and direction.get(indicator) == "lower":
                ahead = b["place_id"] if ahead == a["place_id"] else a["place_id"]
            out.append({
                "indicator_id": indicator, "measure": measure,
                "city_a": a["place_id"], "city_b": b["place_id"], "verdict": verdict,
                "better": ahead, "reason": reason,
                "a_state": a["state"], "a_lower": a["lower"], "a_upper": a["upper"],
                "b_state": b["state"], "b_lower": b["lower"], "b_upper": b["upper"],
                "shared_claims": ";".join(shared), "window": a["window"],
                "source_ids": _join(pd.Series([a["source_ids"], b["source_ids"]])),
            })
    return pd.DataFrame(out)


def source_voices(claims: pd.DataFrame, sources: pd.DataFrame, cities: Sequence[str]
                  ) -> pd.DataFrame:
    """Whose documents each study city is seen through: its claims by the voice of their sources.

    A city seen mostly through another city's releases (a partner announcing
    a joint agreement) is seen through that partner's eyes; a reviewer weighs
    its evidence accordingly.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims (:func:`lcstudy.claims.claims`), each with its ``source_ids``.
    sources : pandas.DataFrame
        The raw ``sources`` table (``voice``, ``voice_place_id``).
    cities : sequence of str
        The study cities, in order.

    Returns
    -------
    pandas.DataFrame
        One row per city and voice (:data:`VOICE_LABELS`, in that order):
        ``place_id``, ``voice``, ``claims`` (how many of the city's claims a
        source of that voice codes; a claim coded by two voices counts for
        each), ``share``: percent of the city's (claim, voice) pairs, so the
        shares of a city add up to 100, and ``source_ids``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim": ["c1", "c2"], "place_id": ["a", "a"],
    ...     "source_ids": ["s1", "s1;s2"]})
    >>> sources = pd.DataFrame({"source_id": ["s1", "s2"], "voice": ["city", "unesco"],
    ...     "voice_place_id": ["b", None]})
    >>> source_voices(claims, sources, ["a"])[["voice", "claims", "share"]].values.tolist()
    [['another city', 2, 66.7], ['unesco', 1, 33.3]]
    """
    mine = claims[claims["place_id"].isin(cities)][["claim", "place_id", "source_ids"]]
    mine = mine.drop_duplicates(["claim", "place_id"])
    cited = mine.assign(source_id=mine["source_ids"].str.split(";")).explode("source_id")
    known = sources.set_index("source_id")
    voice = cited["source_id"].map(known["voice"])
    own = (cited["source_id"].map(known["voice_place_id"]).astype(object)
           == cited["place_id"].astype(object)).to_numpy(dtype=bool)
    cited = cited.assign(voice=voice.where(voice != "city",
                                           np.where(own, "own city", "another city")))
    grouped = cited.groupby(["place_id", "voice"])
    out = pd.DataFrame({"claims": grouped["claim"].nunique(),
                        "source_ids": grouped["source_id"].agg(lambda ids: ";".join(sorted(set(ids))))})
    out = out.reset_index()
    totals = out.groupby("place_id")["claims"].sum()
    out["share"] = (100 * out["claims"] / out["place_id"].map(totals)).round(1)
    rank = {v: n for n, v in enumerate(VOICE_LABELS)}
    city_rank = {c: n for n, c in enumerate(cities)}
    out = out.sort_values(["place_id", "voice"], key=lambda s: s.map(
        city_rank if s.name == "place_id" else rank), ignore_index=True)
    return out[["place_id", "voice", "claims", "share", "source_ids"]]


def framework_coverage(cells: pd.DataFrame, catalogue: pd.DataFrame, framework: pd.DataFrame,
                       cities: Sequence[str]) -> pd.DataFrame:
    """What the evidence covers of each area of focus of the Key Features, per city.

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`knowledge` (its ``total`` rows are read).
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
