"""Checks across rows and tables of the raw evidence.

:func:`validate` runs every check and returns every problem;
:func:`load_valid` is what the rest of the package calls: valid evidence or
a :class:`~lcstudy.errors.DataError` listing all that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from lcstudy.config import ProjectPaths
from lcstudy.dates import fact_years, parse_partial_date
from lcstudy.errors import DataError, Problem
from lcstudy.evidence import Evidence, load_evidence
from lcstudy.population import population_figures, resolve_population
from lcstudy.schema import RAW_TABLES

__all__ = ["validate", "load_valid"]

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
        file = f"data/raw/{table.file_name}"
        keys = [[c.name] for c in table.columns if c.unique]
        keys += [list(table.key)] if table.key else []
        for key in keys:
            known = frame.dropna(subset=key)
            repeated = known[known.duplicated(subset=key, keep="first")]
            first = known.drop_duplicates(subset=key).reset_index().set_index(key)["line"]
            for line, row in repeated.iterrows():
                values = tuple(row[k] for k in key)
                original = first.loc[values if len(key) > 1 else values[0]]
                yield Problem(file, int(line), "+".join(key), "|".join(map(_text, values)),
                              f"a unique value (line {original} has it already)")


def _references(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
    """Every id that points into another table exists there (unless that column was unread)."""
    for table in RAW_TABLES:
        frame = evidence.table(table.name)
        for column in (c for c in table.columns if c.references):
            target_table, target_column = column.references.split(".")
            if {target_table, column.references} & unread:
                continue  # its problem is reported; a missing id here would be a false one
            known = set(evidence.table(target_table)[target_column].dropna())
            for line, value in frame[column.name].dropna().items():
                if value not in known:
                    yield Problem(f"data/raw/{table.file_name}", int(line), column.name, value,
                                  f"an id listed in data/raw/{target_table}.csv {target_column}")


def _rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of a raw table as its line number and a plain dict (faster than ``iterrows``)."""
    return zip(frame.index.tolist(), frame.to_dict("records"), strict=True)


def _qualifier(row: dict[str, Any]) -> str | None:
    """What the qualifier requires of value, lower and upper, if unmet."""
    known = {c: not pd.isna(row[c]) for c in _BOUND_COLUMNS}
    value, lower, upper = (float(row[c]) if known[c] else float("nan") for c in _BOUND_COLUMNS)
    qualifier = row["qualifier"]
    if pd.isna(qualifier):
        return None  # the cell itself was reported
    if qualifier == "exact" and any(known.values()) and not (lower == value == upper):
        return "lower = upper = value for an exact quantity"
    if qualifier == "at_least" and not (known["value"] and lower == value and not known["upper"]):
        return "lower = value and an empty (open) upper for 'at least'"
    if qualifier == "more_than" and not (known["value"] and known["lower"] and lower > value
                                         and not known["upper"]):
        return "lower above value and an empty (open) upper for 'more than'"
    if qualifier == "about" and not (known["value"] and known["lower"] and known["upper"]
                                     and lower <= value <= upper):
        return "lower <= value <= upper for 'about'"
    if qualifier in ("a_few", "several", "plural") and (known["value"] or not known["lower"]):
        return f"an empty value and a lower bound for '{qualifier}'"
    return None


def _facts(evidence: Evidence) -> Iterator[Problem]:
    """Bounds, dates, paragraphs and notes of each fact."""
    file = "data/raw/facts.csv"
    facts = evidence.facts
    kinds = evidence.indicators.set_index("indicator_id")["value_type"].to_dict()
    paragraphs = evidence.sources.set_index("source_id")["paragraphs"].to_dict()
    claims = set(facts["claim"].dropna())
    for line, row in _rows(facts):
        kind = kinds.get(row["indicator_id"])
        expected = _qualifier(row)
        if expected:
            yield Problem(file, line, "qualifier", row["qualifier"], expected)
        if not pd.isna(row["lower"]) and not pd.isna(row["upper"]) and row["lower"] > row["upper"]:
            yield Problem(file, line, "lower", _text(row["lower"]),
                          f"at most upper ({_text(row['upper'])})")
        if kind == "count" and pd.isna(row["lower"]):
            yield Problem(file, line, "lower", "", "a lower bound for a count indicator")
        if kind == "date" and pd.isna(row["period_start"]):
            yield Problem(file, line, "period_start", "", "the date for a date indicator")
        if kind == "date" and not all(pd.isna(row[c]) for c in _BOUND_COLUMNS):
            yield Problem(file, line, "value", _text(row["value"]),
                          "empty value, lower and upper for a date indicator")
        start = parse_partial_date(_text(row["period_start"]))
        end = parse_partial_date(_text(row["period_end"]))
        if start is not None and end is not None and end < start:
            yield Problem(file, line, "period_end", row["period_end"],
                          f"a date from {row['period_start']} on")
        yield from _inference(file, line, row)
        if pd.notna(row["partner_id"]) and row["partner_id"] == row["place_id"]:
            yield Problem(file, line, "partner_id", row["partner_id"],
                          "a party other than place_id")
        if pd.notna(row["partner_id"]) and pd.isna(row["relation"]):
            yield Problem(file, line, "relation", "",
                          "one of made, shared, hosted_by for a relation (partner_id is given)")
        if pd.isna(row["partner_id"]) and pd.notna(row["relation"]):
            yield Problem(file, line, "relation", row["relation"],
                          "empty: a relation needs a partner_id")
        if pd.notna(row["part_of"]) and (row["part_of"] == row["claim"]
                                         or row["part_of"] not in claims):
            yield Problem(file, line, "part_of", row["part_of"],
                          "another claim listed in data/raw/facts.csv claim")
        yield from _paragraph(file, line, row, paragraphs)
        if pd.isna(row["paragraph"]) != pd.isna(row["anchor"]):
            yield Problem(file, line, "anchor", _text(row["anchor"]),
                          "an anchor exactly when a paragraph is cited (lcstudy sources check)")


def _inference(file: str, line: int, row: dict[str, Any]) -> Iterator[Problem]:
    """Every inference is named in ``inferred`` and has its reason in ``inference``."""
    aspects = set(_text(row["inferred"]).split(";")) - {""}
    date_inferred = pd.notna(row["date_inferred"]) and bool(row["date_inferred"])
    if date_inferred != ("date" in aspects):
        yield Problem(file, line, "inferred", _text(row["inferred"]),
                      "date among the inferred aspects exactly when date_inferred is true")
    if aspects and pd.isna(row["inference"]):
        yield Problem(file, line, "inference", "",
                      "the reason for what was inferred (" + ", ".join(sorted(aspects)) + ")")
    if not aspects and pd.notna(row["inference"]):
        yield Problem(file, line, "inferred", "",
                      "what was inferred (an inference reason is given)")


def _paragraph(file: str, line: int, row: dict[str, Any], paragraphs: dict) -> Iterator[Problem]:
    """A paragraph is cited exactly when the source is a numbered document."""
    if row["source_id"] not in paragraphs:
        return
    available, cited = paragraphs[row["source_id"]], row["paragraph"]
    if pd.isna(available) and not pd.isna(cited):
        yield Problem(file, line, "paragraph", _text(cited),
                      f"empty: source {row['source_id']} has no numbered paragraphs")
    elif not pd.isna(available) and pd.isna(cited):
        yield Problem(file, line, "paragraph", "", f"a paragraph of {row['source_id']}")
    elif not pd.isna(available) and cited > available:
        yield Problem(file, line, "paragraph", _text(cited),
                      f"a paragraph from 1 to {int(available)} of {row['source_id']}")


def _claims(evidence: Evidence) -> Iterator[Problem]:
    """Rows coding one claim (a document and its translation) agree.

    Quantities must be equal; dates must agree as far as both are precise
    ("2015" agrees with "2015-09-28"); two sources that each name the complete
    list a claim is read from name the same one.
    """
    agreeing = ["place_id", "indicator_id", "partner_id", "relation", "status", "part_of",
                "qualifier", *_BOUND_COLUMNS]
    first_coded: dict[str, tuple[int, dict[str, Any]]] = {}
    for line, row in _rows(evidence.facts):
        if pd.isna(row["claim"]):
            continue  # the cell itself was reported
        first_line, first = first_coded.setdefault(row["claim"], (line, row))
        if first_line == line:
            continue
        expected = [(c, _text(first[c])) for c in agreeing if _text(row[c]) != _text(first[c])]
        # a document need not cite the complete list its claim is also read from
        if "" != _text(row["complete_list"]) != _text(first["complete_list"]) != "":
            expected.append(("complete_list", _text(first["complete_list"])))
        for column in ("period_start", "period_end"):
            mine, theirs = _text(row[column]), _text(first[column])
            common = min(len(mine), len(theirs))
            if mine[:common] != theirs[:common]:
                expected.append((column, theirs))
        for column, value in expected:
            yield Problem("data/raw/facts.csv", line, column, _text(row[column]),
                          f"{value!r} as on line {first_line}, "
                          f"which codes the same claim {row['claim']}")


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
    needs = [(int(line), party, place, years.loc[line])
             for party in ("place_id", "partner_id")
             for line, place in relevant.loc[relevant[party].isin(study), party].items()]
    dated = [(place, int(year)) for _, _, place, year in needs if pd.notna(year)]
    found = resolve_population([p for p, _ in dated], [y for _, y in dated],
                               population_figures(evidence.population))
    found = found[found["population"].notna()]
    known = set(zip(found["place_id"], found["year"], strict=True))
    for line, party, place, year in needs:
        if pd.isna(year):
            yield Problem("data/raw/facts.csv", line, "period_start", "",
                          "a date: per-capita indicators need the fact's year")
        elif (place, int(year)) not in known:
            yield Problem("data/raw/facts.csv", line, party, place,
                          f"a place with an official population for {year} in "
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
            yield Problem("data/raw/kflc.csv", line, "parent_id", _text(row["parent_id"]),
                          f"the id of an {wanted} for a {row['level']}" if wanted
                          else "empty: an area has no parent")
    for line, row in _rows(evidence.indicators):
        if pd.notna(row["kflc_id"]) and level.get(row["kflc_id"]) == "area":
            yield Problem("data/raw/indicators.csv", line, "kflc_id", row["kflc_id"],
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
    file = "data/raw/facts.csv"
    lists = evidence.complete_lists.set_index("list_id").to_dict("index")
    named = _list_places(evidence)
    published = evidence.sources.set_index("source_id")["published"].to_dict()
    for line, row in _rows(evidence.facts):
        zero = row["value"] == 0 or row["upper"] == 0
        if row["value"] == 0 and not (row["lower"] == 0 and row["upper"] == 0):
            yield Problem(file, line, "upper", _text(row["upper"]),
                          "lower = upper = 0 for a known zero (value 0)")
        if zero is True and pd.isna(row["complete_list"]):
            yield Problem(file, line, "complete_list", "",
                          "the complete list the zero is read from (data/raw/complete_lists.csv): "
                          "not reported is not zero")
        listed = lists.get(row["complete_list"]) if pd.notna(row["complete_list"]) else None
        if listed is not None and row["complete_list"] in named:
            yield from _read_from_list(file, line, row, listed, named[row["complete_list"]])
        year = fact_years(pd.DataFrame([row], dtype="string")).iloc[0]
        issued = published.get(row["source_id"])
        if row["status"] == "planned" and pd.notna(year) and pd.notna(issued) \
                and int(year) < int(str(issued)[:4]):
            yield Problem(file, line, "status", "planned",
                          f"happened, or a date from {str(issued)[:4]} on: a plan is dated when it "
                          f"is to happen, after its source ({issued})")


def _read_from_list(file: str, line: int, row: dict[str, Any], listed: dict[str, Any],
                    named: set[str]) -> Iterator[Problem]:
    """A count read from a complete list cites its source and matches the list."""
    name = row["complete_list"]
    if row["source_id"] != listed["source_id"]:
        yield Problem(file, line, "source_id", _text(row["source_id"]),
                      f"{listed['source_id']}, the source of complete list {name}")
    if row["status"] != "happened":
        yield Problem(file, line, "status", _text(row["status"]),
                      "happened for a count read from a complete list")
    start, end = _text(listed["period_start"]), _text(listed["period_end"])
    dated = _text(row["period_start"])
    if dated[:len(start)] < start[:len(dated)] or dated[:len(end)] > end[:len(dated)]:
        yield Problem(file, line, "period_start", dated,
                      f"a date from {start} to {end}, the period complete list {name} covers")
    on_list = row["place_id"] in named
    if not on_list and row["value"] != 0:
        yield Problem(file, line, "value", _text(row["value"]),
                      f"0: {row['place_id']} is not on complete list {name}")
    if on_list and row["value"] == 0:
        yield Problem(file, line, "value", "0",
                      f"a count above 0: {row['place_id']} is on complete list {name}")


def _complete_lists(evidence: Evidence) -> Iterator[Problem]:
    """A list declared complete is in the data, with as many entries as its source gives."""
    file = "data/raw/complete_lists.csv"
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


def _per_capita_rationale(evidence: Evidence) -> Iterator[Problem]:
    """A per-capita indicator says why its denominator means something."""
    for line, row in _rows(evidence.indicators):
        if row["per_capita"] is True and pd.isna(row["per_capita_rationale"]):
            yield Problem("data/raw/indicators.csv", line, "per_capita_rationale", "",
                          "why dividing by residents means something (per_capita is true)")


def _source_voice(evidence: Evidence) -> Iterator[Problem]:
    """A city's own source names the city, a place of places.csv; no other source does."""
    places = set(evidence.places["place_id"].dropna())
    for line, row in _rows(evidence.sources):
        if pd.notna(row["voice_place_id"]) and row["voice_place_id"] not in places:
            yield Problem("data/raw/sources.csv", line, "voice_place_id", row["voice_place_id"],
                          "an id listed in data/raw/places.csv place_id")
        if row["voice"] == "city" and pd.isna(row["voice_place_id"]):
            yield Problem("data/raw/sources.csv", line, "voice_place_id", "",
                          "the place_id of the city whose government published it (voice city)")
        if row["voice"] != "city" and pd.notna(row["voice_place_id"]):
            yield Problem("data/raw/sources.csv", line, "voice_place_id", row["voice_place_id"],
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
                yield Problem("data/raw/places.csv", line, confidence, "",
                              f"a confidence for the figure from {row[source]}")
            if (pd.isna(row[source]) and pd.notna(row[confidence])
                    and all(pd.isna(row[column]) for column in figure)):
                yield Problem("data/raw/places.csv", line, source, "",
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
    file = "data/raw/places.csv"
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


def _unread(problems: list[Problem]) -> frozenset[str]:
    """Tables (``places``) and columns (``places.place_id``) not read whole.

    A table is unread when its file could not be read row by row (missing,
    undecodable, a bad header or separator, a row of the wrong length or a
    runaway quote: problems not about one column); a column, when one of its
    cells is invalid. Checks of other files against them are skipped, so one
    file's problem does not appear as false problems in the others.
    """
    names = {f"data/raw/{t.file_name}": t.name for t in RAW_TABLES}
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
    unread = _unread(problems)
    for check in (_uniqueness, _facts, _claims, _per_capita_rationale, _place_confidence):
        problems += check(evidence)
    for check_read in (_references, _population_coverage):
        problems += check_read(evidence, unread)
    unread_tables = {item.partition(".")[0] for item in unread}
    for check, reads in _ACROSS_TABLES.items():
        if not unread_tables & set(reads):
            problems += check(evidence)
    return evidence, sorted(set(problems))


#: Checks that read several tables, and the tables they read: each is skipped
#: while one of its tables could not be read whole (no false problems).
_ACROSS_TABLES = {
    _framework: ("kflc", "indicators"),
    _states: ("facts", "complete_lists", "award_winners", "list_entries", "sources"),
    _complete_lists: ("complete_lists", "award_winners", "list_entries"),
    _study_city_needs: ("places", "population"),
    _source_voice: ("sources", "places"),
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
