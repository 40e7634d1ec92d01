"""The paper's tables: each built from the study and its factorial, then saved.

One function per table gives its frame; :func:`save_paper_tables` saves them
all (:func:`lcstudy.exhibits.tables.save_table`) with their captions and
footnotes, so notebook 07 only calls it. Every value is the model's: a lower
bound reads ``≥ n``, a count range ``lo–hi`` (:func:`lcstudy.intervals.interval_label`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from lcstudy.coding.lists import MEMBERSHIP_INDICATOR
from lcstudy.compare.factorial import Robustness
from lcstudy.exhibits.tables import save_table
from lcstudy.intervals import interval_label
from lcstudy.study import Study

__all__ = ["held_values_table", "populations_table", "verdicts_table", "dominance_table",
           "ranks_table", "profile_table", "save_paper_tables"]


def held_values_table(study: Study) -> pd.DataFrame:
    """Each city's value on every key feature, total and per 100,000, over its own period."""
    labels = study.evidence.indicators.set_index("indicator_id")["label"]
    held = study.compare(measure=["total", "per_100k"]).table()[[study.names[c]
                                                                 for c in study.cities]]
    table = held.reset_index()
    table.insert(0, "indicator", table["indicator_id"].map(labels) + ", "
                 + table["measure"].str.replace("_", " "))
    return table.drop(columns=["indicator_id", "measure"])


def populations_table(study: Study) -> pd.DataFrame:
    """The populations the per-capita values divide by: place, year, definition, sources."""
    claims = study.table("claims")
    claims = claims[claims["place_id"].isin(study.cities) & claims["population"].notna()]
    used = claims.groupby(["place_id", "population_year", "population_definition",
                           "population_source_ids"], sort=False)["population"].first()
    used = used.reset_index()
    return used.assign(place_id=used["place_id"].map(study.names),
                       population=used["population"].round())


def verdicts_table(study: Study) -> pd.DataFrame:
    """Every pair's verdict per indicator and measure, with its period and reason."""
    return study.table("comparability")[["indicator_id", "measure", "city_a", "city_b", "period",
                                         "rounds", "verdict", "reason_code", "reason"]]


def dominance_table(factorial: Robustness, names: Mapping[str, str],
                    labels: Mapping[str, str]) -> pd.DataFrame:
    """Per area and pair: the indicators compared and refused, and the share of runs per verdict.

    Parameters
    ----------
    factorial : Robustness
        The joint factorial (:meth:`Robustness.verdict_shares`).
    names : mapping of str to str
        Each city's name, by place id.
    labels : mapping of str to str
        Each group's label, by group id.
    """
    shares = factorial.verdict_shares()
    table = shares.assign(
        group=shares["group"].map(labels),
        pair=shares["place_id"].map(names) + " – " + shares["other_id"].map(names),
        compared=_ranges(shares["compared_min"], shares["compared_max"]),
        refused=_ranges(shares["refused_min"], shares["refused_max"]))
    return table[["group", "pair", "indicators", "compared", "refused", "dominates",
                  "dominated", "undecided", "not_comparable", "runs"]].round(3)


def ranks_table(factorial: Robustness, names: Mapping[str, str],
                labels: Mapping[str, str]) -> pd.DataFrame:
    """Per area and city: the runs ranked, the rank range and the Copeland interval."""
    ranges = factorial.rank_ranges()
    table = ranges.assign(group=ranges["group"].map(labels), city=ranges["place_id"].map(names))
    return table[["group", "city", "runs", "ranked", "best", "worst", "median_best",
                  "median_worst", "copeland_lower", "copeland_upper"]]


def profile_table(study: Study) -> pd.DataFrame:
    """Each study city's profile: population, area, GNLC membership, awards, coverage per area."""
    evidence, cities = study.evidence, study.cities
    knowledge, claims = study.table("knowledge"), study.table("claims")
    areas = knowledge["indicator_id"].map(evidence.indicators.set_index("indicator_id")["kflc_id"])
    coverage = knowledge[knowledge["measure"] == "total"].assign(
        area=areas.str.split("-").str[0], reported=knowledge["state"] != "not_reported")
    coverage = coverage.groupby(["place_id", "area"])["reported"].agg(
        lambda r: f"{int(r.sum())} of {len(r)}").unstack()
    joined = claims[(claims["indicator_id"] == MEMBERSHIP_INDICATOR)
                    & (claims["status"] == "happened") & (claims["role"] == "subject")]
    member = {c: interval_label(lo, hi) for c, lo, hi in
              zip(joined["place_id"], joined["lower"], joined["upper"], strict=True)}
    latest = evidence.population[evidence.population["series"] == "official"].sort_values(
        "reference_date").groupby("place_id").last()
    places = evidence.places.set_index("place_id")
    awards = _awards(claims, knowledge)
    return pd.DataFrame({
        "city": [study.names[c] for c in cities],
        "population": [f"{latest.loc[c, 'value']:,.0f} ({latest.loc[c, 'reference_date']})"
                       for c in cities],
        "area_km2": [places.loc[c, "land_area_km2"] for c in cities],
        "GNLC member since": [member.get(c, "?") for c in cities],
        "UNESCO award": [awards[c] for c in cities],
        **{f"reported {area}": [coverage.loc[c, area] for c in cities]
           for area in coverage.columns},
    })


def save_paper_tables(study: Study, factorial: Robustness, labels: Mapping[str, str], *,
                      folder: Path | None = None) -> dict[str, list[Path]]:
    """Save the paper's tables ``tab1`` to ``tab6`` with their captions and footnotes.

    Parameters
    ----------
    study : Study
        The study (:func:`lcstudy.study.open_study`).
    factorial : Robustness
        Its joint factorial (:func:`lcstudy.compare.robustness.robustness`).
    labels : mapping of str to str
        Each group's label, by group id (``overall`` included).
    folder : Path, optional
        Where to write them (default: the study's own ``figures/``).

    Returns
    -------
    dict of str to list of Path
        The files written, by table name.
    """
    names, runs = study.names, len(factorial.runs)
    folder = study.paths.figures if folder is None else folder
    knowledge = study.table("knowledge")
    sources = sorted(set(";".join(knowledge["source_ids"].dropna()).split(";")) - {""})
    return {
        "tab1_comparison": save_table(
            held_values_table(study), "tab1_comparison", folder=folder,
            caption="The study cities, each over its own evidence period",
            footnotes=["In brackets: the years the city's evidence covers. 0: known zero "
                       "(eligible, absent from a complete list); ?: not reported; ≥n: at "
                       "least n (a lower bound)."],
            sources=sources),
        "tab2_populations": save_table(populations_table(study), "tab2_populations",
                                       folder=folder,
                                       caption="Populations divided by (official series)"),
        "tab3_comparability": save_table(
            verdicts_table(study), "tab3_comparability", folder=folder,
            caption="Comparability verdicts, each pair over the years both cities' evidence "
                    "covers"),
        "tab4_robustness": save_table(
            dominance_table(factorial, names, labels), "tab4_robustness", folder=folder,
            caption=f"Pairwise dominance over {runs} runs",
            footnotes=["compared, refused: the fewest–most of the area's indicators over the "
                       "runs (refused: not_comparable or not_reported, so unknown, never a "
                       "tie); dominates/dominated: share of runs in which the first city of the "
                       "pair necessarily dominates the second, or is dominated (every "
                       "indicator compared); the words as in the glossary of data/README.md."]),
        "tab6_ranks": save_table(
            ranks_table(factorial, names, labels), "tab6_ranks", folder=folder,
            caption=f"Ranks and Copeland scores over {runs} runs",
            footnotes=["ranked: runs in which every city's aggregate is computable (a rank "
                       "exists only then); copeland lower–upper: the widest interval of wins "
                       "minus losses over the runs, a refused indicator counted as unknown."]),
        "tab5_profile": save_table(profile_table(study), "tab5_profile", folder=folder,
                                   caption="The study cities"),
    }


def _ranges(lowest: pd.Series, highest: pd.Series) -> list[str]:
    """Each row's count range, ``n`` when both ends agree (:func:`interval_label`)."""
    return [interval_label(lo, hi) for lo, hi in zip(lowest, highest, strict=True)]


def _awards(claims: pd.DataFrame, knowledge: pd.DataFrame) -> dict[str, str]:
    """Each study city's UNESCO award years, with its eligible rounds and period.

    ``none`` when the complete list makes it a known zero, ``?`` when unknown.
    """
    cells = knowledge[(knowledge["indicator_id"] == "learning_city_awards")
                      & (knowledge["measure"] == "total")].set_index("place_id")
    won = claims[(claims["indicator_id"] == "learning_city_awards") & (claims["lower"] > 0)] \
        .groupby("place_id")["year"].agg(lambda y: ", ".join(str(int(v)) for v in sorted(y)))
    out = {}
    for city, cell in cells.iterrows():
        exposure = (f" ({int(cell['rounds'])} eligible rounds, {cell['period']})"
                    if cell["rounds"] > 0 else " (eligible for no round)")
        out[str(city)] = won.get(city, "none" if cell["state"] == "known_zero" else "?") + exposure
    return out
