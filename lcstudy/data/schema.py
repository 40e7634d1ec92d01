"""The tables of ``data/raw``, declared once.

The validator, the loader and the data dictionary all read these declarations,
so what is documented is what is checked. How a table is declared is
:mod:`lcstudy.data.columns`; the values some columns allow are
:mod:`lcstudy.data.vocabularies`.
"""

from __future__ import annotations

from lcstudy.data.columns import Column, Table
from lcstudy.data.vocabularies import (
    CONFIDENCE,
    INFERRED,
    KFLC_LEVELS,
    QUALIFIERS,
    RELATIONS,
    STATUSES,
    VOICES,
)

__all__ = ["RAW_TABLES", "raw_table"]


_YEAR_MIN, _YEAR_MAX = 1990, 2030

SOURCES = Table(
    "sources",
    "One document or reference that facts cite.",
    (
        Column("source_id", "id", "Identifier cited by facts.", required=True, unique=True),
        Column("title", "text", "Title in the document's language.", required=True),
        Column("publisher", "text", "Who published it.", required=True),
        Column("language", "text",
               "ISO 639-1 language code, two lowercase letters (any language: a student's "
               "own documents may be in any).", required=True, pattern=r"[a-z]{2}"),
        Column("published", "partial_date", "Publication date.", required=True,
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("kind", "text", "What sort of document it is.", required=True,
               allowed=("press_release", "news", "statistics", "reference")),
        Column("voice", "text",
               "Whose voice it is: a city's own government (city), the press, UNESCO or its "
               "Institute for Lifelong Learning (unesco), a statistical office (statistics) or "
               "a reference work; whose documents a city is seen through.", required=True,
               allowed=VOICES),
        Column("voice_place_id", "id", "The city whose government published it (voice city), "
               "a place_id of places.csv."),
        Column("translation_of", "id",
               "The original this document translates, only where a document says which "
               "version is the original.", references="sources.source_id"),
        Column("version_of", "id",
               "Another language version of the same release, when no document says which "
               "version is the original.", references="sources.source_id"),
        Column("url", "text", "Where it was published, when known.", pattern=r"https?://\S+"),
        Column("sha256", "text", "SHA-256 of the document as received.",
               pattern=r"[0-9a-f]{64}"),
        Column("paragraphs", "integer",
               "Number of paragraphs (non-empty lines, title included) in the document "
               "as received; facts cite paragraphs 1 to this number.", minimum=1),
        Column("file", "text",
               "File name of the document as received, for `lcstudy sources check` "
               "(a file of another name is found by its SHA-256).", pattern=r"[A-Za-z0-9._-]+"),
        Column("note", "text", "Coder's note."),
    ),
)

PLACES = Table(
    "places",
    "A city, district, country or network that the study names.",
    (
        Column("place_id", "id", "Identifier.", required=True, unique=True),
        Column("kind", "text", "What sort of place or party it is.", required=True,
               allowed=("city", "district", "county", "country", "network")),
        Column("name_en", "text", "English name.", required=True),
        Column("name_fi", "text", "Finnish name."),
        Column("name_sv", "text", "Swedish name."),
        Column("name_ko", "text", "Korean name."),
        Column("name_es", "text", "Spanish name."),
        Column("country", "text", "ISO 3166-1 alpha-2 country code (empty for international networks).",
               pattern=r"[A-Z]{2}"),
        Column("parent_id", "id", "The place this one lies in.", references="places.place_id"),
        Column("latitude", "number", "Latitude of the centre (WGS 84).", unit="degree",
               minimum=-90, maximum=90),
        Column("longitude", "number", "Longitude of the centre (WGS 84).", unit="degree",
               minimum=-180, maximum=180),
        Column("coordinates_source_id", "id", "Source of the coordinates.",
               references="sources.source_id"),
        Column("coordinates_confidence", "text",
               "How far the coordinates can be trusted (given with their source).",
               allowed=CONFIDENCE),
        Column("land_area_km2", "number", "Land area.", unit="km2", minimum=0.001),
        Column("land_area_definition", "text", "What the area counts."),
        Column("land_area_source_id", "id", "Source of the area.", references="sources.source_id"),
        Column("land_area_confidence", "text",
               "How far the area can be trusted (given with its source).", allowed=CONFIDENCE),
        Column("map_anchor_id", "id",
               "For a party without a location of its own (a network): the place it is drawn at.",
               references="places.place_id"),
        Column("study_city", "boolean", "Whether the city is one of the compared cities.",
               required=True),
        Column("colour", "integer",
               "A study city's colour in every figure: its number in "
               "`lcstudy.exhibits.style.CITY_PALETTE` (1 to 10), unique among the study cities "
               "(unused for other places). "
               "Empty: the lowest number no study city holds, in file order (give one to "
               "keep the colour when cities are added).", minimum=1, maximum=10),
        Column("note", "text", "Coder's note."),
    ),
)

POPULATION = Table(
    "population",
    "One population figure of a place at a reference date.",
    (
        Column("place_id", "id", "Place counted.", required=True, references="places.place_id"),
        Column("reference_date", "partial_date", "Date the figure refers to.", required=True,
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("value", "integer", "Number of residents.", required=True, unit="persons",
               minimum=1),
        Column("definition", "id", "Who is counted: a definition of "
               "data/raw/population_definitions.csv.", required=True,
               references="population_definitions.definition_id"),
        Column("series", "text", "Official statistics or a figure quoted in the press.",
               required=True, allowed=("official", "press")),
        Column("source_id", "id", "Source of the figure.", required=True,
               references="sources.source_id"),
        Column("confidence", "text", "How far the figure can be trusted.", required=True,
               allowed=CONFIDENCE),
        Column("note", "text", "Coder's note."),
    ),
    key=("place_id", "reference_date", "series", "definition"),
)

POPULATION_DEFINITIONS = Table(
    "population_definitions",
    "What a population figure counts (population.definition). Two definitions count the "
    "same residents when their counts_as is the same and stated: per-capita values are "
    "compared only then.",
    (
        Column("definition_id", "id", "Identifier cited by population.definition.",
               required=True, unique=True),
        Column("counts_as", "text",
               "Whom the figures count, in words shared by every definition counting the same "
               "residents (e.g. all residents, nationals); not stated: comparable with none.",
               required=True),
        Column("description", "text", "What the figures are, and where they are used.",
               required=True),
    ),
)

KFLC = Table(
    "kflc",
    "One area, area of focus or feature of UNESCO's Key Features of Learning Cities (UIL 2015).",
    (
        Column("kflc_id", "id", "Identifier, after the published numbering (kf2-2: area 2, "
               "area of focus 2).", required=True, unique=True),
        Column("level", "text", "Level in the framework.", required=True, allowed=KFLC_LEVELS),
        Column("parent_id", "id", "The area an area of focus belongs to, or the area of focus "
               "a feature belongs to; empty for an area.", references="kflc.kflc_id"),
        Column("label", "text", "The published short name.", required=True),
        Column("source_id", "id", "Where the framework is published.", required=True,
               references="sources.source_id"),
        Column("note", "text", "Coder's note."),
    ),
)

INDICATORS = Table(
    "indicators",
    "One indicator the facts inform, placed in UNESCO's Key Features of Learning Cities.",
    (
        Column("indicator_id", "id", "Identifier.", required=True, unique=True),
        Column("label", "text", "Short label for tables and figures.", required=True),
        Column("unit", "text", "Unit of a value.", required=True,
               allowed=("count", "year", "years", "km", "date")),
        Column("value_type", "text",
               "count: things counted; measure: a quantity; date: when something happened.",
               required=True, allowed=("count", "measure", "date")),
        Column("counts", "text", "What counts towards the indicator.", required=True),
        Column("kflc_id", "id",
               "Area of focus (or feature) of the Key Features of Learning Cities informed; "
               "empty for descriptive context, which is no key feature.",
               references="kflc.kflc_id"),
        Column("direction", "text", "Which way is better, for scaling.", required=True,
               allowed=("higher", "lower", "none")),
        Column("per_capita", "boolean", "Whether values are also given per 100 000 residents.",
               required=True),
        Column("per_capita_rationale", "text",
               "Why dividing by residents means something (required when per_capita is "
               "true), or why the indicator is not per capita."),
        Column("per_area", "boolean", "Whether values are also given per km2 of land.",
               required=True),
    ),
)

FACTS = Table(
    "facts",
    "One countable or dateable statement of a source about a place "
    "(with a partner: a relation between two parties).",
    (
        Column("fact_id", "id", "Identifier of this row.", required=True, unique=True),
        Column("claim", "id",
               "The statement coded: rows coding the same statement from different sources "
               "(a document and its translation) share it and must agree.", required=True),
        Column("place_id", "id", "Place the statement is about.", required=True,
               references="places.place_id"),
        Column("indicator_id", "id", "Indicator informed.", required=True,
               references="indicators.indicator_id"),
        Column("partner_id", "id", "The other party of a relation (agreement, visit, event host).",
               references="places.place_id"),
        Column("relation", "text",
               "For a relation: made (the place made it to the partner, e.g. a visit), "
               "shared (one tie both hold, e.g. an agreement) or hosted_by (the place took "
               "part in an occasion the partner hosted).", allowed=RELATIONS),
        Column("actor", "text", "Who acts, when it is not the place itself (e.g. a university)."),
        Column("status", "text",
               "happened: reported as done or under way; planned: to happen at a stated time; "
               "announced: an intention declared. Only happened is counted.",
               required=True, allowed=STATUSES),
        Column("part_of", "id",
               "The claim this one lies within (a seminar inside a conference): counted by "
               "that claim, not added to the totals; a claim of facts.csv."),
        Column("complete_list", "id",
               "The complete list this count is read from; a city absent from it is a known "
               "zero.", references="complete_lists.list_id"),
        Column("label", "text", "What happened, in the coder's words (for tables and timelines).",
               required=True),
        Column("qualifier", "text", "How the text stated the quantity.", required=True,
               allowed=QUALIFIERS),
        Column("value", "number", "The number as stated.", minimum=0),
        Column("lower", "number", "Smallest value the statement allows (inclusive).", minimum=0),
        Column("upper", "number", "Largest value it allows (inclusive); empty when open.",
               minimum=0),
        Column("period_start", "partial_date", "Start of the period, or the date of an event.",
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("period_end", "partial_date", "End of the period (empty for a single date).",
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("period_years", "number",
               "Length of the period the count covers, as stated (for annualising).",
               unit="years", minimum=0.01),
        Column("date_inferred", "boolean",
               "Whether a year (or more) of the dates was inferred from context "
               "(then inferred includes date).", required=True),
        Column("inferred", "text",
               "What was inferred rather than read, ';'-separated: " + ", ".join(INFERRED) + ".",
               pattern="(" + "|".join(INFERRED) + ")(;(" + "|".join(INFERRED) + "))*"),
        Column("inference", "text", "The reason for each inference (required with inferred)."),
        Column("source_id", "id", "Source of the statement.", required=True,
               references="sources.source_id"),
        Column("paragraph", "integer", "Paragraph of the source (non-empty line, title = 1).",
               minimum=1),
        Column("confidence", "text", "How far the figure can be trusted.", required=True,
               allowed=CONFIDENCE),
        Column("note", "text", "Coder's note: reading, caveat."),
        Column("anchor", "text",
               "First 12 hex digits of the SHA-256 of the cited paragraph's text (UTF-8, "
               "surrounding whitespace stripped): `lcstudy sources check` verifies it.",
               pattern=r"[0-9a-f]{12}"),
    ),
    key=("claim", "source_id"),
)

AWARD_WINNERS = Table(
    "award_winners",
    "One winner of the UNESCO Learning City Award.",
    (
        Column("award_year", "integer", "Year of the award.", required=True,
               minimum=2015, maximum=_YEAR_MAX),
        Column("city", "text", "Winning city as named by the source.", required=True),
        Column("place_id", "id", "The place, when the study names it.",
               references="places.place_id"),
        Column("source_id", "id", "Source of the list.", required=True,
               references="sources.source_id"),
        Column("confidence", "text", "How far the list can be trusted.", required=True,
               allowed=CONFIDENCE),
    ),
    key=("award_year", "city"),
)

COMPLETE_LISTS = Table(
    "complete_lists",
    "A list that is complete for its period: a city absent from it is a known zero, not "
    "'not reported'.",
    (
        Column("list_id", "id", "Identifier cited by facts.complete_list.", required=True,
               unique=True),
        Column("indicator_id", "id", "Indicator the list counts.", required=True,
               references="indicators.indicator_id"),
        Column("entries_in", "text", "Raw table holding the list's entries (rows citing source_id).",
               required=True, allowed=("award_winners", "list_entries")),
        Column("source_id", "id", "Source of the list.", required=True,
               references="sources.source_id"),
        Column("period_start", "partial_date", "Start of the period the list is complete for.",
               required=True, minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("period_end", "partial_date", "End of that period.", required=True,
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("entries", "integer", "How many entries the source says the list has.",
               required=True, minimum=1),
        Column("confidence", "text", "How far the list can be trusted.", required=True,
               allowed=CONFIDENCE),
        Column("completeness", "text", "Why the list is complete for the period.",
               required=True),
        Column("eligible", "text", "Who could be on the list (lcstudy.coding.lists.ELIGIBILITY): only "
               "an eligible city's absence is a known zero.", required=True,
               allowed=("gnlc_members", "all")),
        Column("same_occasion_as", "id", "Another list naming the same entries for the same "
               "occasion: this one then gives no known zeros of its own (one event, counted once).",
               references="complete_lists.list_id"),
    ),
    may_be_empty=True,
)

LIST_ENTRIES = Table(
    "list_entries",
    "One entry of a complete list that is not a list of award winners.",
    (
        Column("source_id", "id", "Source of the list.", required=True,
               references="sources.source_id"),
        Column("name", "text", "The entry as the source names it.", required=True),
        Column("place_id", "id", "The place, when the study names it.",
               references="places.place_id"),
    ),
    key=("source_id", "name"),
    may_be_empty=True,
)

SEARCHES = Table(
    "searches",
    "One search of reference works for an indicator and a city: what was looked for, where, "
    "when, over which years, and what came back. An indicator with search records is compared "
    "only for the cities searched, over the years searched (codebook 1.10).",
    (
        Column("search_id", "id", "Identifier of the search.", required=True, unique=True),
        Column("indicator_id", "id", "Indicator searched for.", required=True,
               references="indicators.indicator_id"),
        Column("place_id", "id", "City searched for.", required=True,
               references="places.place_id"),
        Column("looked_for", "text", "What was looked for (the award, list or register, in the "
               "coder's words).", required=True),
        Column("searched_in", "text", "Where: the reference works, registers or archives "
               "consulted.", required=True),
        Column("searched_on", "partial_date", "When the search was made, when recorded.",
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("period_start", "partial_date", "First year the search covers.", required=True,
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("period_end", "partial_date", "Last year the search covers.", required=True,
               minimum=_YEAR_MIN, maximum=_YEAR_MAX),
        Column("found_source_id", "id", "The source the search found, if any (its facts are "
               "coded in facts.csv); empty when it found nothing.",
               references="sources.source_id"),
        Column("note", "text", "What came back, in the coder's words."),
    ),
    may_be_empty=True,
)

#: Every raw table, in loading order (referenced tables first).
RAW_TABLES: tuple[Table, ...] = (SOURCES, PLACES, POPULATION_DEFINITIONS, POPULATION, KFLC,
                                 INDICATORS, COMPLETE_LISTS, FACTS, AWARD_WINNERS, LIST_ENTRIES,
                                 SEARCHES)


def raw_table(name: str) -> Table:
    """Return the declaration of the raw table called ``name``.

    Raises
    ------
    KeyError
        If no raw table has that name.
    """
    for table in RAW_TABLES:
        if table.name == name:
            return table
    raise KeyError(name)
