"""Summaries across indicators: per KFLC area and overall, from the comparability model.

The areas of the UNESCO Key Features of Learning Cities and their
key-feature indicators come from :func:`lcstudy.compare.framework.framework`. For a
set of study cities, each area and all key features together ("overall") are
summarised two ways:

- **Dominance** (:func:`dominance_summary`): over the area's indicators, the
  pair verdicts of the comparability engine (:func:`lcstudy.compare.comparability.verdicts`,
  each over its pair's own period) on the *headline* measure, every refused
  pair counted as not comparable; then necessary and possible dominance and
  Copeland scores as intervals (:mod:`lcstudy.compare.dominance`).
- **Aggregation** (:func:`aggregate_summary`): the headline intervals
  normalised across the cities (by default min-max onto 1-100, so that a
  geometric mean is defined; :func:`scores` for the other methods), then the
  arithmetic and geometric means with equal weights
  under the data-availability rule of :mod:`lcstudy.compare.aggregate`. Below it the
  result is ``"not computable: k of n reported"``, where *reported* is the
  state of knowledge (a known zero is reported, "not reported" is not).

The *headline* measure of an indicator is ``per_100k`` where the catalogue
defines it per capita, else ``total``. Its interval follows the open world of
the comparability model: only a value read from complete lists is exact;
every other count is a lower bound, its upper bound open.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument
from lcstudy.compare.aggregate import (
    METHODS,
    THRESHOLD,
    aggregate,
    indicators_needed,
    too_few_note,
)
from lcstudy.compare.choices import BUILD_NORMALISATIONS, DEFAULT_NORMALISATION
from lcstudy.compare.dominance import copeland, tally
from lcstudy.compare.normalisation import normalise

__all__ = ["aggregate_summary", "comparable_pairs", "dominance_summary", "headline",
           "ordered_verdicts", "scores"]


#: Range of the min-max normalisation before aggregating (positive: a geometric mean exists).
_TARGET = (1.0, 100.0)


def headline(cells: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Each city's headline interval on each key feature.

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`lcstudy.compare.comparability.knowledge` (any extra key columns,
        such as a ``run``, are kept).
    catalogue : pandas.DataFrame
        The raw ``indicators`` table.

    Returns
    -------
    pandas.DataFrame
        The rows of ``cells`` of each indicator's headline measure, with
        ``upper`` open (``inf``) unless the value is ``complete``, and the
        indicator's ``direction``.
    """
    table = catalogue.set_index("indicator_id")
    wanted = np.where(table.loc[cells["indicator_id"], "per_capita"].to_numpy(dtype=bool),
                      "per_100k", "total")
    rows = cells[cells["measure"].to_numpy() == wanted]
    complete = rows["complete"].to_numpy(dtype=bool) | rows["state"].eq("known_zero").to_numpy()
    return rows.assign(upper=np.where(complete | rows["lower"].isna().to_numpy(), rows["upper"],
                                      np.inf),
                       direction=rows["indicator_id"].map(table["direction"]).to_numpy()
                       ).reset_index(drop=True)


def comparable_pairs(pairs: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """The comparability verdicts of the headline measure, as :mod:`lcstudy.compare.dominance` reads them.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`lcstudy.compare.comparability.verdicts` (extra key columns kept).
    cells : pandas.DataFrame
        :func:`headline` rows (which measure each indicator uses).

    Returns
    -------
    pandas.DataFrame
        The key columns, ``indicator_id``, ``place_id``, ``other_id``,
        ``comparable`` and ``reason``.
    """
    measure = cells.drop_duplicates("indicator_id").set_index("indicator_id")["measure"]
    rows = pairs[pairs["measure"].to_numpy() == pairs["indicator_id"].map(measure).to_numpy()]
    return rows.rename(columns={"city_a": "place_id", "city_b": "other_id"}).assign(
        comparable=rows["verdict"].ne("not_comparable").to_numpy())


def ordered_verdicts(pairs: pd.DataFrame, groups: dict[str, list[str]],
                     catalogue: pd.DataFrame, *, by: Sequence[str] = ()) -> pd.DataFrame:
    """The engine's pair verdicts on the headline measures, once per ordered pair and group.

    Dominance and Copeland scores read these: the comparability engine
    (:func:`lcstudy.compare.comparability.verdicts`) has drawn every verdict over the
    pair's own period; nothing is recomputed from the cities' values.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`comparable_pairs` rows (``place_id``, ``other_id``,
        ``verdict``, ``better``, ``reason``, both sides' bounds).
    groups : dict of str to list of str
        From :func:`lcstudy.compare.framework.framework`.
    catalogue : pandas.DataFrame
        The raw ``indicators`` table (the direction).
    by : sequence of str
        Key columns of separate problems.

    Returns
    -------
    pandas.DataFrame
        As :func:`lcstudy.compare.dominance.pair_verdicts`: ``group``, ``indicator_id``,
        ``place_id``, ``other_id``, ``verdict`` (better and worse by the
        direction), ``reason``, ``possibly_better``, ``possibly_worse``.
    """
    lower = catalogue.set_index("indicator_id")["direction"].eq("lower")
    members = pd.DataFrame([(g, i) for g, names in groups.items() for i in names],
                           columns=["group", "indicator_id"])
    sides = []
    for me, other, mine, theirs in (("place_id", "other_id", "a", "b"),
                                    ("other_id", "place_id", "b", "a")):
        flip = pairs["indicator_id"].map(lower).fillna(False).to_numpy(dtype=bool)
        lo, hi = pairs[f"{mine}_lower"].to_numpy(dtype=float), pairs[f"{mine}_upper"].to_numpy(
            dtype=float)
        olo, ohi = pairs[f"{theirs}_lower"].to_numpy(dtype=float), pairs[
            f"{theirs}_upper"].to_numpy(dtype=float)
        lo, hi, olo, ohi = (np.where(flip, -hi, lo), np.where(flip, -lo, hi),
                            np.where(flip, -ohi, olo), np.where(flip, -olo, ohi))
        verdict = pairs["verdict"].to_numpy(dtype=object)
        better = pairs["better"].fillna("").to_numpy(dtype=object)
        ahead = pairs[me].to_numpy(dtype=object)
        compared = np.isin(verdict, ["higher", "lower", "equal", "undecided"])
        shown = np.select([~compared, verdict == "equal", verdict == "undecided", better == ahead],
                          ["not_comparable", "equal", "undecided", "surely_better"],
                          "surely_worse")
        sides.append(pd.DataFrame({
            **{b: pairs[b].to_numpy() for b in by},
            "indicator_id": pairs["indicator_id"].to_numpy(), "place_id": ahead,
            "other_id": pairs[other].to_numpy(), "verdict": shown,
            "reason": np.where(compared, "", pairs["reason"].fillna("").to_numpy(dtype=object)),
            # a refused indicator is unknown, not a tie: either order is possible
            "possibly_better": ~compared | (hi > olo), "possibly_worse": ~compared | (lo < ohi)}))
    both = pd.concat(sides, ignore_index=True).merge(members, on="indicator_id")
    return both[[*by, "group", "indicator_id", "place_id", "other_id", "verdict", "reason",
                 "possibly_better", "possibly_worse"]]


def dominance_summary(pairs: pd.DataFrame, groups: dict[str, list[str]],
                      catalogue: pd.DataFrame, *, by: Sequence[str] = ()
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pairwise dominance and Copeland intervals per group, over the engine's verdicts.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`comparable_pairs` rows.
    groups : dict of str to list of str
        From :func:`lcstudy.compare.framework.framework`.
    catalogue : pandas.DataFrame
        The raw ``indicators`` table.
    by : sequence of str
        Key columns of separate problems (e.g. ``("variant",)``).

    Returns
    -------
    tuple of pandas.DataFrame
        :func:`lcstudy.compare.dominance.tally` of :func:`ordered_verdicts` (with
        ``not_comparable`` counted) and :func:`lcstudy.compare.dominance.copeland`.
    """
    counts = tally(ordered_verdicts(pairs, groups, catalogue, by=by), by=by)
    return counts, copeland(counts)


def _refused(cells: pd.DataFrame, pairs: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``cells`` with every indicator the cities cannot share one scale on left out.

    A pair refused for another reason than a missing report (no common
    period, a shared tie, populations counting different people), or pairs
    compared over different periods, make an indicator unfit to place the
    cities on one scale; it is then not reported for the aggregate (and
    counted so by the availability rule).
    """
    keys = [*by, "indicator_id"]
    periods = pairs.groupby(keys, sort=False)["period"].transform("nunique").to_numpy()
    refused = pairs[(~pairs["comparable"].to_numpy(dtype=bool)
                     & ~pairs["reason_code"].eq("not_reported").to_numpy()) | (periods > 1)]
    hit = cells[keys].merge(refused[keys].drop_duplicates(), on=keys, how="left",
                            indicator=True)["_merge"].eq("both").to_numpy()
    return cells.assign(lower=np.where(hit, np.nan, cells["lower"]),
                        upper=np.where(hit, np.nan, cells["upper"]),
                        state=np.where(hit, "not_reported", cells["state"]))


def scores(cells: pd.DataFrame, normalisation: str = DEFAULT_NORMALISATION, *,
           by: Sequence[str] = ()) -> pd.DataFrame:
    """Headline intervals normalised across the cities for aggregation, higher = better.

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`headline` rows (with the indicator's ``direction``).
    normalisation : str
        One of :data:`lcstudy.compare.choices.BUILD_NORMALISATIONS`, applied
        once, the direction with it: ``minmax`` onto 1-100 (positive, so that
        a geometric mean is defined); ``rank`` as ``n + 1 - rank`` (1 to n, the
        best highest); ``zscore`` and ``percentile`` as they are (a geometric
        mean of a value at or below 0 is then not computable, and said so).
    by : sequence of str
        Key columns of separate problems.

    Returns
    -------
    pandas.DataFrame
        ``cells`` with ``normalised_lower`` and ``normalised_upper``.

    Examples
    --------
    >>> cells = pd.DataFrame({"indicator_id": "x", "place_id": ["a", "b", "c"],
    ...     "lower": [1.0, 2.0, 4.0], "upper": [1.0, 2.0, 4.0], "direction": "higher"})
    >>> scores(cells, "rank")["normalised_lower"].tolist()
    [1.0, 2.0, 3.0]
    >>> scores(cells, "zscore")["normalised_lower"].round(2).tolist()
    [-0.87, -0.22, 1.09]
    """
    check_argument("normalisation", normalisation, BUILD_NORMALISATIONS)
    keys = [*by, "indicator_id"]
    if normalisation == "minmax":  # onto a positive range: a geometric mean exists
        return normalise(cells, normalisation, by=keys, target=_TARGET)
    out = normalise(cells, normalisation, by=keys)
    if normalisation == "rank":
        n = out.groupby(keys, sort=False)["place_id"].transform("size").to_numpy(dtype=float)
        out = out.assign(normalised_lower=n + 1 - out["normalised_upper"].to_numpy(),
                         normalised_upper=n + 1 - out["normalised_lower"].to_numpy())
    return out


def aggregate_summary(cells: pd.DataFrame, groups: dict[str, list[str]], *,
                      normalisation: str = DEFAULT_NORMALISATION,
                      methods: Sequence[str] = tuple(METHODS),
                      threshold: float = THRESHOLD, by: Sequence[str] = (),
                      pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Normalised headline intervals aggregated per group, with the availability rule.

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`headline` rows.
    groups : dict of str to list of str
        From :func:`lcstudy.compare.framework.framework`.
    normalisation : str
        How the intervals are put on one scale first (:func:`scores`).
    methods : sequence of str
        Aggregation methods (:data:`lcstudy.compare.aggregate.METHODS`), equal weights.
    threshold : float
        Share of a group's indicators a city must report (default
        :data:`lcstudy.compare.aggregate.THRESHOLD`, the JRC's practice).
    by : sequence of str
        Key columns of separate problems.
    pairs : pandas.DataFrame, optional
        :func:`comparable_pairs`: an indicator on which a pair is not
        comparable for another reason than a missing report (a shared tie,
        populations counting different people) is left out of the aggregate,
        which never places cities on a scale the comparability model refuses.

    Returns
    -------
    pandas.DataFrame
        :func:`lcstudy.compare.aggregate.aggregate` per method, stacked, where
        ``n_reported`` and the note count the reported states of knowledge
        (a reported value that cannot be put on a scale, such as a group's
        single known value, is named in the note).
    """
    if pairs is not None:
        cells = _refused(cells, pairs, by)
    scaled = scores(cells, normalisation, by=by)
    return pd.concat([_with_states(aggregate(scaled, method, framework=groups,
                                             threshold=threshold, lower="normalised_lower",
                                             upper="normalised_upper", by=by),
                                   cells, groups, threshold, by)
                      for method in methods], ignore_index=True)


def _with_states(out: pd.DataFrame, cells: pd.DataFrame, groups: dict[str, list[str]],
                 threshold: float, by: Sequence[str]) -> pd.DataFrame:
    """Count reported indicators by state of knowledge, not by normalised value."""
    reported = cells.assign(_r=cells["state"].ne("not_reported").to_numpy())
    counts = pd.concat([reported[reported["indicator_id"].isin(members)]
                        .groupby([*by, "place_id"], sort=False)["_r"].sum()
                        .rename("_k").reset_index().assign(group=group)
                        for group, members in groups.items()], ignore_index=True)
    out = out.merge(counts, on=[*by, "place_id", "group"], how="left")
    k = out["_k"].fillna(0).astype(int).to_numpy()
    n = out["n_indicators"].to_numpy()
    needed = indicators_needed(n, threshold)
    scaled = out["n_reported"].to_numpy()
    note = out["note"].to_numpy(dtype=object)
    short = k < needed
    note = np.where(short, [too_few_note(a, b, c) for a, b, c in zip(k, n, needed, strict=True)],
                    note)
    unscaled = ~short & (scaled < needed)
    note = np.where(unscaled, [f"not computable: {a} of {b} reported, {s} on a common scale "
                               f"(needs at least {c}; a single known value has no scale)"
                               for a, b, s, c in zip(k, n, scaled, needed, strict=True)], note)
    return out.assign(n_reported=k, note=note).drop(columns="_k")
