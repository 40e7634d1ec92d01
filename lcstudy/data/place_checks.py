"""Checks of the places and their populations.

What every study city needs (a population, a colour of its own), the
population figures covering the years claims speak of, the confidence of a
place's coordinates, the rationale of per-capita indicators and the voice of
city sources.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from lcstudy.config import raw_file
from lcstudy.data.checking import (
    numbered_rows,
)
from lcstudy.data.evidence import Evidence
from lcstudy.data.population import population_figures, resolve_population
from lcstudy.data.schema import raw_table
from lcstudy.dates import fact_years
from lcstudy.errors import Problem

__all__ = ["check_population_coverage", "check_per_capita_rationale", "check_source_voice",
           "check_place_confidence", "check_study_city_needs", "check_colours"]


def check_population_coverage(evidence: Evidence, unread: frozenset[str]) -> Iterator[Problem]:
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


def check_per_capita_rationale(evidence: Evidence) -> Iterator[Problem]:
    """A per-capita indicator says why its denominator means something."""
    for line, row in numbered_rows(evidence.indicators):
        if row["per_capita"] is True and pd.isna(row["per_capita_rationale"]):
            yield Problem(raw_file("indicators.csv"), line, "per_capita_rationale", "",
                          "why dividing by residents means something (per_capita is true)")


def check_source_voice(evidence: Evidence) -> Iterator[Problem]:
    """A city's own source names the city, a place of places.csv; no other source does."""
    places = set(evidence.places["place_id"].dropna())
    for line, row in numbered_rows(evidence.sources):
        if pd.notna(row["voice_place_id"]) and row["voice_place_id"] not in places:
            yield Problem(raw_file("sources.csv"), line, "voice_place_id", row["voice_place_id"],
                          "an id listed in data/raw/places.csv place_id")
        if row["voice"] == "city" and pd.isna(row["voice_place_id"]):
            yield Problem(raw_file("sources.csv"), line, "voice_place_id", "",
                          "the place_id of the city whose government published it (voice city)")
        if row["voice"] != "city" and pd.notna(row["voice_place_id"]):
            yield Problem(raw_file("sources.csv"), line, "voice_place_id", row["voice_place_id"],
                          "empty: only a city's own source (voice city) names a city")


def check_place_confidence(evidence: Evidence) -> Iterator[Problem]:
    """Coordinates and areas carry the confidence of their source.

    A confidence without a source is reported here only where the figure is
    missing too: a figure without its source is :func:`check_study_city_needs`' problem,
    reported once on the same cell.
    """
    groups = (("coordinates_source_id", "coordinates_confidence", ("latitude", "longitude")),
              ("land_area_source_id", "land_area_confidence", ("land_area_km2",)))
    for line, row in numbered_rows(evidence.places):
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


def check_study_city_needs(evidence: Evidence) -> Iterator[Problem]:
    """What a study city needs to be compared and mapped: location, area, population.

    Every study city has coordinates and a land area, each with the id of its
    source, and at least one official population figure (the years its
    per-capita facts need are checked by :func:`check_population_coverage`). Any
    place's coordinates or area, study city or not, cite their source.
    """
    file = raw_file("places.csv")
    official = evidence.population[evidence.population["series"] == "official"]
    counted = set(official["place_id"].dropna())
    for line, row in numbered_rows(evidence.places):
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


def check_colours(evidence: Evidence) -> Iterator[Problem]:
    """A colour number belongs to one study city (:func:`lcstudy.exhibits.style.city_colours`).

    Another place's number is kept but unused: a city taken out of the study
    and put back gets its colour again.
    """
    file = raw_file("places.csv")
    numbered = [(line, row) for line, row in numbered_rows(evidence.places) if pd.notna(row["colour"])]
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
