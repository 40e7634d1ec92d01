"""Checks across rows and tables of the raw evidence.

:func:`validate` runs every check and returns every problem;
:func:`load_valid` is what the rest of the package calls: valid evidence or
a :class:`~lcstudy.errors.DataError` listing all that is wrong.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from lcstudy.config import ProjectPaths, raw_file
from lcstudy.dates import fact_years, parse_partial_date
from lcstudy.errors import DataError, Problem
from lcstudy.evidence import Evidence, load_evidence
from lcstudy.population import population_figures, resolve_population
from lcstudy.schema import RAW_TABLES, raw_table
from lcstudy.spreadsheets import FORMULA_START

__all__ = ["check", "validate", "load_valid"]

_BOUND_COLUMNS = ("value", "lower", "upper")


def _text(value: object) -> str:
    """A cell as the user wrote it (empty for missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _uniqueness(evidence: Evidence) -> Iterator[Problem]:
    """Unique columns and table keys."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        file = raw_file(table.file_name)
        lines = frame.index.to_numpy()
        keys = [[c.name] for c in table.columns if c.unique]
        keys += [list(table.key)] if table.key else []
        for key in keys:
            codes = [evidence.codes(table.name, k)[0] for k in key]
            rows = np.flatnonzero(np.logical_and.reduce([c >= 0 for c in codes]))
            group = _combined([c[rows] for c in codes])
            seen = _first_seen(group)
            first_line = lines[rows[seen]]  # of each group, by its code
            for position in np.flatnonzero(~seen).tolist():
                row = rows[position]
                value = "|".join(_text(frame[k].iloc[row]) for k in key)
                yield Problem(file, int(lines[row]), "+".join(key), value,
                              f"a unique value (line {first_line[group[position]]} has it already)")


def _combined(codes: list[np.ndarray]) -> np.ndarray:
    """One code per distinct combination of several columns' codes, numbered as first seen."""
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for column in codes:
        combined = pd.factorize(combined * (int(column.max(initial=-1)) + 2) + column + 1)[0]
    return combined


def _first_seen(codes: np.ndarray) -> np.ndarray:
    """Whether each row is the first of its code (codes numbered as first seen, as factorize does)."""
    return codes > np.maximum.accumulate(np.concatenate([[-1], codes[:-1]]))


def _per_distinct(rule: Callable[..., bool], *columns: np.ndarray) -> np.ndarray:
    """``rule`` of each row's values in ``columns``, applied once per distinct combination."""
    group = _combined([pd.factorize(c, use_na_sentinel=False)[0] for c in columns])
    seen = _first_seen(group)
    verdict = [rule(*values) for values in zip(*(c[seen] for c in columns), strict=True)]
    return np.array(verdict, dtype=bool)[group]


def _references(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Every id that points into another table exists there (unless that column was unread)."""
    for table in RAW_TABLES:
        lines = evidence.table(table.name).index.to_numpy()
        for column in (c for c in table.columns if c.references):
            target_table, target_column = column.references.split(".")
            if {target_table, column.references} & unread:
                continue  # its problem is reported; a missing id here would be a false one
            known = evidence.table(target_table)[target_column].dropna().unique()
            codes, distinct = evidence.codes(table.name, column.name)
            listed = np.append(pd.Series(distinct, dtype=object).isin(known).to_numpy(), True)
            expected = f"an id listed in data/raw/{target_table}.csv {target_column}"
            if 0 < len(known) <= _LISTED:  # a short list: name what is allowed
                expected += " (" + ", ".join(sorted(map(str, known))) + ")"
            for row in np.flatnonzero(~listed[codes]).tolist():
                yield Problem(raw_file(table.file_name), int(lines[row]), column.name,
                              distinct[codes[row]], expected)


#: The most ids a problem lists as the allowed values of a reference.
_LISTED = 12


def _rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of a raw table as its line number and a plain dict (faster than ``iterrows``)."""
    return zip(frame.index.tolist(), frame.to_dict("records"), strict=True)


#: A column as codes and distinct values (:meth:`lcstudy.evidence.Evidence.codes`).
_Coded = tuple[np.ndarray, np.ndarray]


def _coded(values: np.ndarray) -> _Coded:
    """An array of values as :meth:`~lcstudy.evidence.Evidence.codes` gives a column."""
    codes, distinct = pd.factorize(values)
    return codes, np.asarray(distinct, dtype=object)


def _texts(coded: _Coded) -> np.ndarray:
    """:func:`_text` of every cell of a column (each distinct value converted once)."""
    codes, distinct = coded
    return np.array([*map(_text, distinct), ""], dtype=object)[codes]


def _lookup(coded: _Coded, convert: Callable[[Any], Any]) -> np.ndarray:
    """``convert`` of every known cell of a column (each distinct value once), ``None`` for missing."""
    codes, distinct = coded
    out = np.empty(len(distinct) + 1, dtype=object)
    out[:-1] = [convert(v) for v in distinct]
    return out[codes]


def _cells(coded: _Coded) -> np.ndarray:
    """The cells of a column as objects, ``None`` for missing."""
    codes, distinct = coded
    out = np.empty(len(distinct) + 1, dtype=object)
    out[:-1] = distinct
    return out[codes]


def _known(coded: _Coded) -> np.ndarray:
    """Whether each cell of a column is filled."""
    return coded[0] >= 0


def _floats(column: pd.Series) -> np.ndarray:
    """A nullable numeric column as floats, NaN for missing."""
    return column.to_numpy(dtype=float, na_value=np.nan)


def _problems(file: str, frame: pd.DataFrame, where: np.ndarray, column: str,
              values: np.ndarray | str, expected: str | Callable[[int], str]) -> Iterator[Problem]:
    """One problem per row selected by ``where``: its value and what was expected.

    ``values`` is one text per row (or one for all); ``expected`` a text, or
    a function of the row's position, called for the selected rows only.
    """
    lines = frame.index.to_numpy()
    for position in np.flatnonzero(where).tolist():
        value = values if isinstance(values, str) else values[position]
        text = expected if isinstance(expected, str) else expected(position)
        yield Problem(file, int(lines[position]), column, value, text)


def _qualifier(evidence: Evidence) -> np.ndarray:
    """Per row: what the qualifier requires of value, lower and upper, if unmet (else None)."""
    facts = evidence.facts
    value, lower, upper = (_floats(facts[c]) for c in _BOUND_COLUMNS)
    known = {c: _known(evidence.codes("facts", c)) for c in _BOUND_COLUMNS}
    qualifier = _cells(evidence.codes("facts", "qualifier"))
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


def _facts(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Bounds, dates, paragraphs and notes of each fact (each rule on all rows at once).

    Paragraphs are not checked against the documents' counts while
    ``sources.csv`` or its ``paragraphs`` could not be read whole.
    """
    file = raw_file("facts.csv")
    facts = evidence.facts
    kinds = evidence.indicators.set_index("indicator_id")["value_type"].to_dict()
    paragraphs = evidence.sources.set_index("source_id")["paragraphs"].to_dict()
    coded = functools.partial(evidence.codes, "facts")
    kind = _lookup(coded("indicator_id"), kinds.get)
    text = {c: _texts(coded(c)) for c in (*_BOUND_COLUMNS, "period_start", "period_end",
                                           "inferred", "paragraph", "anchor")}
    known = {c: _known(coded(c)) for c in (*_BOUND_COLUMNS, "period_start", "inference",
                                           "partner_id", "relation", "part_of", "paragraph",
                                           "anchor")}
    expected = _qualifier(evidence)
    qualifier = _cells(coded("qualifier"))
    yield from _problems(file, facts, expected != None, "qualifier",  # noqa: E711
                         qualifier, expected.__getitem__)
    lower, upper = _floats(facts["lower"]), _floats(facts["upper"])
    yield from _problems(file, facts, known["lower"] & known["upper"] & (lower > upper), "lower",
                         text["lower"], lambda i: f"at most upper ({text['upper'][i]})")
    yield from _problems(file, facts, (kind == "count") & ~known["lower"], "lower", "",
                         "a lower bound for a count indicator")
    yield from _problems(file, facts, (kind == "date") & ~known["period_start"], "period_start",
                         "", "the date for a date indicator")
    any_bound = known["value"] | known["lower"] | known["upper"]
    yield from _problems(file, facts, (kind == "date") & any_bound, "value", text["value"],
                         "empty value, lower and upper for a date indicator")
    start, end = _days(text["period_start"]), _days(text["period_end"])
    yield from _problems(file, facts, end < start, "period_end", text["period_end"],
                         lambda i: f"a date from {text['period_start'][i]} on")
    yield from _inference(file, facts, text["inferred"], known["inference"])
    partner, place = _cells(coded("partner_id")), _cells(coded("place_id"))
    yield from _problems(file, facts, known["partner_id"] & (partner == place), "partner_id",
                         partner, "a party other than place_id")
    yield from _problems(file, facts, known["partner_id"] & ~known["relation"], "relation", "",
                         "one of made, shared, hosted_by for a relation (partner_id is given)")
    yield from _problems(file, facts, ~known["partner_id"] & known["relation"], "relation",
                         _cells(coded("relation")), "empty: a relation needs a partner_id")
    part_of = _cells(coded("part_of"))
    claims = coded("claim")[1]
    part_codes, part_distinct = coded("part_of")
    a_claim = np.append(pd.Series(part_distinct, dtype=object).isin(claims).to_numpy(), False)
    elsewhere = (part_of == _cells(coded("claim"))) | ~a_claim[part_codes]
    yield from _problems(file, facts, known["part_of"] & elsewhere, "part_of", part_of,
                         "another claim listed in data/raw/facts.csv claim")
    if not {"sources", "sources.paragraphs", "sources.source_id"} & unread:
        yield from _paragraph(file, evidence, text["paragraph"], paragraphs)
    fact_ids, source_ids = facts["fact_id"].to_numpy(), facts["source_id"].to_numpy()
    yield from _problems(file, facts, known["paragraph"] != known["anchor"], "anchor",
                         text["anchor"],
                         lambda k: f"an anchor exactly when a paragraph is cited (fact "
                                   f"{fact_ids[k]} of {source_ids[k]}: `lcstudy sources add` "
                                   f"fills it, `lcstudy sources check` verifies it)")


def _days(texts: np.ndarray) -> np.ndarray:
    """The day number of each partial date (:func:`parse_partial_date`), NaN when none."""
    codes, distinct = pd.factorize(texts)
    parsed = [parse_partial_date(t) for t in distinct]
    days = [d.toordinal() if d is not None else np.nan for d in parsed]
    return np.array([*days, np.nan], dtype=float)[codes]


def _inference(file: str, facts: pd.DataFrame, inferred: np.ndarray,
               reasoned: np.ndarray) -> Iterator[Problem]:
    """Every inference is named in ``inferred`` and has its reason in ``inference``."""
    codes, distinct = pd.factorize(inferred)
    aspects = [set(t.split(";")) - {""} for t in distinct]
    dated = np.array([False, *("date" in a for a in aspects)], dtype=bool)[codes + 1]
    named = np.array([False, *(bool(a) for a in aspects)], dtype=bool)[codes + 1]
    date_inferred = facts["date_inferred"].fillna(False).to_numpy(dtype=bool)
    yield from _problems(file, facts, date_inferred != dated, "inferred", inferred,
                         "date among the inferred aspects exactly when date_inferred is true")
    yield from _problems(file, facts, named & ~reasoned, "inference", "",
                         lambda i: "the reason for what was inferred ("
                         + ", ".join(sorted(aspects[codes[i]])) + ")")
    yield from _problems(file, facts, ~named & reasoned, "inferred", "",
                         "what was inferred (an inference reason is given)")


def _paragraph(file: str, evidence: Evidence, cited_text: np.ndarray,
               paragraphs: dict) -> Iterator[Problem]:
    """A paragraph is cited exactly when the source is a numbered document."""
    facts = evidence.facts
    sources = evidence.codes("facts", "source_id")
    source = _cells(sources)
    listed = _lookup(sources, paragraphs.__contains__) == True  # noqa: E712
    available = _lookup(sources, paragraphs.get)
    numbered = listed & ~pd.isna(available)
    cited = _known(evidence.codes("facts", "paragraph"))
    yield from _problems(file, facts, listed & ~numbered & cited, "paragraph", cited_text,
                         lambda i: f"empty: source {source[i]} has no numbered paragraphs")
    yield from _problems(file, facts, numbered & ~cited, "paragraph", "",
                         lambda i: f"a paragraph of {source[i]}")
    limit = np.where(numbered, available, np.nan).astype(float)
    beyond = numbered & cited & (_floats(facts["paragraph"]) > limit)
    yield from _problems(file, facts, beyond, "paragraph", cited_text,
                         lambda i: f"a paragraph from 1 to {int(available[i])} of {source[i]}")


def _claims(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Rows coding one claim (a document and its translation) agree.

    Quantities must be equal; dates must agree as far as both are precise
    ("2015" agrees with "2015-09-28"); two sources that each name the complete
    list a claim is read from name the same one. A column with an invalid
    cell is not compared (its rows would disagree with a missing value).
    """
    agreeing = ["place_id", "indicator_id", "partner_id", "relation", "status", "part_of",
                "qualifier", *_BOUND_COLUMNS]
    facts = evidence.facts
    codes = evidence.codes("facts", "claim")[0]
    coded = codes >= 0  # a missing claim: the cell itself was reported
    positions = np.flatnonzero(coded)
    # Codes number the claims as they first appear: the first row of claim k.
    first_row = positions[_first_seen(codes[coded])]
    first = np.where(coded, first_row[np.maximum(codes, 0)] if len(first_row) else 0,
                     np.arange(len(codes)))
    later = coded & (first != np.arange(len(codes)))
    lines = facts.index.to_numpy()
    claim = _cells(evidence.codes("facts", "claim"))
    for column in [*agreeing, "complete_list", "period_start", "period_end"]:
        if {"facts", "facts.claim", f"facts.{column}"} & unread:
            continue
        mine = _texts(evidence.codes("facts", column))
        theirs = mine[first]
        if column == "complete_list":  # a document need not cite the list its claim is read from
            differ = later & (mine != "") & (theirs != "") & (mine != theirs)
        else:
            differ = later & (_disagree(mine, theirs) if column.startswith("period_")
                              else mine != theirs)
        yield from _problems(raw_file("facts.csv"), facts, differ, column, mine,
                             _as_coded_first(theirs, lines[first], claim))


def _as_coded_first(theirs: np.ndarray, lines: np.ndarray,
                    claim: np.ndarray) -> Callable[[int], str]:
    """What a row disagreeing with the first row of its claim was expected to hold."""
    return lambda i: f"{theirs[i]!r} as on line {lines[i]}, which codes the same claim {claim[i]}"


def _disagree(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """Whether two partial dates differ as far as both are precise (each distinct pair once)."""
    return _per_distinct(lambda a, b: a[:min(len(a), len(b))] != b[:min(len(a), len(b))],
                         mine, theirs)


def _population_coverage(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Per-capita facts of the study cities have a population for their year.

    Not checked while population.csv, or the tables and columns saying which
    places and indicators need one, could not be read whole.
    """
    needed = {"places", "places.place_id", "places.study_city", "indicators",
              "indicators.indicator_id", "indicators.per_capita"}
    if any(item in needed or item.partition(".")[0] == "population" for item in unread):
        return
    per_capita = evidence.indicators.loc[evidence.indicators["per_capita"], "indicator_id"]
    study = evidence.study_cities
    facts = evidence.facts
    relevant = facts[facts["indicator_id"].isin(per_capita)]
    years = fact_years(relevant)
    needs = []
    for party in ("place_id", "partner_id"):
        places = relevant.loc[relevant[party].isin(study), party]
        needs.append((party, places, years.loc[places.index]))
    pairs = pd.concat([pd.DataFrame({"place": places.to_numpy(dtype=object),
                                     "year": year.to_numpy(dtype=object)})
                       for _, places, year in needs]).dropna().drop_duplicates()
    found = resolve_population(pairs["place"].tolist(), [int(y) for y in pairs["year"]],
                               population_figures(evidence.population))
    found = found[found["population"].notna()]
    known = pd.MultiIndex.from_arrays([found["place_id"].to_numpy(dtype=object),
                                       found["year"].to_numpy(dtype=np.int64)])
    for party, places, year in needs:
        undated = year.isna().to_numpy()
        when = year.fillna(-1).to_numpy(dtype=np.int64)
        unknown = ~undated & ~pd.MultiIndex.from_arrays(
            [places.to_numpy(dtype=object), when]).isin(known)
        for line in places.index[undated].tolist():
            yield Problem(raw_file("facts.csv"), line, "period_start", "",
                          "a date: per-capita indicators need the fact's year")
        for line, place, missing in zip(places.index[unknown].tolist(),
                                        places[unknown].tolist(), year[unknown].tolist(),
                                        strict=True):
            yield Problem(raw_file("facts.csv"), line, party, place,
                          f"a place with an official population for {missing} in "
                          "data/raw/population.csv, or figures of one definition on both "
                          "sides of that year (per-capita indicator)")


def _framework(evidence: Evidence) -> Iterator[Problem]:
    """The framework nests area > area of focus > feature; indicators point at a focus or feature."""
    kflc = evidence.kflc
    level = kflc.set_index("kflc_id")["level"].to_dict()
    parent_level = {"area": None, "focus": "area", "feature": "focus"}
    for line, row in _rows(kflc):
        wanted = parent_level.get(row["level"])
        got = level.get(row["parent_id"]) if pd.notna(row["parent_id"]) else None
        if pd.notna(row["level"]) and got != wanted and (wanted is None or got is not None):
            yield Problem(raw_file("kflc.csv"), line, "parent_id", _text(row["parent_id"]),
                          f"the id of an {wanted} for a {row['level']}" if wanted
                          else "empty: an area has no parent")
    for line, row in _rows(evidence.indicators):
        if pd.notna(row["kflc_id"]) and level.get(row["kflc_id"]) == "area":
            yield Problem(raw_file("indicators.csv"), line, "kflc_id", row["kflc_id"],
                          "an area of focus or a feature in data/raw/kflc.csv, not an area")


def _list_places(evidence: Evidence) -> dict[str, set[str]]:
    """The places named by each complete list."""
    named = {}
    for _, row in _rows(evidence.complete_lists):
        entries = evidence.table(row["entries_in"]) if pd.notna(row["entries_in"]) else None
        if entries is None:
            continue
        own = entries[entries["source_id"] == row["source_id"]]
        if len(own):  # a list without entries is reported by _complete_lists alone
            named[row["list_id"]] = set(own["place_id"].dropna())
    return named


def _states(evidence: Evidence) -> Iterator[Problem]:
    """A fact's state agrees with its values: zeros, complete lists and plans."""
    file = raw_file("facts.csv")
    facts = evidence.facts
    lists = evidence.complete_lists.set_index("list_id").to_dict("index")
    named = _list_places(evidence)
    published = evidence.sources.set_index("source_id")["published"].to_dict()
    value, lower, upper = (_floats(facts[c]) for c in _BOUND_COLUMNS)
    coded = functools.partial(evidence.codes, "facts")
    texts = {c: _texts(coded(c)) for c in ("upper", "value", "source_id", "status",
                                           "period_start")}
    yield from _problems(file, facts, (value == 0) & ~((lower == 0) & (upper == 0)), "upper",
                         texts["upper"], "lower = upper = 0 for a known zero (value 0)")
    from_list = _known(coded("complete_list"))
    zero = (value == 0) | (upper == 0)
    yield from _problems(file, facts, zero & ~from_list,
                         "complete_list", "",
                         "the complete list the zero is read from (data/raw/complete_lists.csv): "
                         "not reported is not zero")
    yield from _problems(file, facts, zero & from_list, "value", "0",
                         "no row: a known zero is derived from the complete list for every "
                         "eligible city absent from it (lcstudy.lists), never typed")
    yield from _read_from_list(file, evidence, texts, lists, named)
    year = fact_years(facts).to_numpy(dtype=float, na_value=np.nan)
    issued = _lookup(coded("source_id"), published.get)
    issued_year = _lookup(_coded(issued),
                          lambda i: np.nan if pd.isna(i) else int(str(i)[:4])).astype(float)
    planned = (texts["status"] == "planned") & (year < issued_year)  # NaN: never earlier
    yield from _problems(file, facts, planned, "status", "planned",
                         lambda i: f"happened, or a date from {str(issued[i])[:4]} on: a plan is "
                         f"dated when it is to happen, after its source ({issued[i]})")


def _read_from_list(file: str, evidence: Evidence, texts: dict[str, np.ndarray],
                    lists: dict[str, dict[str, Any]],
                    named: dict[str, set[str]]) -> Iterator[Problem]:
    """A count read from a complete list cites its source and matches the list."""
    facts = evidence.facts
    # a list without entries is reported by _complete_lists alone, not as false zeros
    name = _lookup(evidence.codes("facts", "complete_list"),
                   lambda n: n if n in lists and n in named else None)
    listed = name != None  # noqa: E711 (element-wise)
    if not listed.any():
        return
    attribute = {c: _lookup(_coded(name), _list_attribute(lists, c))
                 for c in ("source_id", "period_start", "period_end")}
    yield from _problems(file, facts, listed & (texts["source_id"] != attribute["source_id"]),
                         "source_id", texts["source_id"],
                         lambda i: f"{attribute['source_id'][i]}, the source of complete "
                         f"list {name[i]}")
    yield from _problems(file, facts, listed & (texts["status"] != "happened"), "status",
                         texts["status"], "happened for a count read from a complete list")
    dated = texts["period_start"]
    start, end = attribute["period_start"], attribute["period_end"]
    outside = np.zeros(len(facts), dtype=bool)
    outside[listed] = _outside(dated[listed], start[listed], end[listed])
    yield from _problems(file, facts, outside, "period_start", dated,
                         lambda i: f"a date from {start[i]} to {end[i]}, the period complete "
                         f"list {name[i]} covers")
    place = _cells(evidence.codes("facts", "place_id"))
    members = {(n, p) for n, places in named.items() for p in places}
    on_list = np.zeros(len(facts), dtype=bool)
    on_list[listed] = _per_distinct(lambda n, p: (n, p) in members, name[listed], place[listed])
    value = _floats(facts["value"])
    yield from _problems(file, facts, listed & ~on_list & (value != 0), "value", texts["value"],
                         lambda i: f"0: {place[i]} is not on complete list {name[i]}")
    yield from _problems(file, facts, on_list & (value == 0), "value", "0",
                         lambda i: f"a count above 0: {place[i]} is on complete list {name[i]}")


def _list_attribute(lists: dict[str, dict[str, Any]], column: str) -> Callable[[str], str]:
    """The text of one column of a complete list, by list id."""
    return lambda name: _text(lists[name][column])


def _outside(dated: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whether a partial date lies outside a period, as far as both are precise."""
    return _per_distinct(lambda d, s, e: d[:len(s)] < s[:len(d)] or d[:len(e)] > e[:len(d)]
                         if isinstance(s, str) else False, dated, start, end)


def _complete_lists(evidence: Evidence) -> Iterator[Problem]:
    """A list declared complete is in the data, with as many entries as its source gives."""
    file = raw_file("complete_lists.csv")
    for line, row in _rows(evidence.complete_lists):
        if pd.isna(row["entries_in"]) or pd.isna(row["source_id"]):
            continue  # the cell itself was reported
        entries = evidence.table(row["entries_in"])
        found = int((entries["source_id"] == row["source_id"]).sum())
        if found == 0:
            yield Problem(file, line, "source_id", row["source_id"],
                          f"a source whose entries are in data/raw/{row['entries_in']}.csv: "
                          "a list declared complete must be cited and in the data")
        elif pd.notna(row["entries"]) and found != row["entries"]:
            yield Problem(file, line, "entries", _text(row["entries"]),
                          f"{found}, the rows of data/raw/{row['entries_in']}.csv citing "
                          f"{row['source_id']}")
        start = parse_partial_date(_text(row["period_start"]))
        end = parse_partial_date(_text(row["period_end"]))
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
        for line, row in _rows(evidence.complete_lists):
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
    for line, row in _rows(evidence.complete_lists):
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


def _list_links(evidence: Evidence) -> Iterator[Problem]:
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
        for line, row in _rows(entries):
            place = named.get(str(row[column]).strip().casefold())
            if place is not None and pd.isna(row["place_id"]):
                yield Problem(raw_file(f"{table}.csv"), line, "place_id", "",
                              f"{place}: the entry names {row[column]}, the study city "
                              f"{place} (link it, or the list counts {place} as absent)")


def _same_occasion(evidence: Evidence) -> Iterator[Problem]:
    """A list marked as the same occasion as another has that list's period and entries."""
    lists = {row["list_id"]: row for _, row in _rows(evidence.complete_lists)}
    for line, row in _rows(evidence.complete_lists):
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


def _per_capita_rationale(evidence: Evidence) -> Iterator[Problem]:
    """A per-capita indicator says why its denominator means something."""
    for line, row in _rows(evidence.indicators):
        if row["per_capita"] is True and pd.isna(row["per_capita_rationale"]):
            yield Problem(raw_file("indicators.csv"), line, "per_capita_rationale", "",
                          "why dividing by residents means something (per_capita is true)")


def _source_voice(evidence: Evidence) -> Iterator[Problem]:
    """A city's own source names the city, a place of places.csv; no other source does."""
    places = set(evidence.places["place_id"].dropna())
    for line, row in _rows(evidence.sources):
        if pd.notna(row["voice_place_id"]) and row["voice_place_id"] not in places:
            yield Problem(raw_file("sources.csv"), line, "voice_place_id", row["voice_place_id"],
                          "an id listed in data/raw/places.csv place_id")
        if row["voice"] == "city" and pd.isna(row["voice_place_id"]):
            yield Problem(raw_file("sources.csv"), line, "voice_place_id", "",
                          "the place_id of the city whose government published it (voice city)")
        if row["voice"] != "city" and pd.notna(row["voice_place_id"]):
            yield Problem(raw_file("sources.csv"), line, "voice_place_id", row["voice_place_id"],
                          "empty: only a city's own source (voice city) names a city")


def _place_confidence(evidence: Evidence) -> Iterator[Problem]:
    """Coordinates and areas carry the confidence of their source.

    A confidence without a source is reported here only where the figure is
    missing too: a figure without its source is :func:`_study_city_needs`' problem,
    reported once on the same cell.
    """
    groups = (("coordinates_source_id", "coordinates_confidence", ("latitude", "longitude")),
              ("land_area_source_id", "land_area_confidence", ("land_area_km2",)))
    for line, row in _rows(evidence.places):
        for source, confidence, figure in groups:
            if pd.notna(row[source]) and pd.isna(row[confidence]):
                yield Problem(raw_file("places.csv"), line, confidence, "",
                              f"a confidence for the figure from {row[source]}")
            if (pd.isna(row[source]) and pd.notna(row[confidence])
                    and all(pd.isna(row[column]) for column in figure)):
                yield Problem(raw_file("places.csv"), line, source, "",
                              f"the source the {confidence} is about")


#: What a study city needs in ``places.csv``: each value, what it is, the column of its
#: source and what that source is of.
_STUDY_CITY_NEEDS = (
    ("latitude", "coordinates (latitude and longitude)", "coordinates_source_id", "coordinates"),
    ("longitude", "coordinates (latitude and longitude)", "coordinates_source_id", "coordinates"),
    ("land_area_km2", "a land area in km2", "land_area_source_id", "land area"),
)


def _study_city_needs(evidence: Evidence) -> Iterator[Problem]:
    """What a study city needs to be compared and mapped: location, area, population.

    Every study city has coordinates and a land area, each with the id of its
    source, and at least one official population figure (the years its
    per-capita facts need are checked by :func:`_population_coverage`). Any
    place's coordinates or area, study city or not, cite their source.
    """
    file = raw_file("places.csv")
    official = evidence.population[evidence.population["series"] == "official"]
    counted = set(official["place_id"].dropna())
    for line, row in _rows(evidence.places):
        study = bool(row["study_city"]) if pd.notna(row["study_city"]) else False
        for column, what, source, of in _STUDY_CITY_NEEDS:
            if pd.isna(row[column]):
                if study:
                    yield Problem(file, line, column, "", f"{what} for a study city")
            elif pd.isna(row[source]):
                yield Problem(file, line, source, "",
                              f"the source id of the {of} (an id in data/raw/sources.csv)")
        if study and pd.notna(row["place_id"]) and row["place_id"] not in counted:
            yield Problem(file, line, "place_id", row["place_id"],
                          "a study city with official population figures in "
                          "data/raw/population.csv (series official)")


def _searches(evidence: Evidence) -> Iterator[Problem]:
    """Searches cover a period, and a looked-up fact rests on the search that found it.

    A fact on a searched indicator from a source that is not a coded document
    (no ``paragraphs``) must have been found by a search recorded for its
    indicator and city; what a search found must be coded.
    """
    file = raw_file("searches.csv")
    searches = evidence.searches
    start, end = (searches[c].map(_text).to_numpy(dtype=object)
                  for c in ("period_start", "period_end"))
    yield from _problems(file, searches, _days(end) < _days(start), "period_end", end,
                         lambda i: f"a date from {start[i]} on")
    found = {(row["indicator_id"], row["place_id"], row["found_source_id"])
             for _, row in _rows(searches)}
    searched = {indicator for indicator, _, _ in found}
    documents = set(evidence.sources.dropna(subset=["paragraphs"])["source_id"])
    coded = set()
    for line, row in _rows(evidence.facts):
        key = (row["indicator_id"], row["place_id"], row["source_id"])
        coded.add(key)
        if row["indicator_id"] in searched and row["source_id"] not in documents \
                and key not in found:
            yield Problem(raw_file("facts.csv"), line, "source_id", row["source_id"],
                          f"a source found by a search for {row['indicator_id']} and "
                          f"{row['place_id']} recorded in {file} (found_source_id): the "
                          "indicator is coded from searches, so each city's must be recorded")
    for line, row in _rows(evidence.searches):
        key = (row["indicator_id"], row["place_id"], row["found_source_id"])
        if pd.notna(row["found_source_id"]) and key not in coded:
            yield Problem(file, line, "found_source_id", row["found_source_id"],
                          f"a source cited by a fact on {row['indicator_id']} for "
                          f"{row['place_id']} in data/raw/facts.csv: what a search found "
                          "is coded")


def _colours(evidence: Evidence) -> Iterator[Problem]:
    """A colour number belongs to one study city (:func:`lcstudy.figures.city_colours`).

    Another place's number is kept but unused: a city taken out of the study
    and put back gets its colour again.
    """
    file = raw_file("places.csv")
    numbered = [(line, row) for line, row in _rows(evidence.places) if pd.notna(row["colour"])]
    study = {line for line, row in numbered
             if pd.notna(row["study_city"]) and bool(row["study_city"])}
    holder: dict[int, str] = {}
    for line, row in numbered:
        if line in study:
            holder.setdefault(int(row["colour"]), str(row["place_id"]))
    most = int(raw_table("places").column("colour").maximum or 0)
    free = ", ".join(str(n) for n in range(1, most + 1) if n not in holder) or "none"
    for line, row in numbered:
        number = int(row["colour"])
        if line in study and holder[number] != row["place_id"]:
            yield Problem(file, line, "colour", str(number),
                          f"a number no other study city holds ({holder[number]} holds "
                          f"{number}; free: {free})")


def validate(paths: ProjectPaths) -> list[Problem]:
    """Run every check on a project's raw data.

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    list of Problem
        Every problem found, sorted by file and line; empty when valid.

    Examples
    --------
    >>> from lcstudy.config import project_paths
    >>> validate(project_paths())
    []
    """
    return _checked(paths)[1]


def check(paths: ProjectPaths) -> tuple[list[Problem], list[Problem]]:
    """Run every check on a project's raw data, and say what deserves a warning.

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    problems : list of Problem
        As :func:`validate` gives them.
    warnings : list of Problem
        Text cells a spreadsheet would evaluate as a formula (a leading
        ``=``, ``+``, ``-``, ``@``, tab or carriage return): valid, and
        written into the outputs with a leading ``'``.
    """
    evidence, problems = _checked(paths)
    return problems, sorted(_formulas(evidence))


def _formulas(evidence: Evidence) -> Iterator[Problem]:
    """Text cells of the raw tables that begin as a spreadsheet formula."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        for name, column in frame.items():
            if column.dtype != object and not isinstance(column.dtype, pd.StringDtype):
                continue
            for line, value in column.items():
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    yield Problem(raw_file(table.file_name), int(line), str(name), value,
                                  "no leading =, +, -, @, tab or carriage return (a "
                                  "spreadsheet runs it as a formula; outputs get a leading ')")


def _tables_of(problems: list[Problem]) -> frozenset[str]:
    """The tables whose files ``problems`` name (a repeated key: not read as a lookup)."""
    names = {raw_file(t.file_name): t.name for t in RAW_TABLES}
    return frozenset(names[p.file] for p in problems)


def _documents(evidence: Evidence) -> Iterator[Problem]:
    """A source that names its document's file gives the document's SHA-256."""
    sources = evidence.sources
    missing = sources["file"].notna() & sources["sha256"].isna()
    for line, row in sources[missing].iterrows():
        yield Problem(raw_file("sources.csv"), int(line), "sha256", "",
                      f"the SHA-256 of {row['file']} (64 hex digits), which `lcstudy sources "
                      "check` compares; a source with a file always has one")


def _unread(problems: list[Problem]) -> frozenset[str]:
    """Tables (``places``) and columns (``places.place_id``) not read whole.

    A table is unread when its file could not be read row by row (missing,
    undecodable, a bad header or separator, a row of the wrong length or a
    runaway quote: problems not about one column); a column, when one of its
    cells is invalid. Checks of other files against them are skipped, so one
    file's problem does not appear as false problems in the others.
    """
    names = {raw_file(t.file_name): t.name for t in RAW_TABLES}
    unread = set()
    for problem in problems:
        table = names.get(problem.file)
        if table is not None:
            unread.add(table if problem.column == "-" or problem.line <= 1
                       else f"{table}.{problem.column}")
    return frozenset(unread)


def _checked(paths: ProjectPaths) -> tuple[Evidence, list[Problem]]:
    """Load the raw tables and run every check on them."""
    evidence, problems = load_evidence(paths)
    repeated = list(_uniqueness(evidence))
    unread = _unread(problems) | _tables_of(repeated)
    # A row with an invalid cell is checked against others only once it is fixed:
    # the cell is missing from the frame, not empty, and rules reading it would err.
    invalid_rows = {(p.file, p.line) for p in problems if p.column != "-" and p.line > 1}
    found: list[Problem] = []
    for check in (_per_capita_rationale, _place_confidence, _documents):
        found += check(evidence)
    for check_read in (_facts, _references, _population_coverage, _claims):
        found += check_read(evidence, unread)
    unread_tables = {item.partition(".")[0] for item in unread}
    for check, reads in _ACROSS_TABLES.items():
        if not unread_tables & set(reads):
            found += check(evidence)
    problems += repeated + [p for p in found if (p.file, p.line) not in invalid_rows]
    return evidence, sorted(set(problems))


#: Checks that read several tables, and the tables they read: each is skipped
#: while one of its tables could not be read whole (no false problems).
_ACROSS_TABLES = {
    _framework: ("kflc", "indicators"),
    _states: ("facts", "complete_lists", "award_winners", "list_entries", "sources"),
    _complete_lists: ("complete_lists", "award_winners", "list_entries", "facts"),
    _study_city_needs: ("places", "population"),
    _source_voice: ("sources", "places"),
    _searches: ("searches", "facts", "sources"),
    _colours: ("places",),
    _list_links: ("places", "award_winners", "list_entries"),
}


def load_valid(paths: ProjectPaths) -> Evidence:
    """Load a project's raw data, refusing it unless it is entirely valid.

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    Evidence
        The typed tables.

    Raises
    ------
    DataError
        Listing every problem :func:`validate` finds.
    """
    evidence, problems = _checked(paths)
    if problems:
        raise DataError(problems)
    return evidence
