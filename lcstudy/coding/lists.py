"""Complete lists: who could be on them, and the known zeros they give.

A list that is complete for its period (``data/raw/complete_lists.csv``: the
winners of one round of the UNESCO Learning City Award, say) makes a city's
absence from it a *known zero*, but only

- for the period the list covers (one round), never beyond it;
- for a city that could have been on it: an *eligible* city. Who is eligible
  is the list's rule (``eligible``, :data:`ELIGIBILITY`), read from recorded,
  sourced data. A city whose eligibility is unknown gets no zero: its value
  for that round is not known;
- once per occasion: a list naming the same entries for the same occasion as
  another (``same_occasion_as``) gives no zeros of its own.

The zeros are derived here, one claim per eligible study city absent from a
list (:func:`known_zeros`); they are never typed into ``facts.csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lcstudy.data.evidence import Evidence
from lcstudy.dates import parse_partial_date

__all__ = ["ELIGIBILITY", "MEMBERSHIP_INDICATOR", "eligible_rounds", "known_zeros",
           "latest_day", "list_entries", "members_from"]

#: The eligibility rules a complete list may state, and what each means.
ELIGIBILITY = {
    "gnlc_members": "cities that were members of the UNESCO Global Network of Learning Cities "
                    "on the first day of the list's period (a city on the list was eligible: "
                    "only members can win)",
    "all": "every place",
}
#: The indicator whose claims date a city's GNLC membership.
MEMBERSHIP_INDICATOR = "gnlc_membership"


def latest_day(text: object) -> date | None:
    """The last day a partial date can mean (``"2014"`` is 2014-12-31), or ``None``.

    Examples
    --------
    >>> latest_day("2021-02")
    datetime.date(2021, 2, 28)
    """
    if not isinstance(text, str):
        return None
    first = parse_partial_date(text)
    if first is None:
        return None
    if len(text) == 4:
        return date(first.year, 12, 31)
    if len(text) == 7:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


def list_entries(evidence: Evidence) -> pd.DataFrame:
    """The places named on each complete list.

    Returns
    -------
    pandas.DataFrame
        ``list_id`` and ``place_id``, one row per entry the study names.
    """
    parts = [pd.DataFrame({"list_id": pd.Series(dtype=object),
                           "place_id": pd.Series(dtype=object)})]
    for row in evidence.complete_lists.itertuples(index=False):
        entries = evidence.table(str(row.entries_in))
        own = entries.loc[(entries["source_id"] == row.source_id)
                          & entries["place_id"].notna(), "place_id"]
        parts.append(pd.DataFrame({"list_id": row.list_id, "place_id": own.astype(object)}))
    return pd.concat(parts, ignore_index=True)


def members_from(evidence: Evidence, entries: pd.DataFrame) -> dict[str, date]:
    """The first day each place is surely a GNLC member.

    A membership fact that happened gives the last day its date can mean (a
    date known only within a period: the period's end). A place on a list
    whose rule is ``gnlc_members`` was a member by the first day of that
    list's period. The earlier of the two counts; a place with neither is
    absent (its membership is unknown). Membership is taken to last: the
    evidence records no city leaving the network.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    entries : pandas.DataFrame
        From :func:`list_entries`.

    Returns
    -------
    dict of str to datetime.date
    """
    facts = evidence.facts
    joined = facts[(facts["indicator_id"] == MEMBERSHIP_INDICATOR)
                   & (facts["status"] == "happened")]
    found: dict[str, date] = {}
    for place, start, end in zip(joined["place_id"], joined["period_start"], joined["period_end"],
                                 strict=True):
        day = latest_day(end if isinstance(end, str) else start)
        if day is not None and (place not in found or day < found[place]):
            found[place] = day
    lists = evidence.complete_lists.set_index("list_id")
    for list_id, place in zip(entries["list_id"], entries["place_id"], strict=True):
        if lists.at[list_id, "eligible"] != "gnlc_members":
            continue
        day = parse_partial_date(str(lists.at[list_id, "period_start"]))
        if day is not None and (place not in found or day < found[place]):
            found[place] = day
    return found


def eligible_rounds(evidence: Evidence, cities: Sequence[str]) -> pd.DataFrame:
    """Which study city could be on which complete list.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    cities : sequence of str
        The study cities.

    Returns
    -------
    pandas.DataFrame
        One row per list (that is not a repeat of another occasion) and city:
        ``list_id``, ``indicator_id``, ``place_id``, ``eligible`` (bool),
        ``on_list`` (bool), the list's ``period_start``, ``period_end``,
        ``year`` (of its end), ``source_id`` and ``confidence``.
    """
    entries = list_entries(evidence)
    member = members_from(evidence, entries)
    named = set(zip(entries["list_id"], entries["place_id"], strict=True))
    lists = evidence.complete_lists
    lists = lists[lists["same_occasion_as"].isna()]
    rows = []
    for row in lists.itertuples(index=False):
        opens = parse_partial_date(str(row.period_start))
        for city in cities:
            on_list = (row.list_id, city) in named
            if row.eligible == "all":
                eligible = True
            else:
                since = member.get(city)
                eligible = on_list or (since is not None and opens is not None and since <= opens)
            rows.append({"list_id": row.list_id, "indicator_id": row.indicator_id,
                         "place_id": city, "eligible": eligible, "on_list": on_list,
                         "period_start": row.period_start, "period_end": row.period_end,
                         "year": int(str(row.period_end)[:4]), "source_id": row.source_id,
                         "confidence": row.confidence})
    columns = ["list_id", "indicator_id", "place_id", "eligible", "on_list", "period_start",
               "period_end", "year", "source_id", "confidence"]
    return pd.DataFrame(rows, columns=columns)


def known_zeros(evidence: Evidence, cities: Sequence[str]) -> pd.DataFrame:
    """One claim of zero for every eligible study city absent from a complete list.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    cities : sequence of str
        The study cities.

    Returns
    -------
    pandas.DataFrame
        Claim rows (the columns of :func:`lcstudy.coding.claims.claims` before the
        indicator's attributes): ``claim`` is ``<place>-not-on-<list>``,
        bounds 0, dated by the list's period, citing the list's source, with
        ``complete_list`` set and no ``fact_ids`` (derived, not coded).

    Examples
    --------
    The derived claims of the shipped study are listed in ``claims.csv``
    (``fact_ids`` empty, ``complete_list`` set).
    """
    rounds = eligible_rounds(evidence, cities)
    zero = rounds[rounds["eligible"].to_numpy(dtype=bool) & ~rounds["on_list"].to_numpy(dtype=bool)]
    end = zero["period_end"].astype(str)
    return pd.DataFrame({
        "claim": zero["place_id"] + "-not-on-" + zero["list_id"],
        "place_id": zero["place_id"], "partner_id": None, "role": "subject",
        "indicator_id": zero["indicator_id"],
        "label": "Not on complete list " + zero["list_id"] + " (eligible, absent)",
        "qualifier": "exact", "lower": 0.0, "upper": 0.0,
        "period_start": zero["period_start"], "period_end": zero["period_end"],
        "period_years": np.nan, "year": end.str[:4].astype("Int64"), "date_inferred": False,
        "source_ids": zero["source_id"], "fact_ids": "", "confidence": zero["confidence"],
        "relation": None, "actor": None, "status": "happened", "part_of": None,
        "complete_list": zero["list_id"],
    }).reset_index(drop=True)
