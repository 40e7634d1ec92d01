"""Checks of the coded facts and the claims they add up to.

:func:`check_facts` checks each fact against the rules of its indicator
(qualifier and bounds, relation and partner, inference, paragraph and anchor);
:func:`check_claims` that the facts of one claim agree on what they claim.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from lcstudy.config import raw_file
from lcstudy.data.checking import (
    BOUND_COLUMNS,
    coded_cells,
    coded_known,
    coded_lookup,
    coded_texts,
    day_numbers,
    first_rows,
    float_column,
    per_distinct,
    problems_at,
)
from lcstudy.data.evidence import Evidence
from lcstudy.errors import Problem

__all__ = ["check_facts", "check_claims"]


def _qualifier(evidence: Evidence) -> np.ndarray:
    """Per row: what the qualifier requires of value, lower and upper, if unmet (else None)."""
    facts = evidence.facts
    value, lower, upper = (float_column(facts[c]) for c in BOUND_COLUMNS)
    known = {c: coded_known(evidence.codes("facts", c)) for c in BOUND_COLUMNS}
    qualifier = coded_cells(evidence.codes("facts", "qualifier"))
    # A missing qualifier matches no rule: the cell itself was reported.
    rules = [
        (qualifier == "exact") & (known["value"] | known["lower"] | known["upper"])
        & ~((lower == value) & (value == upper)),
        (qualifier == "at_least") & ~(known["value"] & (lower == value) & ~known["upper"]),
        (qualifier == "more_than") & ~(known["value"] & known["lower"] & (lower > value)
                                       & ~known["upper"]),
        (qualifier == "about") & ~(known["value"] & known["lower"] & known["upper"]
                                   & (lower <= value) & (value <= upper)),
        np.isin(qualifier, ["a_few", "several", "plural"]) & (known["value"] | ~known["lower"]),
    ]
    expected = [
        "lower = upper = value for an exact quantity",
        "lower = value and an empty (open) upper for 'at least'",
        "lower above value and an empty (open) upper for 'more than'",
        "lower <= value <= upper for 'about'",
    ]
    out = np.full(len(facts), None, dtype=object)
    for rule, text in zip(rules[:4], expected, strict=True):  # the qualifiers exclude each other
        out[rule] = text
    out[rules[4]] = [f"an empty value and a lower bound for '{q}'" for q in qualifier[rules[4]]]
    return out


def check_facts(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Bounds, dates, paragraphs and notes of each fact (each rule on all rows at once).

    Paragraphs are not checked against the documents' counts while
    ``sources.csv`` or its ``paragraphs`` could not be read whole.
    """
    file = raw_file("facts.csv")
    facts = evidence.facts
    kinds = evidence.indicators.set_index("indicator_id")["value_type"].to_dict()
    paragraphs = evidence.sources.set_index("source_id")["paragraphs"].to_dict()
    coded = functools.partial(evidence.codes, "facts")
    kind = coded_lookup(coded("indicator_id"), kinds.get)
    text = {c: coded_texts(coded(c)) for c in (*BOUND_COLUMNS, "period_start", "period_end",
                                           "inferred", "paragraph", "anchor")}
    known = {c: coded_known(coded(c)) for c in (*BOUND_COLUMNS, "period_start", "inference",
                                           "partner_id", "relation", "part_of", "paragraph",
                                           "anchor")}
    expected = _qualifier(evidence)
    qualifier = coded_cells(coded("qualifier"))
    yield from problems_at(file, facts, expected != None, "qualifier",  # noqa: E711
                         qualifier, expected.__getitem__)
    lower, upper = float_column(facts["lower"]), float_column(facts["upper"])
    yield from problems_at(file, facts, known["lower"] & known["upper"] & (lower > upper), "lower",
                         text["lower"], lambda i: f"at most upper ({text['upper'][i]})")
    yield from problems_at(file, facts, (kind == "count") & ~known["lower"], "lower", "",
                         "a lower bound for a count indicator")
    yield from problems_at(file, facts, (kind == "date") & ~known["period_start"], "period_start",
                         "", "the date for a date indicator")
    any_bound = known["value"] | known["lower"] | known["upper"]
    yield from problems_at(file, facts, (kind == "date") & any_bound, "value", text["value"],
                         "empty value, lower and upper for a date indicator")
    start, end = day_numbers(text["period_start"]), day_numbers(text["period_end"])
    yield from problems_at(file, facts, end < start, "period_end", text["period_end"],
                         lambda i: f"a date from {text['period_start'][i]} on")
    yield from _inference(file, facts, text["inferred"], known["inference"])
    partner, place = coded_cells(coded("partner_id")), coded_cells(coded("place_id"))
    yield from problems_at(file, facts, known["partner_id"] & (partner == place), "partner_id",
                         partner, "a party other than place_id")
    yield from problems_at(file, facts, known["partner_id"] & ~known["relation"], "relation", "",
                         "one of made, shared, hosted_by for a relation (partner_id is given)")
    yield from problems_at(file, facts, ~known["partner_id"] & known["relation"], "relation",
                         coded_cells(coded("relation")), "empty: a relation needs a partner_id")
    part_of = coded_cells(coded("part_of"))
    claims = coded("claim")[1]
    part_codes, part_distinct = coded("part_of")
    a_claim = np.append(pd.Series(part_distinct, dtype=object).isin(claims).to_numpy(), False)
    elsewhere = (part_of == coded_cells(coded("claim"))) | ~a_claim[part_codes]
    yield from problems_at(file, facts, known["part_of"] & elsewhere, "part_of", part_of,
                         "another claim listed in data/raw/facts.csv claim")
    if not {"sources", "sources.paragraphs", "sources.source_id"} & unread:
        yield from _paragraph(file, evidence, text["paragraph"], paragraphs)
    fact_ids, source_ids = facts["fact_id"].to_numpy(), facts["source_id"].to_numpy()
    yield from problems_at(file, facts, known["paragraph"] != known["anchor"], "anchor",
                         text["anchor"],
                         lambda k: f"an anchor exactly when a paragraph is cited (fact "
                                   f"{fact_ids[k]} of {source_ids[k]}: `lcstudy sources add` "
                                   f"fills it, `lcstudy sources check` verifies it)")


def _inference(file: str, facts: pd.DataFrame, inferred: np.ndarray,
               reasoned: np.ndarray) -> Iterator[Problem]:
    """Every inference is named in ``inferred`` and has its reason in ``inference``."""
    codes, distinct = pd.factorize(inferred)
    aspects = [set(t.split(";")) - {""} for t in distinct]
    dated = np.array([False, *("date" in a for a in aspects)], dtype=bool)[codes + 1]
    named = np.array([False, *(bool(a) for a in aspects)], dtype=bool)[codes + 1]
    date_inferred = facts["date_inferred"].fillna(False).to_numpy(dtype=bool)
    yield from problems_at(file, facts, date_inferred != dated, "inferred", inferred,
                         "date among the inferred aspects exactly when date_inferred is true")
    yield from problems_at(file, facts, named & ~reasoned, "inference", "",
                         lambda i: "the reason for what was inferred ("
                         + ", ".join(sorted(aspects[codes[i]])) + ")")
    yield from problems_at(file, facts, ~named & reasoned, "inferred", "",
                         "what was inferred (an inference reason is given)")


def _paragraph(file: str, evidence: Evidence, cited_text: np.ndarray,
               paragraphs: dict) -> Iterator[Problem]:
    """A paragraph is cited exactly when the source is a numbered document."""
    facts = evidence.facts
    sources = evidence.codes("facts", "source_id")
    source = coded_cells(sources)
    listed = coded_lookup(sources, paragraphs.__contains__) == True  # noqa: E712
    available = coded_lookup(sources, paragraphs.get)
    numbered = listed & ~pd.isna(available)
    cited = coded_known(evidence.codes("facts", "paragraph"))
    yield from problems_at(file, facts, listed & ~numbered & cited, "paragraph", cited_text,
                         lambda i: f"empty: source {source[i]} has no numbered paragraphs")
    yield from problems_at(file, facts, numbered & ~cited, "paragraph", "",
                         lambda i: f"a paragraph of {source[i]}")
    limit = np.where(numbered, available, np.nan).astype(float)
    beyond = numbered & cited & (float_column(facts["paragraph"]) > limit)
    yield from problems_at(file, facts, beyond, "paragraph", cited_text,
                         lambda i: f"a paragraph from 1 to {int(available[i])} of {source[i]}")


def check_claims(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Rows coding one claim (a document and its translation) agree.

    Quantities must be equal; dates must agree as far as both are precise
    ("2015" agrees with "2015-09-28"); two sources that each name the complete
    list a claim is read from name the same one. A column with an invalid
    cell is not compared (its rows would disagree with a missing value).
    """
    agreeing = ["place_id", "indicator_id", "partner_id", "relation", "status", "part_of",
                "qualifier", *BOUND_COLUMNS]
    facts = evidence.facts
    codes = evidence.codes("facts", "claim")[0]
    coded = codes >= 0  # a missing claim: the cell itself was reported
    positions = np.flatnonzero(coded)
    # Codes number the claims as they first appear: the first row of claim k.
    first_row = positions[first_rows(codes[coded])]
    first = np.where(coded, first_row[np.maximum(codes, 0)] if len(first_row) else 0,
                     np.arange(len(codes)))
    later = coded & (first != np.arange(len(codes)))
    lines = facts.index.to_numpy()
    claim = coded_cells(evidence.codes("facts", "claim"))
    for column in [*agreeing, "complete_list", "period_start", "period_end"]:
        if {"facts", "facts.claim", f"facts.{column}"} & unread:
            continue
        mine = coded_texts(evidence.codes("facts", column))
        theirs = mine[first]
        if column == "complete_list":  # a document need not cite the list its claim is read from
            differ = later & (mine != "") & (theirs != "") & (mine != theirs)
        else:
            differ = later & (_disagree(mine, theirs) if column.startswith("period_")
                              else mine != theirs)
        yield from problems_at(raw_file("facts.csv"), facts, differ, column, mine,
                             _as_coded_first(theirs, lines[first], claim))


def _as_coded_first(theirs: np.ndarray, lines: np.ndarray,
                    claim: np.ndarray) -> Callable[[int], str]:
    """What a row disagreeing with the first row of its claim was expected to hold."""
    return lambda i: f"{theirs[i]!r} as on line {lines[i]}, which codes the same claim {claim[i]}"


def _disagree(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """Whether two partial dates differ as far as both are precise (each distinct pair once)."""
    return per_distinct(lambda a, b: a[:min(len(a), len(b))] != b[:min(len(a), len(b))],
                         mine, theirs)
