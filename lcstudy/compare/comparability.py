"""Comparability: what the evidence knows of each city, and which pairs it lets us order.

One engine decides every comparison the study draws (figures, tables,
summaries, robustness): :func:`knowledge` gives each city's value over the
period its own evidence covers, :func:`verdicts` each pair's over the period
both cities' evidence covers. The rules, one per reason a reviewer would
object:

- **A period per pair and indicator** (:mod:`lcstudy.compare.periods`): a city's
  evidence covers a period on each indicator (for one counted by complete
  lists, the rounds it was eligible for; otherwise the years its own dated
  claims speak of). A pair is compared only over the overlap of its two
  periods, on the claims lying wholly inside it; no overlap is *not
  comparable*, with both periods named. The analyst's window
  (:attr:`lcstudy.compare.choices.Choices.window`) only narrows the periods.
  Nothing depends on the other study cities: adding a city changes no
  verdict between two others.
- **Five states of knowledge** (:data:`STATES`), of the value as the model
  holds it: *exact* and *known zero* (read from complete lists), *bounded*
  (a finite interval from complete lists), *lower bound* (``≥ n``: news and
  releases report occasions, not inventories, so every other count is open
  above) and *not reported* (no source speaks in the period).
- **How relations count** (:func:`lcstudy.coding.claims.counted`): a visit counts
  for the party that made it; a shared relation (an agreement) is one tie of
  both parties, taken out of both sides before comparing; a pair left with
  nothing of its own is *not comparable*.
- **Denominators that count the same people**: a per-capita value is compared
  only with one whose population counts the same residents: definitions of
  the same stated ``counts_as`` in ``data/raw/population_definitions.csv``
  (:attr:`lcstudy.data.evidence.Evidence.counts_as`).

Every pair gets a ``verdict`` (:data:`VERDICTS`) and a ``reason_code``
(:data:`lcstudy.compare.reasons.REASON_CODES`), and its prose ``reason`` is
rendered from the code (:func:`lcstudy.compare.reasons.reason_texts`);
nothing reads prose back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from lcstudy.coding.claim_sums import (
    ClaimGrid,
    cell_grid,
    cell_numbers,
    first_named,
    grid_values,
    held_state,
    joined_per_cell,
    relevant_claims,
    rounds_in,
    stacked_measures,
    within_window,
)
from lcstudy.compare.periods import claim_spans, coverage, period_text
from lcstudy.compare.reasons import reason_texts
from lcstudy.data.vocabularies import NOT_STATED
from lcstudy.groups import join_codes
from lcstudy.intervals import STATES

__all__ = ["STATES", "VERDICTS", "knowledge", "verdicts"]

#: What a pair of cities' values allow.
VERDICTS = ("higher", "lower", "equal", "undecided", "not_comparable")


def knowledge(claims: pd.DataFrame, cities: Sequence[str], catalogue: pd.DataFrame,
              rounds: pd.DataFrame, window: tuple[int, int] | None = None, *,
              searches: pd.DataFrame | None = None,
              counts_as: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every study city's value and state of knowledge on every key feature, over its own period.

    Parameters
    ----------
    claims : pandas.DataFrame
        Denominated claims (:func:`lcstudy.compare.indicators.denominated_claims`).
    cities : sequence of str
        The study cities, in order.
    catalogue : pandas.DataFrame
        The raw ``indicators`` table: key features have a direction; the
        ``per_100k`` measure covers the per-capita ones.
    rounds : pandas.DataFrame
        :func:`lcstudy.coding.lists.eligible_rounds` of the study cities.
    window : tuple of int, optional
        The analyst's window: narrows every period.
    searches : pandas.DataFrame, optional
        The raw ``searches`` table (:func:`lcstudy.compare.periods.coverage`).
    counts_as : mapping of str to str, optional
        Whom each population definition counts
        (:attr:`lcstudy.data.evidence.Evidence.counts_as`, from
        ``data/raw/population_definitions.csv``); default: each definition
        counts only as itself.

    Returns
    -------
    pandas.DataFrame
        One row per measure, indicator and city (in catalogue and city order):
        ``indicator_id``, ``measure``, ``place_id``, ``period`` (``first-last``
        years within the window, empty when none), ``first`` and ``last``
        (the years its evidence covers, before the window), ``rounds`` (eligible
        rounds, for an indicator counted by complete lists), ``rule`` (how the
        period is derived, :data:`lcstudy.compare.periods.RULES`), ``state``,
        ``lower``, ``upper`` (``inf``: a lower bound), ``claims`` counted in
        the period, ``shared_claims`` among them, ``outside_period`` (counted
        claims left out: undated, or not wholly inside the period),
        ``complete``, ``coverage`` (whom the populations divided by count) and
        ``source_ids``.
    """
    features = catalogue[catalogue["direction"].isin(["higher", "lower"])]
    rows = stacked_measures(relevant_claims(claims, cities, features["indicator_id"].tolist()), features)
    grid = cell_grid(features, cities)
    cover = coverage(rows[rows["measure"] == "total"], rounds, cities,
                     features["indicator_id"].tolist(), searches)
    cover = grid.merge(cover, on=["indicator_id", "place_id"], how="left")
    own_first, own_last = cover["first"].to_numpy(dtype=float), cover["last"].to_numpy(dtype=float)
    first, last = within_window(own_first, own_last, window)
    cell = cell_numbers(rows, grid)
    start, end = claim_spans(rows)
    sums = ClaimGrid(cell, start, end, grid_values(rows), len(grid)).at(
        np.arange(len(grid)), first, last)
    state, low, high = held_state(sums)
    inside = (cell >= 0) & (start >= first[cell]) & (end <= last[cell])
    shared = (rows["relation"] == "shared").to_numpy(dtype=bool, na_value=False)
    definitions = rows["population_definition"]
    coverage_of = definitions.map(lambda d: d if counts_as is None else counts_as.get(d, d))
    return grid.assign(
        period=period_text(first, last), first=own_first, last=own_last,
        rounds=rounds_in(rounds, grid["indicator_id"].to_numpy(dtype=object), first, last),
        rule=cover["rule"].to_numpy(dtype=object), state=state, lower=low, upper=high,
        claims=joined_per_cell(cell, inside, rows["claim"], len(grid)),
        shared_claims=joined_per_cell(cell, inside & shared, rows["claim"], len(grid)),
        outside_period=joined_per_cell(cell, (cell >= 0) & ~inside, rows["claim"], len(grid)),
        complete=np.isin(state, ["exact", "bounded", "known_zero"]),
        coverage=np.where(grid["measure"] == "per_100k",
                          joined_per_cell(cell, inside, coverage_of, len(grid)), ""),
        source_ids=joined_per_cell(cell, inside, rows["source_ids"], len(grid)),
    )


#: The columns of :func:`verdicts`.
_PAIR_COLUMNS = ["indicator_id", "measure", "city_a", "city_b", "period", "rounds", "verdict",
                 "better", "reason_code", "reason", "a_period", "a_state", "a_lower", "a_upper",
                 "b_period", "b_state", "b_lower", "b_upper", "shared_claims", "source_ids"]


def _pairs(cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``cells`` of every pair of cities per measure and indicator, in city order."""
    groups = cells.groupby(["measure", "indicator_id"], sort=False).indices.values()
    firsts, seconds = [np.zeros(0, dtype=np.intp)], [np.zeros(0, dtype=np.intp)]
    for positions in groups:
        i, j = np.triu_indices(len(positions), 1)
        firsts.append(positions[i])
        seconds.append(positions[j])
    return np.concatenate(firsts), np.concatenate(seconds)


def _shared_in(rows: pd.DataFrame, cell: np.ndarray, start: np.ndarray, end: np.ndarray,
               a: np.ndarray, b: np.ndarray, first: np.ndarray, last: np.ndarray
               ) -> pd.DataFrame:
    """Per pair: the claims both sides share inside the pair's period, and their sums per side."""
    shared = (rows["relation"] == "shared").to_numpy(dtype=bool, na_value=False) & (cell >= 0)
    side = pd.DataFrame({"cell": cell[shared], "claim": rows["claim"].to_numpy(dtype=object)[shared],
                         "key": rows["measure"].to_numpy(dtype=object)[shared] + "|"
                         + rows["indicator_id"].to_numpy(dtype=object)[shared],
                         "start": start[shared], "end": end[shared],
                         **{f: v[shared] for f, v in grid_values(rows).items()
                            if f in ("lo", "hi")}})
    both = side.merge(side, on=["key", "claim"], suffixes=("_a", "_b"))
    both = both[both["cell_a"] < both["cell_b"]]
    pair = pd.DataFrame({"cell_a": a, "cell_b": b, "p0": first, "p1": last,
                         "pair": np.arange(len(a))})
    both = both.merge(pair, on=["cell_a", "cell_b"])
    both = both[(both["start_a"] >= both["p0"]) & (both["end_a"] <= both["p1"])]
    grouped = both.groupby("pair")
    out = pd.DataFrame({"n": grouped.size(), "lo_a": grouped["lo_a"].sum(),
                        "hi_a": grouped["hi_a"].sum(), "lo_b": grouped["lo_b"].sum(),
                        "hi_b": grouped["hi_b"].sum()}).reindex(range(len(a)), fill_value=0)
    out["claims"] = join_codes(both["pair"].to_numpy(), len(a), both["claim"])
    return out


def _pair_sources(rows: pd.DataFrame, cell: np.ndarray, start: np.ndarray, end: np.ndarray,
                  sides: list[np.ndarray], first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Per pair: the sources of both sides' claims inside the pair's period.

    The sources are joined once per distinct (cell, period), and the two
    sides' texts united once per distinct pair of texts (copies of a city
    cite the same sources), so the cost follows the distinct texts, not the
    pairs.
    """
    n = len(first)
    dated = ~np.isnan(first)
    years = np.unique(np.concatenate([first[dated], last[dated]]))
    span = len(years) + 1
    p0 = np.where(dated, np.searchsorted(years, np.nan_to_num(first)) + 1, 0)
    p1 = np.where(dated, np.searchsorted(years, np.nan_to_num(last)) + 1, 0)
    keys = np.concatenate([(side.astype(np.int64) * span + p0) * span + p1 for side in sides])
    distinct, combo = np.unique(keys, return_inverse=True)
    i0, i1 = distinct // span % span, distinct % span
    bounds = np.append(np.nan, years)  # position 0: no period
    table = pd.DataFrame({"cell": distinct // (span * span), "p0": bounds[i0], "p1": bounds[i1],
                          "combo": np.arange(len(distinct))})
    table = table[i0 > 0]
    claimed = pd.DataFrame({"cell": cell, "start": start, "end": end,
                            "source_ids": rows["source_ids"].to_numpy(dtype=object)})
    hits = claimed.merge(table, on="cell")
    hits = hits[(hits["start"] >= hits["p0"]) & (hits["end"] <= hits["p1"])]
    per_combo = join_codes(hits["combo"].to_numpy(), len(distinct), hits["source_ids"])
    text, texts = pd.factorize(per_combo)
    codes = [text[combo[k * n:(k + 1) * n]].astype(np.int64) for k in range(len(sides))]
    pair_keys, pair = np.unique(codes[0] * len(texts) + codes[1], return_inverse=True)
    united = [";".join(sorted((set(str(texts[k // len(texts)]).split(";"))
                               | set(str(texts[k % len(texts)]).split(";"))) - {""}))
              for k in pair_keys.tolist()]
    return np.array(united, dtype=object)[pair] if n else np.zeros(0, dtype=object)


def _claim_grid(claims: pd.DataFrame, cells: pd.DataFrame, catalogue: pd.DataFrame
                ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, ClaimGrid]:
    """The counted claims of the cells' cities stacked per measure, on the cells' grid."""
    features = catalogue[catalogue["direction"].isin(["higher", "lower"])]
    cities = list(dict.fromkeys(cells["place_id"]))
    rows = stacked_measures(relevant_claims(claims, cities, features["indicator_id"].tolist()), features)
    cell = cell_numbers(rows, cells)
    start, end = claim_spans(rows)
    return rows, cell, start, end, ClaimGrid(cell, start, end, grid_values(rows), len(cells))


def verdicts(cells: pd.DataFrame, claims: pd.DataFrame, catalogue: pd.DataFrame,
             rounds: pd.DataFrame, window: tuple[int, int] | None = None) -> pd.DataFrame:
    """For every indicator, measure and pair of study cities: comparable, and in which order.

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`knowledge` (its periods: ``first``, ``last``).
    claims : pandas.DataFrame
        The same denominated claims.
    catalogue : pandas.DataFrame
        The raw ``indicators`` table (the direction: which way is better).
    rounds : pandas.DataFrame
        :func:`lcstudy.coding.lists.eligible_rounds` (the rounds in each period).
    window : tuple of int, optional
        The analyst's window: narrows every pair's period.

    Returns
    -------
    pandas.DataFrame
        One row per measure, indicator and pair (cities in study order):
        ``indicator_id``, ``measure``, ``city_a``, ``city_b``, ``period``
        compared (the overlap of both cities' periods within the window;
        empty when none), ``rounds`` in it (complete lists), ``verdict``
        (:data:`VERDICTS`, from ``city_a``'s side by value), ``better`` (the
        city the direction says is surely ahead, else empty),
        ``reason_code`` (:data:`lcstudy.compare.reasons.REASON_CODES`) and its ``reason``, each side's
        own ``period``, ``state``, ``lower`` and ``upper`` in the compared
        period, the ``shared_claims`` taken out of both sides and the
        ``source_ids`` of both sides' claims in the period.

    Notes
    -----
    Vectorised over all pairs (a study of the whole network has some 90 000
    pairs per indicator): each period's sums are looked up in one cumulative
    table per cell (:class:`ClaimGrid`). A pair's row depends on its two cities
    only.

    Examples
    --------
    Two cities whose evidence covers different years are not compared:

    >>> claims = pd.DataFrame({"claim": ["a1", "b1"], "place_id": ["a", "b"],
    ...     "indicator_id": "events", "lower": 1.0, "upper": 1.0, "year": [2015, 2024],
    ...     "period_start": None, "status": "happened", "part_of": None, "role": "subject",
    ...     "relation": None, "complete_list": None, "source_ids": ["s1", "s2"],
    ...     "population_definition": None, "lower_per_100k": np.nan, "upper_per_100k": np.nan})
    >>> catalogue = pd.DataFrame({"indicator_id": ["events"], "direction": ["higher"],
    ...     "per_capita": [False]})
    >>> rounds = pd.DataFrame(columns=["list_id", "indicator_id", "place_id", "eligible",
    ...     "year"])
    >>> cells = knowledge(claims, ["a", "b"], catalogue, rounds)
    >>> verdicts(cells, claims, catalogue, rounds)[["verdict", "reason"]].to_dict("records")
    [{'verdict': 'not_comparable', 'reason': 'no common period: a 2015-2015, b 2024-2024'}]
    """
    cells = cells.reset_index(drop=True)
    a, b = _pairs(cells)
    own_first, own_last = (cells[c].to_numpy(dtype=float) for c in ("first", "last"))
    common_first = np.maximum(own_first[a], own_first[b])
    common_last = np.minimum(own_last[a], own_last[b])
    overlap = common_first <= common_last
    first, last = within_window(np.where(overlap, common_first, np.nan),
                                np.where(overlap, common_last, np.nan), window)
    rows, cell, start, end, grid = _claim_grid(claims, cells, catalogue)
    sums = {"a": grid.at(a, first, last), "b": grid.at(b, first, last)}
    held = {side: held_state(values) for side, values in sums.items()}
    shared = _shared_in(rows, cell, start, end, a, b, first, last)
    (a_lo, a_hi, a_n), (b_lo, b_hi, b_n) = (_own_values(held[side], sums[side]["n"], shared, side)
                                            for side in ("a", "b"))
    no_period = np.isnan(own_first[a]) | np.isnan(own_first[b])
    refusals = {  # in the order the first that applies names the reason
        "not_searched": no_period & (cells["rule"].to_numpy(dtype=object)[a] == "searches"),
        "no_period": no_period, "no_common_period": ~overlap, "outside_window": np.isnan(first),
        "not_reported": (held["a"][0] == "not_reported") | (held["b"][0] == "not_reported"),
        "different_populations": _populations_differ(cells, a, b),
        "shared_tie": (shared["n"].to_numpy() > 0) & (a_n == 0) & (b_n == 0)}
    refused = np.logical_or.reduce(list(refusals.values()))
    ordered = (a_lo > b_hi) | (a_hi < b_lo)
    equal = (a_lo == a_hi) & (a_hi == b_lo) & (b_lo == b_hi)
    code = first_named([*refusals.values(), ordered, equal], [*refusals, "ordered", "equal"],
                       "overlap")
    higher, lower = ~refused & (a_lo > b_hi), ~refused & (a_hi < b_lo)
    verdict = first_named([refused, higher, lower, ~refused & ~ordered & equal],
                          ["not_comparable", "higher", "lower", "equal"], "undecided")
    indicator = cells["indicator_id"].to_numpy(dtype=object)[a]
    periods = period_text(own_first, own_last)
    out = pd.DataFrame({
        "indicator_id": indicator, "measure": cells["measure"].to_numpy(dtype=object)[a],
        "city_a": cells["place_id"].to_numpy(dtype=object)[a],
        "city_b": cells["place_id"].to_numpy(dtype=object)[b], "period": period_text(first, last),
        "rounds": rounds_in(rounds, indicator, first, last), "verdict": verdict,
        "better": _better(cells, catalogue, a, b, higher, lower), "reason_code": code,
        "a_period": periods[a], "a_state": held["a"][0], "a_lower": held["a"][1],
        "a_upper": held["a"][2], "b_period": periods[b], "b_state": held["b"][0],
        "b_lower": held["b"][1], "b_upper": held["b"][2],
        "shared_claims": shared["claims"].to_numpy(dtype=object),
        "source_ids": _pair_sources(rows, cell, start, end, [a, b], first, last),
    })
    out["reason"] = reason_texts(out)
    return out[_PAIR_COLUMNS]


def _own_values(held: tuple[np.ndarray, np.ndarray, np.ndarray], counted: np.ndarray,
                shared: pd.DataFrame, side: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One side's lower and upper bounds and claims, the claims both sides share taken out.

    The upper bound stays open (``inf``) unless the side's value is complete.
    """
    state, low, high = held
    complete = np.isin(state, ["exact", "bounded", "known_zero"])
    return (low - shared[f"lo_{side}"].to_numpy(dtype=float),
            np.where(complete, high - shared[f"hi_{side}"].to_numpy(dtype=float), np.inf),
            counted - shared["n"].to_numpy(dtype=float))


def _populations_differ(cells: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: per-capita values whose populations do not count the same people.

    They differ when the two sides' coverages differ, when a side's values
    divide by populations of several coverages, or when its coverage is not
    stated.
    """
    coverage_of = cells["coverage"].to_numpy(dtype=object)
    per_100k = cells["measure"].to_numpy(dtype=object)[a] == "per_100k"
    return per_100k & ((coverage_of[a] != coverage_of[b])
                       | pd.Series(coverage_of[a]).str.contains(";", regex=False).to_numpy()
                       | np.isin(coverage_of[a], [NOT_STATED, ""]))


def _better(cells: pd.DataFrame, catalogue: pd.DataFrame, a: np.ndarray, b: np.ndarray,
            higher: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Per pair: the city the indicator's direction says is surely ahead, else empty."""
    place = cells["place_id"].to_numpy(dtype=object)
    flip = (pd.Series(cells["indicator_id"].to_numpy(dtype=object)[a]).map(
        catalogue.set_index("indicator_id")["direction"]) == "lower").to_numpy(dtype=bool)
    empty = np.full(len(a), "", dtype=object)
    ahead = np.where(higher, place[a], np.where(lower, place[b], empty))
    behind = np.where(higher, place[b], np.where(lower, place[a], empty))
    return np.where(flip, behind, ahead)


