"""From coded facts to claims, and from claims to one interval per city and indicator.

A *claim* is one statement, however many documents code it (a release and its
translation): it counts once, citing all its sources. A claim takes its date
from its most precisely dated source (a stated date before an inferred one);
a claim no source dates is dated by its sources' publication (it happened by
then: the codebook's one rule for undated claims).
A claim with a partner is a relation, and it belongs to both parties: an
agreement, a visit, an event's host, the agreed duration of a partnership.

A city absent from a complete list it could have been on gets a derived
claim of zero (:func:`lcstudy.coding.lists.known_zeros`), listed beside the coded ones.

Only what happened is counted: a plan or an announcement (``status``) and a
claim lying within another (``part_of``: a seminar inside a conference) stay
in the claims table, and so in the timeline, but add nothing to a city's
interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lcstudy.coding.lists import known_zeros
from lcstudy.data.evidence import Evidence
from lcstudy.dates import dated_by_publication, fact_years, year_of
from lcstudy.groups import join_codes, join_per_group
from lcstudy.intervals import closed_or_open

__all__ = ["claims", "city_indicators", "counted"]

_INDICATOR_ATTRIBUTES = ["indicator_id", "value_type", "unit", "direction", "per_capita", "per_area"]
#: How a claim was coded, carried into the claims table.
_CODING = ["relation", "actor", "status", "part_of", "complete_list"]


def _best_dated(facts: pd.DataFrame, claim: np.ndarray) -> pd.DataFrame:
    """One row per claim, in claim order: the most precise date, a stated date before an inferred one.

    ``claim`` numbers each fact's claim in sorted order. The sources of a
    claim agree on its quantity (the validator checks it) but may date it
    more or less precisely ("in 2015" against "28 September 2015").
    """
    precision = facts["period_start"].str.len().fillna(0).to_numpy(dtype=np.int64)
    inferred = facts["date_inferred"].to_numpy(dtype=bool, na_value=False)
    order = np.lexsort((facts["line"].to_numpy(), inferred, -precision, claim))
    best = order[np.flatnonzero(np.diff(claim[order], prepend=-1))]
    return facts.iloc[best].drop(columns=["line"]).reset_index(drop=True)


def _dated_by_publication(first: pd.DataFrame, facts: pd.DataFrame, claim: np.ndarray,
                          sources: pd.DataFrame) -> pd.DataFrame:
    """Undated claims end at the earliest publication of their sources (:func:`dated_by_publication`)."""
    published = facts["source_id"].map(sources.set_index("source_id")["published"])
    earliest = pd.Series(published.to_numpy(dtype=object)).groupby(claim).min()
    out, dated = dated_by_publication(
        first, pd.Series(earliest.reindex(range(len(first))).to_numpy(dtype=object),
                         index=first.index))
    out.loc[dated, "date_inferred"] = True
    return out


def claims(evidence: Evidence) -> pd.DataFrame:
    """One row per claim and party, with bounds as intervals.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``claim``, ``place_id``, ``partner_id``, ``role`` (``subject``
        or ``partner``), ``indicator_id``, ``label``, ``qualifier``, ``lower``,
        ``upper`` (``inf`` when open), ``period_start``, ``period_end``,
        ``period_years``, ``year``, ``date_inferred``, ``source_ids``,
        ``fact_ids``, ``confidence``, ``relation``, ``actor``, ``status``,
        ``part_of``, ``complete_list`` and the indicator's ``value_type``,
        ``unit``, ``direction``, ``per_capita`` and ``per_area``; sorted by
        place, indicator and claim. Date indicators carry their year as the
        interval: from the year of ``period_start`` to that of ``period_end``
        when the date is known only within a period.
    """
    facts = evidence.facts.reset_index()
    claim, names = pd.factorize(facts["claim"], sort=True)
    first = _best_dated(facts, claim)
    first["source_ids"] = join_codes(claim, len(names), facts["source_id"])
    first["fact_ids"] = join_codes(claim, len(names), facts["fact_id"])
    # a claim is read from a complete list when any of its sources is that list
    listed = join_codes(claim, len(names), facts["complete_list"])
    listed[listed == ""] = None
    first["complete_list"] = listed
    first = _dated_by_publication(first, facts, claim, evidence.sources)
    first["year"] = fact_years(first)
    indicators = evidence.indicators[_INDICATOR_ATTRIBUTES]
    first = first.merge(indicators, on="indicator_id", how="left", validate="many_to_one")
    lower, upper = closed_or_open(first["lower"], first["upper"])
    is_date = first["value_type"] == "date"
    year = year_of(first["period_start"]).astype(float)
    last_year = year_of(first["period_end"].fillna(first["period_start"])).astype(float)
    first["lower"] = lower.where(~is_date, year)
    first["upper"] = upper.where(~is_date, last_year)
    subject = first.assign(role="subject")
    related = first[first["partner_id"].notna()]
    partner = related.assign(role="partner", place_id=related["partner_id"],
                             partner_id=related["place_id"])
    columns = ["claim", "place_id", "partner_id", "role", "indicator_id", "label", "qualifier",
               "lower", "upper", "period_start", "period_end", "period_years", "year",
               "date_inferred", "source_ids", "fact_ids", "confidence", *_CODING,
               *_INDICATOR_ATTRIBUTES[1:]]
    parts = [subject, partner]
    if len(evidence.complete_lists):
        parts.append(known_zeros(evidence, evidence.study_cities).merge(
            indicators, on="indicator_id", how="left", validate="many_to_one"))
    both = pd.concat(parts, ignore_index=True)[columns]
    order = np.lexsort((pd.factorize(both["claim"], sort=True)[0],
                        pd.factorize(both["indicator_id"], sort=True)[0],
                        pd.factorize(both["place_id"], sort=True)[0]))
    return both.iloc[order].reset_index(drop=True)


def counted(table: pd.DataFrame) -> np.ndarray:
    """Which claims add to a place's interval.

    A claim counts when it happened (not a plan or an announcement), lies
    within no other claim (a seminar inside a conference counts with the
    conference) and, for a relation *made* by one party to the other (a
    visit), only for the party that made it: the partner received it, which
    is another quantity. A *shared* relation (an agreement) counts for both
    parties; :mod:`lcstudy.compare.comparability` then refuses to rank the two parties
    on it.

    Parameters
    ----------
    table : pandas.DataFrame
        Claims with ``status``, ``part_of``, ``role`` and ``relation``.

    Returns
    -------
    numpy.ndarray
        One boolean per row.
    """
    received = (table["role"] == "partner").to_numpy() & (table["relation"] == "made").fillna(
        False).to_numpy(dtype=bool)
    return ((table["status"] == "happened").to_numpy(dtype=bool)
            & table["part_of"].isna().to_numpy() & ~received)


def city_indicators(table: pd.DataFrame, *, by: Sequence[str] = ()) -> pd.DataFrame:
    """Combine claims into one interval per place and indicator.

    Counts add up (an open upper bound makes the sum open; one unknown
    per-capita term makes the per-capita sum unknown), and a sum is open
    above unless every claim in it is read from a complete list: news and
    releases report occasions, not inventories, so their count is a lower
    bound, as :func:`lcstudy.coding.claim_sums.held_state` holds it for the
    comparisons. Measures and dates keep
    the hull of their claims: smallest lower to largest upper. Only the
    claims that :func:`counted` selects are combined.

    Parameters
    ----------
    table : pandas.DataFrame
        Claims from :func:`claims` (with ``status`` and ``part_of``),
        optionally with the interval columns added by :mod:`lcstudy.compare.normalisation`
        (``lower_per_100k`` ...).
    by : sequence of str
        Further columns whose values are kept apart, e.g. ``["choice"]`` for
        claims normalised under several choices and stacked.

    Returns
    -------
    pandas.DataFrame
        One row per ``by``, ``place_id`` and ``indicator_id``: ``n_claims``,
        ``lower``, ``upper`` and any normalised interval columns,
        ``first_year``, ``last_year``, ``source_ids``, ``claims`` and the
        indicator attributes.
    """
    table = table[counted(table)]
    bounds = [c for c in table.columns if c.startswith(("lower", "upper"))]
    keys = [*by, "place_id", "indicator_id"]
    grouped = table.groupby(keys, sort=True)
    out = grouped[_INDICATOR_ATTRIBUTES[1:]].first()  # one call per kind of aggregate
    out["n_claims"] = grouped["claim"].nunique()
    out["first_year"] = grouped["year"].min()
    out["last_year"] = grouped["year"].max()
    out["source_ids"] = join_per_group(table[keys], table["source_ids"])
    out["claims"] = join_per_group(table[keys], table["claim"])
    values = grouped[bounds]
    has_unknown = values.count().to_numpy() < grouped.size().to_numpy()[:, None]
    summed = np.where(has_unknown, np.nan, values.sum(min_count=1).to_numpy())
    is_lower = np.array([c.startswith("lower") for c in bounds])
    hull = np.where(is_lower, values.min().to_numpy(), values.max().to_numpy())
    is_count = (out["value_type"] == "count").to_numpy()[:, None]
    listed = (grouped["complete_list"].count() == grouped.size()).to_numpy()[:, None]
    summed = np.where(~is_lower & ~listed & ~np.isnan(summed), np.inf, summed)
    combined = pd.DataFrame(np.where(is_count, summed, hull), index=out.index, columns=bounds)
    columns = ["n_claims", "first_year", "last_year", "source_ids", "claims",
               *_INDICATOR_ATTRIBUTES[1:]]
    return pd.concat([out[columns], combined], axis=1).reset_index()
