"""Joint robustness: the per-area summaries under every combination of the analyst's choices.

A full factorial (:func:`lcstudy.compare.variance.full_factorial`) over seven factors
(:data:`FACTORS`): population series and definition, normalisation method,
analyst's window (none: each pair's own period, or a narrower one),
confidence threshold, leave one source document out, open-bound handling and
aggregation method. The claims are derived once per population choice; every
evidence variant (population, window, confidence, source left out) runs
through the one comparability engine (:func:`lcstudy.compare.comparability.knowledge`
and :func:`~lcstudy.compare.comparability.verdicts`, :func:`variant_cells`): no rule
of comparability is restated here. The summaries of :mod:`lcstudy.compare.summaries`
run in their ``by`` forms.

Per run, each city's rank interval per group (from its aggregate, where
computable; else NaN with the reason) and each pair's verdict per group
(from pairwise dominance: ``dominates`` is necessary dominance,
``not comparable`` no compared indicator). Nothing is skipped: an
inapplicable combination (a geometric mean of a value at or below 0, too few
indicators reported) is a run with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument
from lcstudy.coding.claims import claims as derive_claims
from lcstudy.coding.claims import counted
from lcstudy.coding.lists import eligible_rounds
from lcstudy.compare.comparability import knowledge, verdicts
from lcstudy.compare.framework import framework
from lcstudy.compare.indicators import normalised_claims
from lcstudy.compare.normalisation import normalise
from lcstudy.compare.sensitivity import population_choices
from lcstudy.compare.summaries import (
    aggregate_summary,
    comparable_pairs,
    dominance_summary,
    headline,
)
from lcstudy.compare.variance import effects, full_factorial, rank_summary, verdict_shares
from lcstudy.data.evidence import Evidence
from lcstudy.intervals import interval_label

__all__ = ["ALL_CLAIMS", "FACTORS", "FIRM", "NO_SOURCE_LEFT_OUT", "OPEN", "Robustness",
           "document_families", "evidence_levels", "robustness", "variant_cells"]

#: The factors, in the order of the factorial (the last varies fastest).
FACTORS = ("population", "window", "confidence", "left_out", "open_bounds", "normalisation",
           "aggregation")
#: The factors that change the evidence the engine compares (the others, its summaries).
_EVIDENCE = FACTORS[:4]
#: Confidence levels kept by the ``"document or official"`` threshold.
FIRM = ("document", "official")
#: Levels of the confidence and leave-one-out factors meaning "keep everything".
ALL_CLAIMS = "all claims"
NO_SOURCE_LEFT_OUT = "none"
#: Open-bound levels: left open, or capped at the stated plausible maximum.
OPEN = "open"
CAPPED = "capped at 2x the largest finite bound"
_NORMALISATIONS = ("minmax", "zscore", "rank", "percentile")
_AGGREGATIONS = ("arithmetic", "geometric")


def document_families(evidence: Evidence) -> list[str]:
    """The documents grouped with all their versions and translations.

    A family is the documents linked by ``translation_of`` or ``version_of``
    (either way, transitively): leaving out one version while keeping its
    twin leaves out nothing, so documents are left out a family at a time.

    Returns
    -------
    list of str
        One ``;``-joined, sorted list of source ids per family, in the order
        of each family's first document in ``sources.csv``.

    Examples
    --------
    >>> sources = pd.DataFrame({"source_id": ["a-en", "a-fi", "b"], "sha256": ["x", "y", "z"],
    ...     "translation_of": [None, None, None], "version_of": [None, "a-en", None]})
    >>> document_families(Evidence(sources=sources, places=pd.DataFrame(),
    ...     population=pd.DataFrame(), indicators=pd.DataFrame(), facts=pd.DataFrame(),
    ...     award_winners=pd.DataFrame()))
    ['a-en;a-fi', 'b']
    """
    documents = evidence.sources[evidence.sources["sha256"].notna()]
    family = {source: source for source in documents["source_id"]}

    def root(source: str) -> str:
        while family[source] != source:
            source = family[source]
        return source

    for column in ("translation_of", "version_of"):
        for source, other in zip(documents["source_id"], documents[column], strict=True):
            if pd.notna(other) and other in family:
                family[root(source)] = root(other)
    members: dict[str, list[str]] = {}
    for source in documents["source_id"]:
        members.setdefault(root(source), []).append(source)
    return [";".join(sorted(group)) for group in members.values()]


def evidence_levels(evidence: Evidence, claimed: pd.DataFrame,
                    windows: Mapping[str, tuple[int, int] | None]) -> dict[str, list[object]]:
    """The levels of every factor for the shipped evidence.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    claimed : pandas.DataFrame
        Claims (:func:`lcstudy.coding.claims.claims`), for the cited source documents.
    windows : mapping of str to (int, int) or None
        Windows by name (``None``: each pair's own period).

    Returns
    -------
    dict of str to list
        One list of levels per factor of :data:`FACTORS`.
    """
    cited = set(claimed["source_ids"].dropna().str.split(";").explode())
    return {
        "population": list(population_choices(evidence.population)),
        "window": list(windows),
        "confidence": [ALL_CLAIMS, " or ".join(FIRM)],
        "left_out": [NO_SOURCE_LEFT_OUT, *[family for family in document_families(evidence)
                                           if cited & set(family.split(";"))]],
        "open_bounds": [OPEN, CAPPED],
        "normalisation": list(_NORMALISATIONS),
        "aggregation": list(_AGGREGATIONS),
    }


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
        order): ``verdict`` (one of :data:`lcstudy.compare.variance.PAIR_VERDICTS`),
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
        """Per group and city: :func:`lcstudy.compare.variance.rank_summary` over the runs.

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
            :func:`lcstudy.compare.variance.verdict_shares` per group and pair, with the
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
            for results, factors in ((comparisons, _EVIDENCE), (summaries, FACTORS)):
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
        check_argument("factor", factor, f"one of {', '.join(_EVIDENCE)}", factor in _EVIDENCE)
        first = {f: self.runs[f].iloc[0] for f in _EVIDENCE if f != factor}
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


def _kept(claims: pd.DataFrame, confidence: str, left_out: str) -> pd.DataFrame:
    """The claims one evidence variant keeps: by confidence, and without one document family.

    ``left_out`` is a family of :func:`document_families` (``;``-joined ids).
    """
    keep = np.ones(len(claims), dtype=bool)
    if confidence != ALL_CLAIMS:
        keep &= claims["confidence"].isin(FIRM).to_numpy()
    if left_out != NO_SOURCE_LEFT_OUT:
        out = set(left_out.split(";"))
        remaining = claims["source_ids"].fillna("").map(
            lambda ids: ";".join(i for i in ids.split(";") if i and i not in out))
        claims = claims.assign(source_ids=remaining)
        keep &= (remaining != "").to_numpy()
    return claims[keep]


def variant_cells(evidence: Evidence, variants: pd.DataFrame,
                  windows: Mapping[str, tuple[int, int] | None]
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """States of knowledge and pair verdicts of every evidence variant, from the one engine.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    variants : pandas.DataFrame
        One row per ``variant`` with its ``population``, ``window``,
        ``confidence`` and ``left_out`` levels.
    windows : mapping of str to (int, int) or None
        The windows by name (``None``: each pair's own period).

    Returns
    -------
    tuple of pandas.DataFrame
        :func:`lcstudy.compare.comparability.knowledge` and
        :func:`lcstudy.compare.comparability.verdicts` of each variant, with its
        ``variant`` key: no rule of comparability is restated here.
    """
    cities = evidence.study_cities
    rounds = eligible_rounds(evidence, cities)
    choices = population_choices(evidence.population)
    claimed = {name: normalised_claims(evidence, choice) for name, choice in choices.items()}
    cells, pairs = [], []
    for row in variants.itertuples(index=False):
        rows = _kept(claimed[row.population], row.confidence, row.left_out)
        window = windows[row.window]
        known = knowledge(rows, cities, evidence.indicators, rounds, window,
                          searches=evidence.searches, counts_as=evidence.counts_as)
        cells.append(known.assign(variant=row.variant))
        pairs.append(verdicts(known, rows, evidence.indicators, rounds, window)
                     .assign(variant=row.variant))
    return pd.concat(cells, ignore_index=True), pd.concat(pairs, ignore_index=True)


def robustness(evidence: Evidence, windows: Mapping[str, tuple[int, int] | None], *,
               threshold: float = 0.65) -> Robustness:
    """Run the full factorial of the study's choices.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    windows : mapping of str to (int, int) or None
        The windows compared, by name (``None``: each pair's own period).
    threshold : float
        The data-availability rule of every aggregate.

    Returns
    -------
    Robustness
    """
    cities = evidence.study_cities
    catalogue = evidence.indicators
    groups = framework(catalogue, evidence.kflc)
    indicators = groups["overall"]
    claimed = derive_claims(evidence)
    claimed = claimed[claimed["place_id"].isin(cities) & claimed["indicator_id"].isin(indicators)]
    claimed = claimed[counted(claimed)]
    levels = evidence_levels(evidence, claimed, windows)
    runs = full_factorial(levels)
    evidence_factors = list(_EVIDENCE)
    variants = runs[evidence_factors].drop_duplicates().reset_index(drop=True)
    variants.insert(0, "variant", range(len(variants)))
    known, drawn = variant_cells(evidence, variants, windows)
    cells = headline(known, catalogue)
    finite = cells["upper"].where(np.isfinite(cells["upper"]))
    caps = 2 * pd.concat([cells["lower"], finite], axis=1).max(axis=1).groupby(
        cells["indicator_id"]).max()
    capped = cells.assign(upper=np.where(np.isinf(cells["upper"]),
                                         cells["indicator_id"].map(caps), cells["upper"]))
    bounded = pd.concat([cells.assign(open_bounds=OPEN), capped.assign(open_bounds=CAPPED)],
                        ignore_index=True)
    bounded["problem"] = bounded["variant"].astype(str) + "|" + bounded["open_bounds"]
    compare = comparable_pairs(drawn, cells)
    capped_pairs = compare.assign(**{f"{side}_upper": np.where(
        np.isinf(compare[f"{side}_upper"]), compare["indicator_id"].map(caps),
        compare[f"{side}_upper"]) for side in ("a", "b")})
    compare = pd.concat([compare.assign(open_bounds=OPEN),
                         capped_pairs.assign(open_bounds=CAPPED)], ignore_index=True)
    compare["problem"] = compare["variant"].astype(str) + "|" + compare["open_bounds"]
    counts, scores = dominance_summary(compare, groups, catalogue, by=["problem"])
    verdicts_by_pair = _pair_verdicts(counts, cities)
    summaries = []
    for method in _NORMALISATIONS:
        scaled = _scores(bounded, method, len(cities))
        out = aggregate_summary(scaled, groups, threshold=threshold, by=["problem"],
                                pairs=compare)
        summaries.append(out.assign(normalisation=method))
    agg = pd.concat(summaries, ignore_index=True).rename(columns={"method": "aggregation"})
    ranked = _ranks(agg)
    problem_of = variants.merge(runs, on=evidence_factors)
    problem_of["problem"] = problem_of["variant"].astype(str) + "|" + problem_of["open_bounds"]
    ranks = problem_of[["run", "problem", "normalisation", "aggregation"]].merge(
        ranked, on=["problem", "normalisation", "aggregation"]).merge(
        scores[["problem", "group", "place_id", "lower", "upper"]].rename(
            columns={"lower": "copeland_lower", "upper": "copeland_upper"}),
        on=["problem", "group", "place_id"])
    ranks = ranks.sort_values(["run", "group", "place_id"], key=_ordering(groups, cities),
                              kind="stable")
    pair_runs = problem_of[["run", "problem"]].merge(verdicts_by_pair, on="problem")
    pair_runs = pair_runs.sort_values(["run", "group"], key=_ordering(groups, cities),
                                      kind="stable")
    columns = ["run", "group", "place_id", "best", "worst", "copeland_lower", "copeland_upper",
               "note"]
    return Robustness(runs=runs, ranks=ranks[columns].reset_index(drop=True),
                      pairs=pair_runs[["run", "group", "place_id", "other_id", "verdict",
                                       "indicators", "compared", "refused"]]
                      .reset_index(drop=True),
                      comparisons=variants.merge(drawn, on="variant").drop(columns="variant"))


def _ordering(groups: dict[str, list[str]], cities: Sequence[str]):  # type: ignore[no-untyped-def]
    """Sort key: groups in framework order, cities in study order."""
    rank = {**{g: i for i, g in enumerate(groups)}, **{c: i for i, c in enumerate(cities)}}

    def key(column: pd.Series) -> pd.Series:
        return column if column.name == "run" else column.map(rank)
    return key


def _scores(cells: pd.DataFrame, method: str, n_cities: int) -> pd.DataFrame:
    """Headline intervals normalised by ``method``, higher = better, for aggregation.

    ``minmax`` is left to :func:`lcstudy.compare.summaries.aggregate_summary` (1-100);
    ranks become ``n + 1 - rank`` (1 to n); z-scores and percentiles are used as
    they are (a geometric mean of a value at or below 0 is then not computable).
    """
    if method == "minmax":
        return cells
    out = normalise(cells, method, by=["problem", "indicator_id"])
    lo, hi = out["normalised_lower"], out["normalised_upper"]
    if method == "rank":
        lo, hi = n_cities + 1 - out["normalised_upper"], n_cities + 1 - out["normalised_lower"]
    return cells.assign(lower=lo.to_numpy(), upper=hi.to_numpy(), _method=method)


def _ranks(agg: pd.DataFrame) -> pd.DataFrame:
    """Best and worst rank of each aggregate within its run and group.

    A rank exists only among all the study cities: where one city's aggregate
    is not computable, no city of that run and group is ranked (a rank among
    whichever cities happen to be computable would compare different sets),
    and the note says why.
    """
    keyed = agg.assign(_key=agg["problem"] + "|" + agg["normalisation"] + "|"
                       + agg["aggregation"])
    ranked = normalise(keyed, "rank", by=["_key", "group"], direction=None)
    every = keyed.groupby(["_key", "group"], sort=False)["lower"].transform(
        lambda values: values.notna().all()).to_numpy(dtype=bool)
    note = np.where(every | (agg["note"].fillna("") != ""), agg["note"].fillna(""),
                    "no rank: another city's aggregate is not computable")
    return agg.assign(best=np.where(every, ranked["normalised_lower"].to_numpy(), np.nan),
                      worst=np.where(every, ranked["normalised_upper"].to_numpy(), np.nan),
                      note=note)[
        ["problem", "normalisation", "aggregation", "group", "place_id", "best", "worst",
         "note"]]


def _pair_verdicts(counts: pd.DataFrame, cities: Sequence[str]) -> pd.DataFrame:
    """One verdict per unordered pair and group, from dominance counts, with those counts."""
    order = {city: i for i, city in enumerate(cities)}
    rows = counts[counts["place_id"].map(order) < counts["other_id"].map(order)]
    reverse = (rows["n_compared"] > 0) & (rows["possibly_better"] == 0) & \
        (rows["surely_worse"] > 0)
    verdict = np.select([rows["n_compared"] == 0, rows["necessary"], reverse],
                        ["not_comparable", "dominates", "dominated"], "undecided")
    refused = rows["not_comparable"] + rows["not_reported"]
    return rows[["problem", "group", "place_id", "other_id"]].assign(
        verdict=verdict, indicators=rows["n_compared"] + refused, compared=rows["n_compared"],
        refused=refused)
