"""Joint robustness: the per-area summaries under every combination of the analyst's choices.

A full factorial (:func:`lcstudy.variance.full_factorial`) over seven factors
(:data:`FACTORS`): population series and definition, normalisation method,
reference window, confidence threshold, leave one source document out,
open-bound handling and aggregation method. The claims are derived once per
population choice; every other choice only filters or rescales them, so the
windowed states of knowledge and the pair verdicts of
:mod:`lcstudy.comparability` are recomputed for all evidence variants at once
(:func:`variant_cells`, vectorised over a ``variant`` key and checked against
:func:`lcstudy.comparability.knowledge` and :func:`~lcstudy.comparability.verdicts`
by the tests), and the summaries of :mod:`lcstudy.summaries` run in their
``by`` forms.

Per run, each city's rank interval per group (from its aggregate, where
computable; else NaN with the reason) and each pair's verdict per group
(from pairwise dominance: ``surely higher`` is necessary dominance,
``not comparable`` no compared indicator). Nothing is skipped: an
inapplicable combination (a geometric mean of a value at or below 0, too few
indicators reported) is a run with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lcstudy.claims import claims as derive_claims
from lcstudy.claims import counted
from lcstudy.denominate import per_capita
from lcstudy.dominance import copeland, pairwise
from lcstudy.evidence import Evidence
from lcstudy.indicators import Choices
from lcstudy.normalisation import normalise
from lcstudy.schema import POPULATION_COVERAGE
from lcstudy.sensitivity import population_choices
from lcstudy.summaries import aggregate_summary, comparable_pairs, framework, headline
from lcstudy.variance import effects, full_factorial, rank_summary, verdict_shares

__all__ = ["ALL_CLAIMS", "FACTORS", "FIRM", "NO_SOURCE_LEFT_OUT", "OPEN", "Robustness",
           "evidence_levels", "robustness", "variant_cells"]

#: The factors, in the order of the factorial (the last varies fastest).
FACTORS = ("population", "window", "confidence", "left_out", "open_bounds", "normalisation",
           "aggregation")
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
_KEYS = ["variant", "place_id", "indicator_id"]


def evidence_levels(evidence: Evidence, claimed: pd.DataFrame, windows: Mapping[str, tuple[int, int]]
                    ) -> dict[str, list[object]]:
    """The levels of every factor for the shipped evidence.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    claimed : pandas.DataFrame
        Claims (:func:`lcstudy.claims.claims`), for the cited source documents.
    windows : mapping of str to (int, int)
        Reference windows by name.

    Returns
    -------
    dict of str to list
        One list of levels per factor of :data:`FACTORS`.
    """
    documents = evidence.sources.loc[evidence.sources["sha256"].notna(), "source_id"].tolist()
    cited = set(claimed["source_ids"].dropna().str.split(";").explode())
    return {
        "population": list(population_choices(evidence.population)),
        "window": list(windows),
        "confidence": [ALL_CLAIMS, " or ".join(FIRM)],
        "left_out": [NO_SOURCE_LEFT_OUT, *[d for d in documents if d in cited]],
        "open_bounds": [OPEN, CAPPED],
        "normalisation": list(_NORMALISATIONS),
        "aggregation": list(_AGGREGATIONS),
    }


def _sum_or_nan(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Interval sums per key; NaN where a term is unknown."""
    grouped = frame.groupby(keys, sort=False)
    out = grouped[["lo", "hi"]].sum()
    unknown = grouped["lo"].apply(lambda v: bool(v.isna().any()))
    out.loc[unknown, ["lo", "hi"]] = np.nan
    return out


def variant_cells(rows: pd.DataFrame, cities: Sequence[str], indicators: Sequence[str]
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline states of knowledge and pair verdicts of every evidence variant at once.

    Parameters
    ----------
    rows : pandas.DataFrame
        Counted claims with a ``variant`` key, already filtered to what each
        variant keeps (window, confidence, sources), with ``lo``/``hi`` (the
        headline measure of the claim), ``measure``, ``complete_list``,
        ``relation``, ``claim`` and ``coverage`` (whom its population counts;
        empty for totals).
    cities, indicators : sequence of str
        The grid of every variant.

    Returns
    -------
    tuple of pandas.DataFrame
        Cells (``variant``, ``place_id``, ``indicator_id``, ``measure``,
        ``state``, ``lower``, ``upper``, ``complete``) as
        :func:`lcstudy.comparability.knowledge` gives them for the headline
        measure, and pairs (``variant``, ``indicator_id``, ``measure``,
        ``city_a``, ``city_b``, ``verdict``, ``reason``) as
        :func:`lcstudy.comparability.verdicts` gives them.
    """
    variants = pd.unique(rows["variant"]) if len(rows) else np.array([], dtype=object)
    measure = rows.drop_duplicates("indicator_id").set_index("indicator_id")["measure"]
    grid = pd.MultiIndex.from_product([variants, list(cities), list(indicators)], names=_KEYS)
    sums = _sum_or_nan(rows, _KEYS).reindex(grid)
    grouped = rows.groupby(_KEYS, sort=False)
    complete = grouped["complete_list"].apply(lambda v: bool(v.notna().all())).reindex(grid)
    coverage = grouped["coverage"].apply(lambda v: ";".join(sorted(set(v) - {""}))).reindex(grid)
    cells = sums.rename(columns={"lo": "lower", "hi": "upper"}).reset_index()
    cells["n"] = grouped.size().reindex(grid).fillna(0).to_numpy(dtype=int)
    cells["complete"] = complete.fillna(False).to_numpy(dtype=bool)
    cells["coverage"] = coverage.fillna("").to_numpy(dtype=object)
    lo, hi = cells["lower"].to_numpy(), cells["upper"].to_numpy()
    cells["state"] = np.select([np.isnan(lo), (lo == 0) & (hi == 0) & cells["complete"], lo == hi],
                               ["not_reported", "known_zero", "known"], "bounded")
    cells["measure"] = cells["indicator_id"].map(measure).fillna("total").to_numpy()
    return cells, _variant_pairs(rows, cells, list(cities))


def _variant_pairs(rows: pd.DataFrame, cells: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """The comparability verdict of every pair of cities, indicator and variant."""
    order = {city: i for i, city in enumerate(cities)}
    a = cells.add_prefix("a_").rename(columns={"a_variant": "variant",
                                               "a_indicator_id": "indicator_id"})
    b = cells.add_prefix("b_").rename(columns={"b_variant": "variant",
                                               "b_indicator_id": "indicator_id"})
    pairs = a.merge(b, on=["variant", "indicator_id"])
    pairs = pairs[pairs["a_place_id"].map(order) < pairs["b_place_id"].map(order)]
    shared = rows[rows["relation"] == "shared"][["variant", "indicator_id", "place_id", "claim",
                                                 "lo", "hi"]]
    both = shared.merge(shared, on=["variant", "indicator_id", "claim"], suffixes=("_a", "_b"))
    both = both[both["place_id_a"] != both["place_id_b"]]
    taken = both.groupby(["variant", "indicator_id", "place_id_a", "place_id_b"]).agg(
        n=("claim", "size"), lo=("lo_a", "sum"), hi=("hi_a", "sum"))
    own = {}
    for side, other in (("a", "b"), ("b", "a")):
        key = pd.MultiIndex.from_frame(pairs[["variant", "indicator_id", f"{side}_place_id",
                                              f"{other}_place_id"]])
        cut = taken.reindex(key)
        n_own = pairs[f"{side}_n"].to_numpy() - cut["n"].fillna(0).to_numpy()
        low = pairs[f"{side}_lower"].to_numpy() - cut["lo"].fillna(0).to_numpy()
        high = np.where(pairs[f"{side}_complete"], pairs[f"{side}_upper"].to_numpy()
                        - cut["hi"].fillna(0).to_numpy(), np.inf)
        own[side] = (low, high, n_own, cut["n"].fillna(0).to_numpy())
    (a_lo, a_hi, a_own, n_shared), (b_lo, b_hi, b_own, _) = own["a"], own["b"]
    missing = pairs["a_state"].eq("not_reported") | pairs["b_state"].eq("not_reported")
    per_100k = pairs["a_measure"].eq("per_100k")
    coverage = per_100k & ((pairs["a_coverage"] != pairs["b_coverage"])
                           | pairs["a_coverage"].str.contains(";") | pairs["a_coverage"].eq("")
                           | pairs["a_coverage"].eq("not stated"))
    only_shared = (n_shared > 0) & (a_own == 0) & (b_own == 0)
    verdict = np.select([missing, coverage, only_shared, a_lo > b_hi, a_hi < b_lo,
                         (a_lo == a_hi) & (b_lo == b_hi) & (a_lo == b_lo)],
                        ["not_comparable"] * 3 + ["higher", "lower", "equal"], "undecided")
    absent = np.where(pairs["a_state"].eq("not_reported"), pairs["a_place_id"],
                      pairs["b_place_id"])
    reason = np.select([missing, coverage, only_shared],
                       [[f"{c} not reported in the window" for c in absent],
                        "the populations divided by count different people",
                        "only shared claims: one tie, not a value for each party"], "")
    return pd.DataFrame({"variant": pairs["variant"].to_numpy(),
                         "indicator_id": pairs["indicator_id"].to_numpy(),
                         "measure": pairs["a_measure"].to_numpy(),
                         "city_a": pairs["a_place_id"].to_numpy(),
                         "city_b": pairs["b_place_id"].to_numpy(),
                         "verdict": verdict, "reason": reason})


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
        order): ``verdict`` (one of :data:`lcstudy.variance.PAIR_VERDICTS`).
    """

    runs: pd.DataFrame
    ranks: pd.DataFrame
    pairs: pd.DataFrame

    def rank_ranges(self) -> pd.DataFrame:
        """Per group and city: :func:`lcstudy.variance.rank_summary` over the runs."""
        parts = [rank_summary(group, ("best", "worst")).assign(group=name)
                 for name, group in self.ranks.groupby("group", sort=False)]
        return pd.concat(parts, ignore_index=True)

    def verdict_shares(self) -> pd.DataFrame:
        """Per group and pair: the share of runs per verdict."""
        parts = [verdict_shares(group).assign(group=name)
                 for name, group in self.pairs.groupby("group", sort=False)]
        return pd.concat(parts, ignore_index=True)

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
            :func:`lcstudy.variance.effects` by group and city.
        """
        data = self.ranks.merge(self.runs, on="run")
        ends = {"rank": ("best", "worst"), "copeland": ("copeland_lower", "copeland_upper")}
        low, high = ends[output]
        data = data.assign(y=(data[low] + data[high]) / 2)
        return effects(data, list(FACTORS), "y", by=["group", "place_id"], reason="note")


def _variant_rows(stacked: pd.DataFrame, variants: pd.DataFrame,
                  windows: Mapping[str, tuple[int, int]]) -> pd.DataFrame:
    """The claims each evidence variant keeps, keyed by ``variant``."""
    out = stacked.merge(variants, on="population")
    span = out["window"].map(windows)
    first, last = span.str[0].to_numpy(dtype=float), span.str[1].to_numpy(dtype=float)
    year = out["year"].to_numpy(dtype=float)
    keep = (year >= first) & (year <= last)
    keep &= (out["confidence"] == ALL_CLAIMS).to_numpy() | out["claim_confidence"].isin(FIRM)
    sources = out["source_ids"].fillna("").str.split(";")
    remaining = [set(s) - {dropped} for s, dropped in zip(sources, out["left_out"], strict=True)]
    keep &= np.array([bool(r) for r in remaining], dtype=bool)
    return out[keep]


def robustness(evidence: Evidence, windows: Mapping[str, tuple[int, int]], *,
               threshold: float = 0.65) -> Robustness:
    """Run the full factorial of the study's choices.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    windows : mapping of str to (int, int)
        The reference windows compared, by name.
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
    per_head = catalogue.set_index("indicator_id")["per_capita"]
    stacked = []
    for name, choice in population_choices(evidence.population).items():
        rows = _population_rows(claimed, evidence, choice, per_head)
        stacked.append(rows.assign(population=name))
    evidence_factors = ["population", "window", "confidence", "left_out"]
    variants = runs[evidence_factors].drop_duplicates().reset_index(drop=True)
    variants.insert(0, "variant", range(len(variants)))
    rows = _variant_rows(pd.concat(stacked, ignore_index=True), variants, windows)
    cells, pairs = variant_cells(rows, cities, indicators)
    cells = headline(cells.assign(claims="", shared_claims="", outside_window="",
                                  window="", source_ids=""), catalogue)
    finite = cells["upper"].where(np.isfinite(cells["upper"]))
    caps = 2 * pd.concat([cells["lower"], finite], axis=1).max(axis=1).groupby(
        cells["indicator_id"]).max()
    capped = cells.assign(upper=np.where(np.isinf(cells["upper"]),
                                         cells["indicator_id"].map(caps), cells["upper"]))
    bounded = pd.concat([cells.assign(open_bounds=OPEN), capped.assign(open_bounds=CAPPED)],
                        ignore_index=True)
    bounded["problem"] = bounded["variant"].astype(str) + "|" + bounded["open_bounds"]
    compare = comparable_pairs(pairs, cells)
    compare = pd.concat([compare.assign(open_bounds=b) for b in (OPEN, CAPPED)])
    compare["problem"] = compare["variant"].astype(str) + "|" + compare["open_bounds"]
    keep = ["problem", "place_id", "indicator_id", "lower", "upper", "direction"]
    counts = pairwise(bounded[keep], framework=groups,
                      comparability=compare[["problem", "indicator_id", "place_id", "other_id",
                                             "comparable", "reason"]], by=["problem"])
    scores = copeland(counts)
    verdicts = _pair_verdicts(counts, cities)
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
    pair_runs = problem_of[["run", "problem"]].merge(verdicts, on="problem")
    pair_runs = pair_runs.sort_values(["run", "group"], key=_ordering(groups, cities),
                                      kind="stable")
    columns = ["run", "group", "place_id", "best", "worst", "copeland_lower", "copeland_upper",
               "note"]
    return Robustness(runs=runs, ranks=ranks[columns].reset_index(drop=True),
                      pairs=pair_runs[["run", "group", "place_id", "other_id", "verdict"]]
                      .reset_index(drop=True))


def _ordering(groups: dict[str, list[str]], cities: Sequence[str]):  # type: ignore[no-untyped-def]
    """Sort key: groups in framework order, cities in study order."""
    rank = {**{g: i for i, g in enumerate(groups)}, **{c: i for i, c in enumerate(cities)}}

    def key(column: pd.Series) -> pd.Series:
        return column if column.name == "run" else column.map(rank)
    return key


def _population_rows(claimed: pd.DataFrame, evidence: Evidence, choice: Choices,
                     per_head: pd.Series) -> pd.DataFrame:
    """The claims with their headline interval under one population choice."""
    divided = per_capita(claimed, evidence.population, series=choice.series,
                         definition=choice.definition, where="per_capita")
    head = divided["indicator_id"].map(per_head).to_numpy(dtype=bool)
    coverage = divided["population_definition"].map(POPULATION_COVERAGE).fillna("not stated")
    return pd.DataFrame({
        "place_id": divided["place_id"], "indicator_id": divided["indicator_id"],
        "claim": divided["claim"], "year": divided["year"], "source_ids": divided["source_ids"],
        "claim_confidence": divided["confidence"], "relation": divided["relation"],
        "complete_list": divided["complete_list"],
        "lo": np.where(head, divided["lower_per_100k"], divided["lower"]),
        "hi": np.where(head, divided["upper_per_100k"], divided["upper"]),
        "measure": np.where(head, "per_100k", "total"),
        "coverage": np.where(head, coverage, ""),
    })


def _scores(cells: pd.DataFrame, method: str, n_cities: int) -> pd.DataFrame:
    """Headline intervals normalised by ``method``, higher = better, for aggregation.

    ``minmax`` is left to :func:`lcstudy.summaries.aggregate_summary` (1-100);
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
    """Best and worst rank of each computable aggregate within its run and group."""
    ranked = normalise(agg.assign(_key=agg["problem"] + "|" + agg["normalisation"] + "|"
                                  + agg["aggregation"]), "rank", by=["_key", "group"],
                       direction=None)
    return agg.assign(best=ranked["normalised_lower"].to_numpy(),
                      worst=ranked["normalised_upper"].to_numpy())[
        ["problem", "normalisation", "aggregation", "group", "place_id", "best", "worst",
         "note"]]


def _pair_verdicts(counts: pd.DataFrame, cities: Sequence[str]) -> pd.DataFrame:
    """One verdict per unordered pair and group, from dominance counts."""
    order = {city: i for i, city in enumerate(cities)}
    rows = counts[counts["place_id"].map(order) < counts["other_id"].map(order)]
    reverse = (rows["n_compared"] > 0) & (rows["possibly_better"] == 0) & \
        (rows["surely_worse"] > 0)
    verdict = np.select([rows["n_compared"] == 0, rows["necessary"], reverse],
                        ["not comparable", "surely higher", "surely lower"], "undecided")
    return rows[["problem", "group", "place_id", "other_id"]].assign(verdict=verdict)
