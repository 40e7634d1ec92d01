"""The runs of the joint factorial and what they show: ranks, verdict shares, what each choice moves.

:func:`lcstudy.compare.robustness.robustness` runs every combination of the
levels of :data:`FACTORS`; a :class:`Robustness` holds its runs and reports
on them: rank ranges and verdict shares with the counts they rest on
(:meth:`~Robustness.rank_ranges`, :meth:`~Robustness.verdict_shares`), every
result each factor moves with the others held fixed (:meth:`~Robustness.changed`,
counted by :meth:`~Robustness.changes`, inert factors marked), what an evidence
factor does to the comparisons themselves (:meth:`~Robustness.by_level`: for
the window, the periods), and effect shares (:meth:`~Robustness.effects`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument
from lcstudy.compare.variance import effects
from lcstudy.intervals import interval_label

__all__ = ["EVIDENCE_FACTORS", "FACTORS", "PAIR_VERDICTS", "Robustness", "rank_summary",
           "verdict_shares"]

#: The factors, in the order of the factorial (the last varies fastest).
FACTORS = ("population", "window", "confidence", "left_out", "open_bounds", "normalisation",
           "aggregation")
#: The factors that change the evidence the engine compares (the others, its summaries).
EVIDENCE_FACTORS = FACTORS[:4]
#: The verdicts a pair of cities can get in one run, for :func:`verdict_shares`.
PAIR_VERDICTS = ("dominates", "dominated", "undecided", "not_comparable")


def rank_summary(runs: pd.DataFrame, rank: str | tuple[str, str] = "rank", *,
                 entity: str = "place_id") -> pd.DataFrame:
    """Per city, the range and median of its rank over the runs.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run and city.
    rank : str or (str, str)
        An exact rank column, or the ``(best, worst)`` columns of a rank
        interval (e.g. ``normalised_lower``/``normalised_upper`` of
        :func:`lcstudy.compare.normalisation.normalise` with ``"rank"``).
        NaN: not ranked in that run.
    entity : str
        The city column.

    Returns
    -------
    pandas.DataFrame
        Per city (order of appearance): ``runs``, ``ranked`` (runs with a
        rank), ``best``, ``worst`` (over all its ranked runs),
        ``median_best``, ``median_worst`` (equal for exact ranks).

    Examples
    --------
    >>> runs = pd.DataFrame({"place_id": ["a", "b"] * 3, "rank": [1, 2, 2, 1, 1, np.nan]})
    >>> rank_summary(runs).to_numpy().tolist()
    [['a', 3, 3, 1.0, 2.0, 1.0, 1.0], ['b', 3, 2, 1.0, 2.0, 1.5, 1.5]]
    """
    best, worst = (rank, rank) if isinstance(rank, str) else rank
    grouped = runs.groupby(entity, sort=False)
    return pd.DataFrame({
        "runs": grouped.size(),
        "ranked": grouped[best].count(),
        "best": grouped[best].min(),
        "worst": grouped[worst].max(),
        "median_best": grouped[best].median(),
        "median_worst": grouped[worst].median(),
    }).reset_index()


def verdict_shares(runs: pd.DataFrame, *, verdict: str = "verdict",
                   pair: Sequence[str] = ("place_id", "other_id"),
                   categories: Sequence[str] = PAIR_VERDICTS) -> pd.DataFrame:
    """Per pair of cities, the share of runs in which each verdict holds.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run and pair, with a ``verdict`` column.
    verdict : str
        The verdict column; every value must be one of ``categories``.
    pair : sequence of str
        The columns naming the pair.
    categories : sequence of str
        The possible verdicts, in the order of the output columns.

    Returns
    -------
    pandas.DataFrame
        Per pair (order of appearance): ``runs`` and one column per category
        (the shares, summing to 1).

    Raises
    ------
    ValueError
        For a verdict outside ``categories`` (or missing).

    Examples
    --------
    >>> runs = pd.DataFrame({"place_id": ["a"] * 4, "other_id": ["b"] * 4,
    ...     "verdict": ["dominates"] * 3 + ["undecided"]})
    >>> verdict_shares(runs)[["dominates", "dominated", "undecided"]].to_numpy().tolist()
    [[0.75, 0.0, 0.25]]
    """
    categories, pair = list(categories), list(pair)
    unknown = runs.loc[~runs[verdict].isin(categories), verdict]
    check_argument(verdict, sorted(map(str, pd.unique(unknown))),
                   f"verdicts among {', '.join(categories)} (others listed)", unknown.empty)
    counts = pd.crosstab([runs[p] for p in pair], runs[verdict]).reindex(
        columns=categories, fill_value=0)
    order = runs[pair].drop_duplicates()
    counts = order.merge(counts.reset_index(), on=pair)
    total = counts[categories].sum(axis=1)
    counts[categories] = counts[categories].div(total, axis=0)
    counts.insert(len(pair), "runs", total)
    return counts


@dataclass(frozen=True)
class Robustness:
    """The factorial's runs and their summaries.

    Attributes
    ----------
    runs : pandas.DataFrame
        One row per run: ``run`` and the levels of :data:`FACTORS`.
    ranks : pandas.DataFrame
        Per run, group and city: ``best``/``worst`` rank (1 = highest; NaN
        when not computable), ``copeland_lower``/``copeland_upper`` and ``note``.
    pairs : pandas.DataFrame
        Per run, group and pair (``place_id`` before ``other_id`` in city
        order): ``verdict`` (one of :data:`PAIR_VERDICTS`),
        and the group's ``indicators``, how many the pair was ``compared`` on
        and how many ``refused`` (not comparable or not reported).
    comparisons : pandas.DataFrame
        The engine's verdicts (:func:`lcstudy.compare.comparability.verdicts`) of
        every evidence variant, keyed by its levels of ``population``,
        ``window``, ``confidence`` and ``left_out``.
    """

    runs: pd.DataFrame
    ranks: pd.DataFrame
    pairs: pd.DataFrame
    comparisons: pd.DataFrame

    def rank_ranges(self) -> pd.DataFrame:
        """Per group and city: :func:`rank_summary` over the runs.

        With the widest Copeland interval over the runs (``copeland_lower``,
        ``copeland_upper``): the lowest lower and the highest upper end.
        """
        keys = ["group", "place_id"]
        parts = [rank_summary(group, ("best", "worst")).assign(group=name)
                 for name, group in self.ranks.groupby("group", sort=False)]
        copeland = self.ranks.groupby(keys, sort=False).agg(
            copeland_lower=("copeland_lower", "min"),
            copeland_upper=("copeland_upper", "max")).reset_index()
        return pd.concat(parts, ignore_index=True).merge(copeland, on=keys)

    def verdict_shares(self) -> pd.DataFrame:
        """Per group and pair: the share of runs per verdict, with what it rests on.

        Returns
        -------
        pandas.DataFrame
            :func:`verdict_shares` per group and pair, with the
            group's ``indicators`` and the fewest and most indicators the pair
            was compared on (``compared_min``, ``compared_max``) and refused on
            (``refused_min``, ``refused_max``) over the runs.
        """
        keys = ["group", "place_id", "other_id"]
        counts = self.pairs.groupby(keys, sort=False).agg(
            indicators=("indicators", "max"), compared_min=("compared", "min"),
            compared_max=("compared", "max"), refused_min=("refused", "min"),
            refused_max=("refused", "max")).reset_index()
        parts = [verdict_shares(group).assign(group=name)
                 for name, group in self.pairs.groupby("group", sort=False)]
        return pd.concat(parts, ignore_index=True).merge(counts, on=keys)

    def changed(self) -> pd.DataFrame:
        """Per factor, every result it moves, holding every other factor fixed.

        A factor moves a result when two runs that differ in that factor alone
        give it different values: an engine comparison (an indicator and
        measure, a pair: its verdict and period), a pair's summary verdict per
        group, a city's rank interval or its Copeland interval. Each summary
        result is one statement of :func:`lcstudy.compare.findings.robustness_findings`.

        Returns
        -------
        pandas.DataFrame
            One row per factor and moved result: ``factor``, ``result``
            (``comparison``, ``verdict``, ``rank`` or ``copeland``), ``group``
            (empty for a comparison), ``indicator_id`` and ``measure`` (empty
            but for a comparison), ``place_id``, ``other_id`` (empty for a
            city's result), ``values``: the value under each level of the
            factor in the first set of runs equal on every other factor where
            it moves (``level: value; ...``), and in how many such sets it
            moves (``moved_in`` of ``sets``).
        """
        summaries = _results(self.ranks, self.pairs).merge(self.runs, on="run")
        comparisons = self.comparisons.rename(columns={"city_a": "place_id",
                                                       "city_b": "other_id"})
        comparisons = comparisons.assign(
            result="comparison", group="",
            value=comparisons["verdict"] + np.where(comparisons["period"].fillna("") == "",
                                                    " (no common period)",
                                                    " over " + comparisons["period"].fillna("")))
        summaries = summaries.assign(indicator_id="", measure="")
        keys = ["result", "group", "indicator_id", "measure", "place_id", "other_id"]
        rows = []
        for factor in FACTORS:
            for results, factors in ((comparisons, EVIDENCE_FACTORS), (summaries, FACTORS)):
                if factor in factors:
                    rows.append(_moved_by(results, factor, [f for f in factors if f != factor],
                                          keys))
        out = pd.concat(rows, ignore_index=True)
        return out[["factor", *keys, "values", "moved_in", "sets"]]

    def changes(self) -> pd.DataFrame:
        """Per factor: how many results it moves (:meth:`changed`), holding every other fixed.

        A factor that moves none is ``inert``: it is no evidence of
        robustness, for it could not have changed anything.

        Returns
        -------
        pandas.DataFrame
            One row per factor of :data:`FACTORS`: ``levels``, ``verdicts``
            moved (pairs and groups) of ``of_verdicts``, ``ranks`` and
            ``copeland`` moved (cities and groups) of ``of_cities``, and
            ``inert``; for the evidence factors also the engine ``comparisons``
            (indicator, measure and pair) moved of ``of_comparisons``.
        """
        moved = self.changed().groupby(["factor", "result"]).size()
        rows = []
        for factor in FACTORS:
            count = {result: int(moved.get((factor, result), 0))
                     for result in ("comparison", "verdict", "rank", "copeland")}
            rows.append({"factor": factor, "levels": self.runs[factor].nunique(),
                         "comparisons": count["comparison"],
                         "of_comparisons": len(self.comparisons[
                             ["indicator_id", "measure", "city_a", "city_b"]].drop_duplicates()),
                         "verdicts": count["verdict"],
                         "of_verdicts": len(self.pairs[["group", "place_id", "other_id"]]
                                            .drop_duplicates()),
                         "ranks": count["rank"], "copeland": count["copeland"],
                         "of_cities": len(self.ranks[["group", "place_id"]].drop_duplicates()),
                         "inert": not any(count.values())})
        return pd.DataFrame(rows)

    def by_level(self, factor: str) -> pd.DataFrame:
        """The engine's verdicts under each level of an evidence factor, the others at their first.

        This shows what the factor does to the comparisons themselves: for
        ``window``, the period each pair is compared over.

        Parameters
        ----------
        factor : {"population", "window", "confidence", "left_out"}
            An evidence factor.

        Returns
        -------
        pandas.DataFrame
            One row per indicator, measure, pair and ``level``: ``period``,
            ``verdict`` and ``reason_code``, and whether the period or the
            verdict differs from the first level (``period_changed``,
            ``verdict_changed``).
        """
        check_argument("factor", factor, f"one of {', '.join(EVIDENCE_FACTORS)}", factor in EVIDENCE_FACTORS)
        first = {f: self.runs[f].iloc[0] for f in EVIDENCE_FACTORS if f != factor}
        rows = self.comparisons
        for other, level in first.items():
            rows = rows[rows[other] == level]
        keys = ["indicator_id", "measure", "city_a", "city_b"]
        out = rows[[*keys, factor, "period", "verdict", "reason_code"]].rename(
            columns={factor: "level"}).reset_index(drop=True)
        base = out[out["level"] == self.runs[factor].iloc[0]].set_index(keys)
        index = pd.MultiIndex.from_frame(out[keys])
        return out.assign(
            period_changed=out["period"].to_numpy() != base["period"].reindex(index).to_numpy(),
            verdict_changed=out["verdict"].to_numpy() != base["verdict"].reindex(index).to_numpy())

    def effects(self, output: str = "rank") -> pd.DataFrame:
        """Per group and city: main and total effect shares of each factor.

        Parameters
        ----------
        output : {"rank", "copeland"}
            The midpoint of the rank interval (NaN where not computable) or of
            the Copeland interval (always defined).

        Returns
        -------
        pandas.DataFrame
            :func:`lcstudy.compare.variance.effects` by group and city.
        """
        data = self.ranks.merge(self.runs, on="run")
        ends = {"rank": ("best", "worst"), "copeland": ("copeland_lower", "copeland_upper")}
        low, high = ends[output]
        data = data.assign(y=(data[low] + data[high]) / 2)
        return effects(data, list(FACTORS), "y", by=["group", "place_id"], reason="note")


def _moved_by(results: pd.DataFrame, factor: str, fixed: list[str], keys: list[str]
              ) -> pd.DataFrame:
    """The results (``keys``) whose ``value`` differs across runs equal on ``fixed``.

    ``values`` shows the first such set of runs: each level of ``factor`` with
    the value it gives.
    """
    sets = results.groupby([*keys, *fixed], sort=False)["value"]
    moves = sets.transform("nunique").to_numpy() > 1
    moved = pd.Series(moves).groupby([results[k].to_numpy() for k in keys], sort=False).agg(
        ["sum", "size"])
    moved.index.names = keys
    moved = moved // results[factor].nunique()  # every run of a moving set moves
    moved = moved[moved["sum"] > 0].reset_index()
    moving = results[moves]
    first = moving.drop_duplicates(keys)[[*keys, *fixed]]
    example = moving.merge(first, on=[*keys, *fixed]).drop_duplicates([*keys, factor])
    taken = example.assign(value=example[factor].astype(str) + ": " + example["value"]).groupby(
        keys, sort=False)["value"].agg("; ".join).rename("values").reset_index()
    return moved.merge(taken, on=keys).rename(
        columns={"sum": "moved_in", "size": "sets"}).assign(factor=factor)


def _results(ranks: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Every run's results as text, one row each: verdicts, rank and Copeland intervals."""
    rank = [interval_label(best, worst) if pd.notna(best) else "no rank"
            for best, worst in zip(ranks["best"], ranks["worst"], strict=True)]
    score = [interval_label(lo, hi) for lo, hi in
             zip(ranks["copeland_lower"], ranks["copeland_upper"], strict=True)]
    cities = ranks[["run", "group", "place_id"]].assign(other_id="")
    return pd.concat([
        pairs[["run", "group", "place_id", "other_id"]].assign(result="verdict",
                                                                value=pairs["verdict"]),
        cities.assign(result="rank", value=rank),
        cities.assign(result="copeland", value=score)], ignore_index=True)
