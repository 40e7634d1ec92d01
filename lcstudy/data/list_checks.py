"""Checks of the complete lists and the searches of reference works.

A complete list (an award's winners, a network's members) makes a city's
absence a known zero for its period: :func:`check_states` checks the states
read from lists, :func:`check_complete_lists` the lists and their entries,
:func:`check_searches` the recorded searches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from lcstudy.config import raw_file
from lcstudy.data.checking import (
    BOUND_COLUMNS,
    cell_text,
    coded_cells,
    coded_known,
    coded_lookup,
    coded_texts,
    codes_of,
    day_numbers,
    float_column,
    numbered_rows,
    per_distinct,
    problems_at,
)
from lcstudy.data.evidence import Evidence
from lcstudy.dates import fact_years, parse_partial_date
from lcstudy.errors import Problem

__all__ = ["check_states", "check_complete_lists", "check_list_links", "check_searches"]


def _list_places(evidence: Evidence) -> dict[str, set[str]]:
    """The places named by each complete list."""
    named = {}
    for _, row in numbered_rows(evidence.complete_lists):
        entries = evidence.table(row["entries_in"]) if pd.notna(row["entries_in"]) else None
        if entries is None:
            continue
        own = entries[entries["source_id"] == row["source_id"]]
        if len(own):  # a list without entries is reported by check_complete_lists alone
            named[row["list_id"]] = set(own["place_id"].dropna())
    return named


def check_states(evidence: Evidence) -> Iterator[Problem]:
    """A fact's state agrees with its values: zeros, complete lists and plans."""
    file = raw_file("facts.csv")
    facts = evidence.facts
    lists = evidence.complete_lists.set_index("list_id").to_dict("index")
    named = _list_places(evidence)
    published = evidence.sources.set_index("source_id")["published"].to_dict()
    value, lower, upper = (float_column(facts[c]) for c in BOUND_COLUMNS)
    coded = functools.partial(evidence.codes, "facts")
    texts = {c: coded_texts(coded(c)) for c in ("upper", "value", "source_id", "status",
                                           "period_start")}
    yield from problems_at(file, facts, (value == 0) & ~((lower == 0) & (upper == 0)), "upper",
                         texts["upper"], "lower = upper = 0 for a known zero (value 0)")
    from_list = coded_known(coded("complete_list"))
    zero = (value == 0) | (upper == 0)
    yield from problems_at(file, facts, zero & ~from_list,
                         "complete_list", "",
                         "the complete list the zero is read from (data/raw/complete_lists.csv): "
                         "not reported is not zero")
    yield from problems_at(file, facts, zero & from_list, "value", "0",
                         "no row: a known zero is derived from the complete list for every "
                         "eligible city absent from it (lcstudy.coding.lists), never typed")
    yield from _read_from_list(file, evidence, texts, lists, named)
    year = fact_years(facts).to_numpy(dtype=float, na_value=np.nan)
    issued = coded_lookup(coded("source_id"), published.get)
    issued_year = coded_lookup(codes_of(issued),
                          lambda i: np.nan if pd.isna(i) else int(str(i)[:4])).astype(float)
    planned = (texts["status"] == "planned") & (year < issued_year)  # NaN: never earlier
    yield from problems_at(file, facts, planned, "status", "planned",
                         lambda i: f"happened, or a date from {str(issued[i])[:4]} on: a plan is "
                         f"dated when it is to happen, after its source ({issued[i]})")


def _read_from_list(file: str, evidence: Evidence, texts: dict[str, np.ndarray],
                    lists: dict[str, dict[str, Any]],
                    named: dict[str, set[str]]) -> Iterator[Problem]:
    """A count read from a complete list cites its source and matches the list."""
    facts = evidence.facts
    # a list without entries is reported by check_complete_lists alone, not as false zeros
    name = coded_lookup(evidence.codes("facts", "complete_list"),
                   lambda n: n if n in lists and n in named else None)
    listed = name != None  # noqa: E711 (element-wise)
    if not listed.any():
        return
    attribute = {c: coded_lookup(codes_of(name), _list_attribute(lists, c))
                 for c in ("source_id", "period_start", "period_end")}
    yield from problems_at(file, facts, listed & (texts["source_id"] != attribute["source_id"]),
                         "source_id", texts["source_id"],
                         lambda i: f"{attribute['source_id'][i]}, the source of complete "
                         f"list {name[i]}")
    yield from problems_at(file, facts, listed & (texts["status"] != "happened"), "status",
                         texts["status"], "happened for a count read from a complete list")
    dated = texts["period_start"]
    start, end = attribute["period_start"], attribute["period_end"]
    outside = np.zeros(len(facts), dtype=bool)
    outside[listed] = _outside(dated[listed], start[listed], end[listed])
    yield from problems_at(file, facts, outside, "period_start", dated,
                         lambda i: f"a date from {start[i]} to {end[i]}, the period complete "
                         f"list {name[i]} covers")
    place = coded_cells(evidence.codes("facts", "place_id"))
    members = {(n, p) for n, places in named.items() for p in places}
    on_list = np.zeros(len(facts), dtype=bool)
    on_list[listed] = per_distinct(lambda n, p: (n, p) in members, name[listed], place[listed])
    value = float_column(facts["value"])
    yield from problems_at(file, facts, listed & ~on_list & (value != 0), "value", texts["value"],
                         lambda i: f"0: {place[i]} is not on complete list {name[i]}")
    yield from problems_at(file, facts, on_list & (value == 0), "value", "0",
                         lambda i: f"a count above 0: {place[i]} is on complete list {name[i]}")


def _list_attribute(lists: dict[str, dict[str, Any]], column: str) -> Callable[[str], str]:
    """The text of one column of a complete list, by list id."""
    return lambda name: cell_text(lists[name][column])


def _outside(dated: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whether a partial date lies outside a period, as far as both are precise."""
    return per_distinct(lambda d, s, e: d[:len(s)] < s[:len(d)] or d[:len(e)] > e[:len(d)]
                         if isinstance(s, str) else False, dated, start, end)


def check_complete_lists(evidence: Evidence) -> Iterator[Problem]:
    """A list declared complete is in the data, with as many entries as its source gives."""
    file = raw_file("complete_lists.csv")
    for line, row in numbered_rows(evidence.complete_lists):
        if pd.isna(row["entries_in"]) or pd.isna(row["source_id"]):
            continue  # the cell itself was reported
        entries = evidence.table(row["entries_in"])
        found = int((entries["source_id"] == row["source_id"]).sum())
        if found == 0:
            yield Problem(file, line, "source_id", row["source_id"],
                          f"a source whose entries are in data/raw/{row['entries_in']}.csv: "
                          "a list declared complete must be cited and in the data")
        elif pd.notna(row["entries"]) and found != row["entries"]:
            yield Problem(file, line, "entries", cell_text(row["entries"]),
                          f"{found}, the rows of data/raw/{row['entries_in']}.csv citing "
                          f"{row['source_id']}")
        start = parse_partial_date(cell_text(row["period_start"]))
        end = parse_partial_date(cell_text(row["period_end"]))
        if start is not None and end is not None and end < start:
            yield Problem(file, line, "period_end", row["period_end"],
                          f"a date from {row['period_start']} on")
        elif start is not None and end is not None and row["entries_in"] == "award_winners":
            years = sorted(set(entries.loc[entries["source_id"] == row["source_id"],
                                           "award_year"].dropna().astype(int)))
            outside = [y for y in years if not start.year <= y <= end.year]
            if outside:
                yield Problem(file, line, "period_start", row["period_start"],
                              f"a period holding the round its entries name (award_year "
                              f"{', '.join(map(str, outside))} in data/raw/award_winners.csv)")
    yield from _list_both_ways(evidence)
    yield from _same_occasion(evidence)
    if not (evidence.indicators["indicator_id"] == "gnlc_membership").any():
        for line, row in numbered_rows(evidence.complete_lists):
            if row["eligible"] == "gnlc_members":
                yield Problem(file, line, "eligible", "gnlc_members",
                              "an indicator gnlc_membership in data/raw/indicators.csv, whose "
                              "facts date the membership this rule reads (or eligible = all)")


def _entries(evidence: Evidence, row: dict[str, Any]) -> pd.DataFrame:
    """The rows of a complete list's entries table citing its source."""
    entries = evidence.table(row["entries_in"])
    return entries[entries["source_id"] == row["source_id"]]


def _list_both_ways(evidence: Evidence) -> Iterator[Problem]:
    """A study city named on a complete list has the fact read from that list."""
    cities = set(evidence.study_cities)
    facts = evidence.facts
    read = set(zip(facts["complete_list"].dropna(),
                   facts.loc[facts["complete_list"].notna(), "place_id"], strict=True))
    for line, row in numbered_rows(evidence.complete_lists):
        if pd.isna(row["entries_in"]) or pd.isna(row["source_id"]) or \
                pd.notna(row["same_occasion_as"]):
            continue
        for place in sorted(set(_entries(evidence, row)["place_id"].dropna()) & cities):
            if (row["list_id"], place) not in read:
                yield Problem(raw_file("complete_lists.csv"), line, "list_id", row["list_id"],
                              f"a row of data/raw/facts.csv for {place} with complete_list = "
                              f"{row['list_id']}: the list names {place}, a study city")


#: The columns of ``places.csv`` that name a place.
_NAME_COLUMNS = ("name_en", "name_fi", "name_sv", "name_ko", "name_es")


def check_list_links(evidence: Evidence) -> Iterator[Problem]:
    """An entry of a complete list naming a study city links it by ``place_id``.

    A city added to the study whose award or list entry was left without its
    ``place_id`` would otherwise count as absent from the list (a known zero).
    """
    places = evidence.places
    study = places[places["study_city"].fillna(False).astype(bool)]
    named: dict[str, str] = {}
    for column in (c for c in _NAME_COLUMNS if c in study):
        for place, name in zip(study["place_id"], study[column], strict=True):
            if pd.notna(name):
                named.setdefault(str(name).strip().casefold(), place)
    for table, column in (("award_winners", "city"), ("list_entries", "name")):
        entries = evidence.table(table)
        if entries.empty:
            continue
        for line, row in numbered_rows(entries):
            place = named.get(str(row[column]).strip().casefold())
            if place is not None and pd.isna(row["place_id"]):
                yield Problem(raw_file(f"{table}.csv"), line, "place_id", "",
                              f"{place}: the entry names {row[column]}, the study city "
                              f"{place} (link it, or the list counts {place} as absent)")


def _same_occasion(evidence: Evidence) -> Iterator[Problem]:
    """A list marked as the same occasion as another has that list's period and entries."""
    lists = {row["list_id"]: row for _, row in numbered_rows(evidence.complete_lists)}
    for line, row in numbered_rows(evidence.complete_lists):
        other = row["same_occasion_as"]
        if pd.isna(other) or other not in lists:
            continue
        twin = lists[other]
        names = {n: set(_entries(evidence, r)["city" if r["entries_in"] == "award_winners"
                                                else "name"])
                 for n, r in (("this", row), ("other", twin))}
        if other == row["list_id"] or pd.notna(twin["same_occasion_as"]):
            expected = "another list that is itself no repeat"
        elif (row["period_start"], row["period_end"]) != (twin["period_start"],
                                                          twin["period_end"]):
            expected = f"a list of the same period ({twin['period_start']}-{twin['period_end']})"
        elif names["this"] != names["other"]:
            expected = f"a list naming the same entries ({other} names others)"
        else:
            continue
        yield Problem(raw_file("complete_lists.csv"), line, "same_occasion_as", other, expected)


def check_searches(evidence: Evidence) -> Iterator[Problem]:
    """Searches cover a period, and a looked-up fact rests on the search that found it.

    A fact on a searched indicator from a source that is not a coded document
    (no ``paragraphs``) must have been found by a search recorded for its
    indicator and city; what a search found must be coded.
    """
    file = raw_file("searches.csv")
    searches = evidence.searches
    start, end = (searches[c].map(cell_text).to_numpy(dtype=object)
                  for c in ("period_start", "period_end"))
    yield from problems_at(file, searches, day_numbers(end) < day_numbers(start), "period_end", end,
                         lambda i: f"a date from {start[i]} on")
    found = {(row["indicator_id"], row["place_id"], row["found_source_id"])
             for _, row in numbered_rows(searches)}
    searched = {indicator for indicator, _, _ in found}
    documents = set(evidence.sources.dropna(subset=["paragraphs"])["source_id"])
    coded = set()
    for line, row in numbered_rows(evidence.facts):
        key = (row["indicator_id"], row["place_id"], row["source_id"])
        coded.add(key)
        if row["indicator_id"] in searched and row["source_id"] not in documents \
                and key not in found:
            yield Problem(raw_file("facts.csv"), line, "source_id", row["source_id"],
                          f"a source found by a search for {row['indicator_id']} and "
                          f"{row['place_id']} recorded in {file} (found_source_id): the "
                          "indicator is coded from searches, so each city's must be recorded")
    for line, row in numbered_rows(evidence.searches):
        key = (row["indicator_id"], row["place_id"], row["found_source_id"])
        if pd.notna(row["found_source_id"]) and key not in coded:
            yield Problem(file, line, "found_source_id", row["found_source_id"],
                          f"a source cited by a fact on {row['indicator_id']} for "
                          f"{row['place_id']} in data/raw/facts.csv: what a search found "
                          "is coded")
