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

import numpy as np
import pandas as pd

from lcstudy.claims import counted
from lcstudy.groups import join_codes, join_per_group
from lcstudy.schema import POPULATION_COVERAGE

__all__ = ["STATES", "VERDICTS", "VOICE_LABELS", "COMPARED_MEASURES", "NAMED_OUTSIDE",
           "common_window", "framework_coverage", "knowledge", "source_voices", "verdicts"]

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


def _cell_numbers(rows: pd.DataFrame, indicators: Sequence[str], cities: Sequence[str]
                  ) -> np.ndarray:
    """Each row's cell in the grid of indicators by cities (indicator-major); -1 when outside."""
    indicator = pd.Index(list(indicators)).get_indexer(rows["indicator_id"].to_numpy(dtype=object))
    city = pd.Index(list(cities)).get_indexer(rows["place_id"].to_numpy(dtype=object))
    return np.where((indicator >= 0) & (city >= 0), indicator * len(cities) + city, -1)


def _sums(cell: np.ndarray, lo: np.ndarray, hi: np.ndarray, n_cells: int
          ) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: the interval sum of its rows, NaN where none or a term is unknown.

    A sum is unknown when a term is unknown (both ends when a lower bound is);
    an open term (``inf``) makes it open.
    """
    grouped = pd.DataFrame({"lo": lo, "hi": hi}).groupby(cell, sort=False)
    sums = grouped.sum().where(grouped.count() == grouped.size().to_numpy()[:, None])
    sums.loc[sums["lo"].isna(), "hi"] = np.nan
    sums = sums.reindex(range(n_cells))
    return sums["lo"].to_numpy(dtype=float), sums["hi"].to_numpy(dtype=float)


def _joined(cell: np.ndarray, where: np.ndarray, values: pd.Series, n_cells: int) -> np.ndarray:
    """Per cell: the distinct items of ``values`` in the rows ``where`` selects, joined."""
    return join_codes(cell[where], n_cells, values.to_numpy(dtype=object)[where])


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
    shared = (rows["relation"] == "shared").to_numpy(dtype=bool, na_value=False)
    listed = rows["complete_list"].notna().to_numpy(dtype=bool)
    parts = []
    for measure, (lower, upper) in COMPARED_MEASURES.items():
        chosen = features if measure == "total" else features[features["per_capita"]]
        indicators = chosen["indicator_id"].tolist()
        n_cells = len(indicators) * len(cities)
        cell = _cell_numbers(rows, indicators, cities)
        mine = (cell >= 0) & inside
        within = cell[mine]
        low, high = _sums(within, rows[lower].to_numpy(dtype=float)[mine],
                          rows[upper].to_numpy(dtype=float)[mine], n_cells)
        counted_rows = np.bincount(within, minlength=n_cells)
        complete = (counted_rows > 0) & (
            np.bincount(within, weights=listed[mine], minlength=n_cells) == counted_rows)
        state = np.select([np.isnan(low), (low == 0) & (high == 0) & complete, low == high],
                          ["not_reported", "known_zero", "known"], "bounded")
        coverage = (_joined(cell, mine, rows["population_definition"].map(POPULATION_COVERAGE),
                            n_cells)
                    if measure == "per_100k" else np.full(n_cells, "", dtype=object))
        parts.append(pd.DataFrame({
            "indicator_id": np.repeat(np.array(indicators, dtype=object), len(cities)),
            "measure": measure,
            "place_id": np.tile(np.array(list(cities), dtype=object), len(indicators)),
            "state": state, "lower": low, "upper": high,
            "claims": _joined(cell, mine, rows["claim"], n_cells),
            "shared_claims": _joined(cell, mine & shared, rows["claim"], n_cells),
            "outside_window": _joined(cell, (cell >= 0) & ~inside, rows["claim"], n_cells),
            "complete": complete, "coverage": coverage, "window": f"{window[0]}-{window[1]}",
            "source_ids": _joined(cell, mine, rows["source_ids"], n_cells),
        }))
    return pd.concat(parts, ignore_index=True)


#: The columns of :func:`verdicts`.
_PAIR_COLUMNS = ["indicator_id", "measure", "city_a", "city_b", "verdict", "better", "reason",
                 "a_state", "a_lower", "a_upper", "b_state", "b_lower", "b_upper",
                 "shared_claims", "window", "source_ids"]


def _pairs(cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``cells`` of every pair of cities per indicator and measure, in city order."""
    groups = cells.groupby(["indicator_id", "measure"], sort=False).indices.values()
    firsts, seconds = [np.zeros(0, dtype=np.intp)], [np.zeros(0, dtype=np.intp)]
    for positions in groups:
        i, j = np.triu_indices(len(positions), 1)
        firsts.append(positions[i])
        seconds.append(positions[j])
    return np.concatenate(firsts), np.concatenate(seconds)


def _shared(cells: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: the claims both cells share, sorted and ``;``-joined."""
    items = pd.Series(cells["shared_claims"].to_numpy(dtype=object)).str.split(";").explode()
    items = items[items.notna() & (items != "")]
    out = np.full(len(a), "", dtype=object)
    if items.empty:
        return out
    listed = pd.DataFrame({"cell": items.index.to_numpy(), "claim": items.to_numpy()})
    both = listed.merge(listed, on="claim", suffixes=("_a", "_b"))
    both = both[both["cell_a"] < both["cell_b"]]
    if both.empty:
        return out
    joined = join_per_group(both[["cell_a", "cell_b"]], both["claim"])
    where = pd.MultiIndex.from_arrays([a, b]).get_indexer(joined.index)
    found = where >= 0
    out[where[found]] = joined.to_numpy(dtype=object)[found]
    return out


def _without_shared(cells: pd.DataFrame, claims: pd.DataFrame, side: np.ndarray,
                    shared: np.ndarray, measures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each side's interval without the claims it shares with the other side (0 when none left).

    The upper end is open unless every claim of the cell is read from a complete list.
    """
    lows = cells["lower"].to_numpy(dtype=float)[side]
    complete = cells["complete"].to_numpy(dtype=bool)[side]
    highs = np.where(complete, cells["upper"].to_numpy(dtype=float)[side], np.inf)
    cut = np.flatnonzero(shared != "")
    if not len(cut):
        return lows, highs
    place = cells["place_id"].to_numpy(dtype=object)[side]
    indicator = cells["indicator_id"].to_numpy(dtype=object)[side]
    mine = cells["claims"].to_numpy(dtype=object)[side]
    wanted = {c for k in cut for c in mine[k].split(";")}
    rows = claims[claims["claim"].isin(wanted)]
    position = {key: n for n, key in enumerate(zip(rows["place_id"], rows["indicator_id"],
                                                   rows["claim"], strict=True))}
    for k in cut:
        lower, upper = COMPARED_MEASURES[measures[k]]
        kept = set(mine[k].split(";")) - set(shared[k].split(";"))
        found = sorted(position[(place[k], indicator[k], c)] for c in kept
                       if (place[k], indicator[k], c) in position)
        low, high = _sum(rows.iloc[found], lower, upper) if found else (0.0, 0.0)
        lows[k] = low
        highs[k] = high if complete[k] else np.inf
    return lows, highs


def _sum(rows: pd.DataFrame, lower: str, upper: str) -> tuple[float, float]:
    """The interval sum of ``rows``; unknown when a term is unknown, open when one is open."""
    lo, hi = rows[lower].to_numpy(dtype=float), rows[upper].to_numpy(dtype=float)
    if np.isnan(lo).any():
        return np.nan, np.nan
    return float(lo.sum()), float(hi.sum())


#: A pair's reason names at most this many claims left out of the window (then their number).
NAMED_OUTSIDE = 5


def _not_reported(cells: pd.DataFrame) -> np.ndarray:
    """Per cell: why a pair with it cannot be compared if it is not reported (else empty).

    The claims left out of the window are named up to :data:`NAMED_OUTSIDE`;
    beyond that, counted and left to ``knowledge.csv``, so that a city's
    list is not repeated on each of its pairs.
    """
    missing = cells["state"].to_numpy(dtype=object) == "not_reported"
    texts = np.full(len(cells), "", dtype=object)
    place, window, left = (cells[c].to_numpy(dtype=object)[missing]
                           for c in ("place_id", "window", "outside_window"))
    texts[missing] = [f"{p} not reported in the window {w}" + _left_out(o)
                      for p, w, o in zip(place, window, left, strict=True)]
    return texts


def _left_out(claims: str) -> str:
    """The claims outside the window, for a reason: named when few, else counted."""
    if not claims:
        return ""
    n = claims.count(";") + 1
    if n <= NAMED_OUTSIDE:
        return f" ({claims} outside it)"
    return f" ({n} claims outside it, listed in knowledge.csv)"


def _other_people(cells: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: why its per-capita values count different people (else empty)."""
    coverage = cells["coverage"].to_numpy(dtype=object)
    place = cells["place_id"].to_numpy(dtype=object)
    per_100k = cells["measure"].to_numpy(dtype=object)[a] == "per_100k"
    differ = per_100k & ((coverage[a] != coverage[b])
                         | pd.Series(coverage[a]).str.contains(";", regex=False).to_numpy()
                         | (coverage[a] == "not stated"))
    texts = np.full(len(a), "", dtype=object)
    texts[differ] = [f"the populations divided by count different people: {place[i]} "
                     f"{coverage[i] or '?'}, {place[j]} {coverage[j] or '?'}"
                     for i, j in zip(a[differ], b[differ], strict=True)]
    return texts


def _only_shared(cells: pd.DataFrame, a: np.ndarray, b: np.ndarray,
                 shared: np.ndarray) -> np.ndarray:
    """Per pair: the refusal when both sides hold nothing but the claims they share."""
    texts = np.full(len(a), "", dtype=object)
    claims = cells["claims"].to_numpy(dtype=object)
    for k in np.flatnonzero(shared != ""):
        ties = set(shared[k].split(";"))
        if not (set(claims[a[k]].split(";")) - ties or set(claims[b[k]].split(";")) - ties):
            texts[k] = (f"only the shared claim{'s' if len(ties) > 1 else ''} "
                        f"{shared[k].replace(';', ', ')}: one tie, not a value for each party")
    return texts


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

    Notes
    -----
    Computed for all pairs at once (a study of the whole network has some
    90 000 pairs per indicator); only pairs sharing a claim are looked at one
    by one.

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
    cells = cells.reset_index(drop=True)
    a, b = _pairs(cells)
    column = {name: cells[name].to_numpy(dtype=object)[a] for name in
              ("indicator_id", "measure", "place_id", "state", "window", "source_ids")}
    other = {name: cells[name].to_numpy(dtype=object)[b] for name in
             ("place_id", "state", "source_ids")}
    missing = _not_reported(cells)
    reason = np.where(missing[a] != "", missing[a], missing[b])
    reason = np.where(reason != "", reason, _other_people(cells, a, b))
    shared = _shared(cells, a, b)
    reason = np.where(reason != "", reason, _only_shared(cells, a, b, shared))
    comparable = reason == ""
    a_low, a_high = _without_shared(cells, claims, a, np.where(comparable, shared, ""),
                                    column["measure"])
    b_low, b_high = _without_shared(cells, claims, b, np.where(comparable, shared, ""),
                                    column["measure"])
    equal = (a_low == a_high) & (a_high == b_low) & (b_low == b_high)
    verdict = np.select([~comparable, a_low > b_high, a_high < b_low, equal],
                        ["not_comparable", "higher", "lower", "equal"], "undecided")
    reason = np.where(verdict == "undecided", "the intervals overlap (counts not read from a "
                      "complete list are lower bounds)", reason)
    flip = (pd.Series(column["indicator_id"]).map(catalogue.set_index("indicator_id")["direction"])
            == "lower").to_numpy(dtype=bool)
    ahead = np.select([verdict == "higher", verdict == "lower"],
                      [column["place_id"], other["place_id"]], "")
    behind = np.select([verdict == "higher", verdict == "lower"],
                       [other["place_id"], column["place_id"]], "")
    cited = pd.MultiIndex.from_arrays([column["source_ids"], other["source_ids"]])
    codes, distinct = pd.factorize(cited)
    sources = np.array([";".join(sorted((set(x.split(";")) | set(y.split(";"))) - {""}))
                        for x, y in distinct] + [""], dtype=object)[codes]
    lower, upper = cells["lower"].to_numpy(dtype=float), cells["upper"].to_numpy(dtype=float)
    return pd.DataFrame({
        "indicator_id": column["indicator_id"], "measure": column["measure"],
        "city_a": column["place_id"], "city_b": other["place_id"], "verdict": verdict,
        "better": np.where(flip, behind, ahead), "reason": reason,
        "a_state": column["state"], "a_lower": lower[a], "a_upper": upper[a],
        "b_state": other["state"], "b_lower": lower[b], "b_upper": upper[b],
        "shared_claims": shared, "window": column["window"], "source_ids": sources,
    }, columns=_PAIR_COLUMNS)


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
