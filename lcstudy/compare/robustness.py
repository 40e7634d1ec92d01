"""Joint robustness: the per-area summaries under every combination of the analyst's choices.

A full factorial (:func:`lcstudy.compare.design.full_factorial`) over seven factors
(:data:`lcstudy.compare.factorial.FACTORS`): population series and definition, normalisation method,
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

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from lcstudy.coding.claims import claims as derive_claims
from lcstudy.coding.claims import counted
from lcstudy.coding.lists import eligible_rounds
from lcstudy.compare.aggregate import METHODS, THRESHOLD
from lcstudy.compare.choices import BUILD_NORMALISATIONS
from lcstudy.compare.comparability import knowledge, verdicts
from lcstudy.compare.design import full_factorial
from lcstudy.compare.factorial import EVIDENCE_FACTORS, Robustness
from lcstudy.compare.framework import framework
from lcstudy.compare.indicators import denominated_claims
from lcstudy.compare.normalisation import normalise
from lcstudy.compare.sensitivity import population_choices
from lcstudy.compare.summaries import (
    aggregate_summary,
    comparable_pairs,
    dominance_summary,
    headline,
)
from lcstudy.data.evidence import Evidence

__all__ = ["ALL_CLAIMS", "FIRM", "NO_SOURCE_LEFT_OUT", "OPEN", "document_families",
           "evidence_levels", "robustness", "variant_cells"]

#: Confidence levels kept by the ``"document or official"`` threshold.
FIRM = ("document", "official")
#: Levels of the confidence and leave-one-out factors meaning "keep everything".
ALL_CLAIMS = "all claims"
NO_SOURCE_LEFT_OUT = "none"
#: Open-bound levels: left open, or capped at the stated plausible maximum.
OPEN = "open"
#: The cap of the capped level: this many times the largest finite bound on the indicator.
CAP_FACTOR = 2
CAPPED = f"capped at {CAP_FACTOR}x the largest finite bound"


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
        One list of levels per factor of :data:`lcstudy.compare.factorial.FACTORS`.
    """
    cited = set(claimed["source_ids"].dropna().str.split(";").explode())
    return {
        "population": list(population_choices(evidence.population)),
        "window": list(windows),
        "confidence": [ALL_CLAIMS, " or ".join(FIRM)],
        "left_out": [NO_SOURCE_LEFT_OUT, *[family for family in document_families(evidence)
                                           if cited & set(family.split(";"))]],
        "open_bounds": [OPEN, CAPPED],
        "normalisation": list(BUILD_NORMALISATIONS),
        "aggregation": list(METHODS),
    }


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
    claimed = {name: denominated_claims(evidence, choice) for name, choice in choices.items()}
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
               threshold: float = THRESHOLD) -> Robustness:
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
        :class:`lcstudy.compare.factorial.Robustness`.
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
    evidence_factors = list(EVIDENCE_FACTORS)
    variants = runs[evidence_factors].drop_duplicates().reset_index(drop=True)
    variants.insert(0, "variant", range(len(variants)))
    known, drawn = variant_cells(evidence, variants, windows)
    cells = headline(known, catalogue)
    bounded, compare = _open_bound_levels(cells, comparable_pairs(drawn, cells))
    counts, scores = dominance_summary(compare, groups, catalogue, by=["problem"])
    verdicts_by_pair = _pair_verdicts(counts, cities)
    summaries = []
    for method in BUILD_NORMALISATIONS:
        out = aggregate_summary(bounded, groups, normalisation=method, threshold=threshold,
                                by=["problem"], pairs=compare)
        summaries.append(out.assign(normalisation=method))
    agg = pd.concat(summaries, ignore_index=True).rename(columns={"method": "aggregation"})
    problem_of = variants.merge(runs, on=evidence_factors)
    problem_of["problem"] = problem_of["variant"].astype(str) + "|" + problem_of["open_bounds"]
    ordering = _ordering(groups, cities)
    ranks = _run_ranks(problem_of, _ranks(agg), scores, ordering)
    pair_runs = problem_of[["run", "problem"]].merge(verdicts_by_pair, on="problem")
    pair_runs = pair_runs.sort_values(["run", "group"], key=ordering, kind="stable")
    return Robustness(runs=runs, ranks=ranks,
                      pairs=pair_runs[["run", "group", "place_id", "other_id", "verdict",
                                       "indicators", "compared", "refused"]]
                      .reset_index(drop=True),
                      comparisons=variants.merge(drawn, on="variant").drop(columns="variant"))


def _open_bound_levels(cells: pd.DataFrame, pairs: pd.DataFrame
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The headline cells and comparable pairs under both treatments of an open bound.

    ``OPEN`` keeps a lower bound open; ``CAPPED`` caps it at :data:`CAP_FACTOR` times the largest
    finite bound any city has on the indicator. Each row's ``problem`` names
    its evidence variant and treatment: one aggregation problem each.
    """
    finite = cells["upper"].where(np.isfinite(cells["upper"]))
    caps = CAP_FACTOR * pd.concat([cells["lower"], finite], axis=1).max(axis=1).groupby(
        cells["indicator_id"]).max()
    capped = cells.assign(upper=np.where(np.isinf(cells["upper"]),
                                         cells["indicator_id"].map(caps), cells["upper"]))
    capped_pairs = pairs.assign(**{f"{side}_upper": np.where(
        np.isinf(pairs[f"{side}_upper"]), pairs["indicator_id"].map(caps),
        pairs[f"{side}_upper"]) for side in ("a", "b")})
    out = []
    for kept, cut in ((cells, capped), (pairs, capped_pairs)):
        both = pd.concat([kept.assign(open_bounds=OPEN), cut.assign(open_bounds=CAPPED)],
                         ignore_index=True)
        both["problem"] = both["variant"].astype(str) + "|" + both["open_bounds"]
        out.append(both)
    return out[0], out[1]


def _run_ranks(problem_of: pd.DataFrame, ranked: pd.DataFrame, scores: pd.DataFrame,
               ordering: Callable[[pd.Series], pd.Series]) -> pd.DataFrame:
    """Every run's rank and Copeland intervals per group and city, in run, group and city order."""
    ranks = problem_of[["run", "problem", "normalisation", "aggregation"]].merge(
        ranked, on=["problem", "normalisation", "aggregation"]).merge(
        scores[["problem", "group", "place_id", "lower", "upper"]].rename(
            columns={"lower": "copeland_lower", "upper": "copeland_upper"}),
        on=["problem", "group", "place_id"])
    ranks = ranks.sort_values(["run", "group", "place_id"], key=ordering, kind="stable")
    columns = ["run", "group", "place_id", "best", "worst", "copeland_lower", "copeland_upper",
               "note"]
    return ranks[columns].reset_index(drop=True)


def _ordering(groups: dict[str, list[str]], cities: Sequence[str]
              ) -> Callable[[pd.Series], pd.Series]:
    """Sort key: groups in framework order, cities in study order."""
    rank = {**{g: i for i, g in enumerate(groups)}, **{c: i for i, c in enumerate(cities)}}

    def key(column: pd.Series) -> pd.Series:
        return column if column.name == "run" else column.map(rank)
    return key


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
