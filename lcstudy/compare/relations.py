"""Relations between places and the events of the study, as tables.

A relation (an agreement, a visit, an event hosted by another place) is a claim
with a partner: :func:`edges` lists them once each, under their subject;
:func:`timeline` lists every dated claim as an event.
"""

from __future__ import annotations

import pandas as pd

from lcstudy.dates import year_of

__all__ = ["edges", "timeline"]


def edges(claims: pd.DataFrame) -> pd.DataFrame:
    """The relations between two parties, one row per relation.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims from :func:`lcstudy.coding.claims.claims`.

    Returns
    -------
    pandas.DataFrame
        ``party``, ``partner``, ``kind`` (the indicator), ``label``, ``date``,
        ``date_inferred``, ``lower``, ``upper``, ``claim``, ``source_ids``;
        sorted by date (undated last), party and partner.
    """
    related = claims[claims["role"] == "subject"].dropna(subset=["partner_id"])
    out = pd.DataFrame(
        {
            "party": related["place_id"],
            "partner": related["partner_id"],
            "kind": related["indicator_id"],
            "label": related["label"],
            "date": related["period_start"],
            "date_inferred": related["date_inferred"],
            "lower": related["lower"],
            "upper": related["upper"],
            "claim": related["claim"],
            "source_ids": related["source_ids"],
        }
    )
    return out.sort_values(["date", "party", "partner", "claim"], na_position="last",
                           ignore_index=True)


def timeline(claims: pd.DataFrame) -> pd.DataFrame:
    """Every dated claim as an event, in date order.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims from :func:`lcstudy.coding.claims.claims`.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``year``, ``place_id``, ``partner_id``, ``indicator_id``,
        ``event`` (the claim's label), ``date_inferred``, ``status``
        (happened, planned or announced: a plan is drawn as a plan), ``claim``,
        ``source_ids``; one row per claim (relations once, under their subject).
        A known zero (upper bound 0) is no event, and a date known only
        within a period (a date indicator with ``period_end``) is not placed.
    """
    bounded = (claims["value_type"] == "date") & claims["period_end"].notna()
    dated = claims[(claims["role"] == "subject") & claims["period_start"].notna()
                   & (claims["upper"] != 0) & ~bounded]
    out = pd.DataFrame(
        {
            "date": dated["period_start"],
            "year": year_of(dated["period_start"]).astype(int),
            "place_id": dated["place_id"],
            "partner_id": dated["partner_id"],
            "indicator_id": dated["indicator_id"],
            "event": dated["label"],
            "date_inferred": dated["date_inferred"],
            "status": dated["status"],
            "claim": dated["claim"],
            "source_ids": dated["source_ids"],
        }
    )
    return out.sort_values(["date", "place_id", "claim"], ignore_index=True)
