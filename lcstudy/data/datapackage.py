"""The processed tables, declared once: columns, types, units and meanings.

``lcstudy build`` refuses to write a table whose columns differ from these
declarations, writes ``datapackage.json`` (Frictionless Data Package) from
them, and the data dictionary is generated from them too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Field", "ProcessedTable", "PROCESSED", "comparison_fields", "descriptor",
           "descriptor_json"]


class Field(NamedTuple):
    """One column of a processed table (Table Schema field)."""

    name: str
    type: str
    description: str
    unit: str = ""


@dataclass(frozen=True)
class ProcessedTable:
    """One CSV file of ``data/processed``, declared as :class:`lcstudy.data.columns.Table` declares a raw one.

    Parameters
    ----------
    name : str
        Table name, also the file stem.
    description : str
        What one row says.
    columns : tuple of Field
        Columns in file order.
    """

    name: str
    description: str
    columns: tuple[Field, ...]

    @property
    def file_name(self) -> str:
        """The CSV file name."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """The header, in file order."""
        return [f.name for f in self.columns]


_CLAIM = Field("claim", "string", "Claim id (see data/raw/facts.csv).")
_SOURCES = Field("source_ids", "string", "Sources of the claims, ';'-separated (data/raw/sources.csv).")
_PLACE = Field("place_id", "string", "Place (data/raw/places.csv).")
_INDICATOR = Field("indicator_id", "string", "Indicator (data/raw/indicators.csv).")
_INTERVAL = "Open upper bounds are written inf; unknown values are empty."

_TABLES = (
    ProcessedTable(
        "claims",
        "One row per claim and party, normalised, with the population used. " + _INTERVAL,
        (
            _CLAIM, _PLACE,
            Field("partner_id", "string", "Other party of a relation."),
            Field("role", "string", "subject: the place the text is about; partner: the other party."),
            _INDICATOR,
            Field("label", "string", "What happened, in the coder's words."),
            Field("qualifier", "string", "How the text stated the quantity."),
            Field("lower", "number", "Lower bound of the stated quantity (dates: the year)."),
            Field("upper", "number", "Upper bound (inf: open)."),
            Field("period_start", "string", "Start of the period or date (YYYY[-MM[-DD]])."),
            Field("period_end", "string", "End of the period."),
            Field("period_years", "number", "Length of the period stated.", "years"),
            Field("year", "integer", "Reference year: of the period end, else the start."),
            Field("date_inferred", "boolean", "Whether a date was inferred from context."),
            _SOURCES,
            Field("fact_ids", "string", "Rows of data/raw/facts.csv coding the claim."),
            Field("confidence", "string", "Confidence of the figure."),
            Field("relation", "string", "made, shared or hosted_by, for a relation."),
            Field("actor", "string", "Who acts, when it is not the place."),
            Field("status", "string", "happened, planned or announced: only happened is counted."),
            Field("part_of", "string", "Claim this one lies within (not counted on its own)."),
            Field("complete_list", "string",
                  "Complete list the count is read from (data/raw/complete_lists.csv)."),
            Field("value_type", "string", "count, measure or date."),
            Field("unit", "string", "Unit of lower/upper."),
            Field("direction", "string", "higher, lower or none: which way is better."),
            Field("per_capita", "boolean", "Whether the indicator is given per 100 000 residents."),
            Field("per_area", "boolean", "Whether the indicator is given per km2."),
            Field("population", "number", "Population divided by.", "persons"),
            Field("population_year", "string", "Year of the figure, or the years interpolated between."),
            Field("population_definition", "string", "Who the population figure counts."),
            Field("population_method", "string", "exact, interpolated, not applicable, or why missing."),
            Field("population_source_ids", "string",
                  "Sources of the population figure(s) used (data/raw/sources.csv)."),
            Field("lower_per_100k", "number", "Lower bound per 100 000 residents.", "per 100 000"),
            Field("upper_per_100k", "number", "Upper bound per 100 000 residents.", "per 100 000"),
            Field("land_area_km2", "number", "Land area divided by.", "km2"),
            Field("lower_per_km2", "number", "Lower bound per km2 of land.", "per km2"),
            Field("upper_per_km2", "number", "Upper bound per km2 of land.", "per km2"),
            Field("lower_per_year", "number", "Lower bound per year of the stated period.", "per year"),
            Field("upper_per_year", "number", "Upper bound per year of the stated period.", "per year"),
        ),
    ),
    ProcessedTable(
        "indicators",
        "Tidy indicators: one interval per place, indicator and measure, with provenance. "
        + _INTERVAL,
        (
            _PLACE, _INDICATOR,
            Field("measure", "string", "total, per_100k, per_km2, per_year or minmax_0_100."),
            Field("lower", "number", "Lower bound."),
            Field("upper", "number", "Upper bound (inf: open)."),
            Field("n_claims", "integer", "Claims combined (counts add up)."),
            Field("first_year", "integer", "Earliest reference year of the claims."),
            Field("last_year", "integer", "Latest reference year of the claims."),
            Field("claims", "string", "Claims combined, ';'-separated."),
            _SOURCES,
            Field("population_used", "string", "Per claim: year, population, method, definition."),
            Field("population_source_ids", "string", "Sources of the populations used."),
            Field("method", "string", "How the interval was obtained."),
        ),
    ),
    ProcessedTable(
        "comparison",
        "Wide comparison of the study cities: one row per indicator and measure. " + _INTERVAL,
        (
            _INDICATOR,
            Field("label", "string", "Indicator label."),
            Field("unit", "string", "Unit of the total."),
            Field("measure", "string", "total, per_100k, per_km2, per_year or minmax_0_100."),
        ),
    ),
    ProcessedTable(
        "edges",
        "Relations between two parties (agreements, MOUs, visits, events), one row per relation.",
        (
            Field("party", "string", "Place the text is about."),
            Field("partner", "string", "The other party."),
            Field("kind", "string", "Indicator the relation counts towards."),
            Field("label", "string", "What happened."),
            Field("date", "string", "When (YYYY[-MM[-DD]])."),
            Field("date_inferred", "boolean", "Whether the date was inferred."),
            Field("lower", "number", "How many (lower bound)."),
            Field("upper", "number", "How many (upper bound, inf: open)."),
            _CLAIM, _SOURCES,
        ),
    ),
    ProcessedTable(
        "timeline",
        "Every dated claim, in date order.",
        (
            Field("date", "string", "When (YYYY[-MM[-DD]])."),
            Field("year", "integer", "Year of the date."),
            _PLACE,
            Field("partner_id", "string", "Other party, for relations."),
            _INDICATOR,
            Field("event", "string", "What happened, in the coder's words."),
            Field("date_inferred", "boolean", "Whether the date was inferred."),
            Field("status", "string", "happened, planned or announced."),
            _CLAIM, _SOURCES,
        ),
    ),
    ProcessedTable(
        "knowledge",
        "What the evidence knows of each study city on each key feature over the period its own "
        "evidence covers: one row per measure, indicator and city. " + _INTERVAL,
        (
            _INDICATOR,
            Field("measure", "string", "total or per_100k."),
            _PLACE,
            Field("period", "string", "Years counted, first-last: the city's evidence period "
                  "within the analyst's window (empty: none)."),
            Field("first", "number", "First year the city's evidence covers on the indicator."),
            Field("last", "number", "Last year it covers."),
            Field("rounds", "number", "Rounds of complete lists the city was eligible for in "
                  "the period (indicators counted by complete lists)."),
            Field("rule", "string", "How the period is derived: complete lists or own evidence."),
            Field("state", "string", "exact, bounded, lower_bound (open above), known_zero "
                  "(eligible, absent from a complete list) or not_reported."),
            Field("lower", "number", "Lower bound of the claims counted in the period."),
            Field("upper", "number", "Upper bound (inf: a lower bound only)."),
            Field("claims", "string", "Claims counted, ';'-separated."),
            Field("shared_claims", "string", "Those of them that are shared relations."),
            Field("outside_period", "string",
                  "Claims left out: undated, or not wholly inside the period."),
            Field("complete", "boolean",
                  "Whether every claim counted is read from a complete list (exact)."),
            Field("coverage", "string", "Whom the populations divided by count (per_100k)."),
            _SOURCES,
        ),
    ),
    ProcessedTable(
        "comparability",
        "For every key feature, measure and pair of study cities: the period both cities' "
        "evidence covers, each side's value in it, and whether and how they can be ordered. "
        + _INTERVAL,
        (
            _INDICATOR,
            Field("measure", "string", "total or per_100k."),
            Field("city_a", "string", "First city of the pair (places.csv order)."),
            Field("city_b", "string", "Second city of the pair."),
            Field("period", "string", "Years compared, first-last: the overlap of both cities' "
                  "periods within the window (empty: none)."),
            Field("rounds", "number", "Rounds of complete lists in the period."),
            Field("verdict", "string", "higher, lower, equal or undecided (city_a against "
                  "city_b, by value), or not_comparable."),
            Field("better", "string", "The city surely ahead by the indicator's direction."),
            Field("reason_code", "string", "Why this verdict (data/README.md: reason codes)."),
            Field("reason", "string", "The reason in words, rendered from reason_code."),
            Field("a_period", "string", "city_a's own evidence period."),
            Field("a_state", "string", "city_a's state in the period compared."),
            Field("a_lower", "number", "city_a's lower bound in it."),
            Field("a_upper", "number", "city_a's upper bound in it (inf: open)."),
            Field("b_period", "string", "city_b's own evidence period."),
            Field("b_state", "string", "city_b's state in the period compared."),
            Field("b_lower", "number", "city_b's lower bound in it."),
            Field("b_upper", "number", "city_b's upper bound in it (inf: open)."),
            Field("shared_claims", "string", "Shared claims taken out of both sides."),
            _SOURCES,
        ),
    ),
    ProcessedTable(
        "agreement",
        "Agreement of the independent second coding (data/raw/coding_b) with the first "
        "(data/raw/facts.csv), unit by unit (data/codebook.md, section 5): Krippendorff's alpha "
        "and percent agreement per indicator and overall, per attribute. Empty without a "
        "second coding.",
        (
            Field("indicator_id", "string", "Indicator, or all for every unit."),
            Field("attribute", "string", "presence, qualifier, value, status or date."),
            Field("level", "string", "Krippendorff's level of measurement: nominal or interval."),
            Field("units", "integer", "Units compared."),
            Field("agreement", "number", "Share of the units the two codings agree on (0 to 1)."),
            Field("alpha", "number", "Krippendorff's alpha (empty: undefined, no variation)."),
        ),
    ),
    ProcessedTable(
        "disagreements",
        "Every unit and attribute on which the two codings differ, with both values.",
        (
            Field("source_id", "string", "Document (data/raw/sources.csv)."),
            Field("paragraph", "integer", "Paragraph of the document."),
            _INDICATOR, _PLACE,
            Field("attribute", "string", "presence, qualifier, value, status or date."),
            Field("first", "string", "The first coding's value (data/raw/facts.csv)."),
            Field("second", "string", "The second coding's value (data/raw/coding_b)."),
        ),
    ),
)

#: Every processed table by file name, in the order they are described.
PROCESSED: dict[str, ProcessedTable] = {table.file_name: table for table in _TABLES}


def comparison_fields(cities: list[str]) -> tuple[Field, ...]:
    """Fields of ``comparison.csv`` for the given study cities."""
    fixed = PROCESSED["comparison.csv"].columns
    per_city = tuple(
        Field(f"{city}_{end}", "number", f"{end.capitalize()} bound for {city}.")
        for city in cities for end in ("lower", "upper")
    )
    return fixed + per_city


def descriptor(cities: list[str]) -> dict:
    """The Frictionless Data Package descriptor of ``data/processed``.

    Parameters
    ----------
    cities : list of str
        Study cities, which name columns of ``comparison.csv``.

    Returns
    -------
    dict
        The descriptor, ready for JSON.
    """
    resources = []
    for path, table in PROCESSED.items():
        description = table.description
        fields = comparison_fields(cities) if path == "comparison.csv" else table.columns
        resources.append({
            "name": path.removesuffix(".csv"),
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "encoding": "utf-8",
            "description": description,
            "schema": {
                "fields": [
                    {"name": f.name, "type": f.type, "description": f.description}
                    | ({"unit": f.unit} if f.unit else {})
                    for f in fields
                ],
                "missingValues": [""],
            },
        })
    return {
        "name": "lcstudy-processed",
        "title": "Comparable indicators of UNESCO learning cities (Espoo, Osan, Gongju)",
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def descriptor_json(cities: list[str]) -> str:
    """:func:`descriptor` as stable, indented JSON text."""
    return json.dumps(descriptor(cities), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
