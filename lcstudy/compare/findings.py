"""Result sentences, written from the comparability verdicts, never typed by hand.

Every sentence of the notebooks that states a finding comes from here, with
its counts: how many comparisons were drawn, how many ordered, undecided and
refused (by reason), and each order the evidence supports with its period and
both values as the model holds them (:func:`lcstudy.intervals.state_label`).
Change the data and the sentences change with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lcstudy.compare.factorial import FACTORS, Robustness
from lcstudy.compare.reasons import REFUSALS
from lcstudy.intervals import interval_label, state_label

__all__ = ["findings", "robustness_findings"]


def _value(state: str, lower: float, upper: float) -> str:
    low = float(lower) if pd.notna(lower) else np.nan
    high = float(upper) if pd.notna(upper) else np.nan
    return state_label(str(state), low, high)


def _tally(pairs: pd.DataFrame) -> str:
    """The one sentence counting every comparison by its verdict and refusal."""
    verdict = pairs["verdict"]
    refused = pairs.loc[verdict == "not_comparable", "reason_code"].value_counts()
    reasons = ", ".join(f"{refused[code]} {code}" for code in REFUSALS if code in refused)
    cities = len(set(pairs["city_a"]) | set(pairs["city_b"]))
    ordered = int(verdict.isin(["higher", "lower"]).sum())
    return (f"{len(pairs)} comparisons ({cities} cities in pairs, each pair over the years both "
            f"cover): {ordered} ordered, {int((verdict == 'equal').sum())} equal, "
            f"{int((verdict == 'undecided').sum())} undecided, {int(refused.sum())} refused"
            + (f" ({reasons})." if reasons else "."))


def findings(pairs: pd.DataFrame, names: Mapping[str, str],
             labels: Mapping[str, str]) -> list[str]:
    """The findings of a comparison: its tally, then every decided verdict.

    Parameters
    ----------
    pairs : pandas.DataFrame
        Rows of ``comparability.csv`` (:func:`lcstudy.compare.comparability.verdicts`).
    names : mapping of str to str
        Display name of each city.
    labels : mapping of str to str
        Display label of each indicator.

    Returns
    -------
    list of str
        The tally sentence, then one sentence per ordered or equal pair, in
        the rows' order.

    Examples
    --------
    >>> pairs = pd.DataFrame({"indicator_id": ["awards", "visits"], "measure": "total",
    ...     "city_a": "a", "city_b": "b", "period": ["2017-2024", "2018-2021"],
    ...     "rounds": [4.0, np.nan], "verdict": ["lower", "undecided"], "better": ["b", ""],
    ...     "reason_code": ["ordered", "overlap"], "a_state": ["exact", "lower_bound"],
    ...     "a_lower": [0.0, 1.0], "a_upper": [0.0, np.inf], "b_state": ["exact", "lower_bound"],
    ...     "b_lower": [1.0, 4.0], "b_upper": [1.0, np.inf]})
    >>> for line in findings(pairs, {"a": "A", "b": "B"}, {"awards": "Awards", "visits": "Visits"}):
    ...     print(line)
    2 comparisons (2 cities in pairs, each pair over the years both cover): 1 ordered, 0 equal, 1 undecided, 0 refused.
    Awards (total), 2017-2024, 4 rounds: B ahead of A, 1 vs 0.
    """
    lines = [_tally(pairs)]
    decided = pairs[pairs["verdict"].isin(["higher", "lower", "equal"])]
    for row in decided.itertuples(index=False):
        where = f"{labels[row.indicator_id]} ({row.measure}), {row.period}"
        if pd.notna(row.rounds):
            where += f", {int(row.rounds)} rounds"
        a = _value(row.a_state, row.a_lower, row.a_upper)
        b = _value(row.b_state, row.b_lower, row.b_upper)
        if row.verdict == "equal":
            lines.append(f"{where}: {names[row.city_a]} and {names[row.city_b]} equal, {a} each.")
            continue
        ahead_is_a = row.better == row.city_a
        ahead, behind = (row.city_a, row.city_b) if ahead_is_a else (row.city_b, row.city_a)
        values = f"{a} vs {b}" if ahead_is_a else f"{b} vs {a}"
        lines.append(f"{where}: {names[ahead]} ahead of {names[behind]}, {values}.")
    return lines


def _share(share: float) -> str:
    """A share of runs as a whole percentage that never rounds to 0 or 100 falsely."""
    if 0 < share < 0.005:
        return "under 1 %"
    if 0.995 <= share < 1:
        return "over 99 %"
    return f"{100 * share:.0f} %"


def _factor_lines(factorial: Robustness, names: Mapping[str, str],
                  areas: Mapping[str, str]) -> list[str]:
    """One sentence per factor that moves a result, then one naming the inert factors."""
    changed = factorial.changed()
    lines = []
    for row in factorial.changes().itertuples(index=False):
        if row.inert:
            continue
        moved = changed[(changed["factor"] == row.factor) & (changed["result"] == "verdict")]
        which = "; ".join(
            f"{areas[m.group]}, {names[m.place_id]}–{names[m.other_id]}: {m.values} "
            f"(in {m.moved_in} of {m.sets} sets of runs)" for m in moved.itertuples(index=False))
        lines.append(
            f"{row.factor.replace('_', ' ').capitalize()} moves {row.comparisons} of "
            f"{row.of_comparisons} engine comparisons, {row.verdicts} of {row.of_verdicts} "
            f"summary verdicts, {row.ranks} rank and {row.copeland} Copeland intervals of "
            f"{row.of_cities}." + (f" Summary verdicts it moves: {which}." if which else ""))
    inert = factorial.changes().query("inert")["factor"].str.replace("_", " ").tolist()
    if inert:
        lines.append(f"Inert on this evidence, so no evidence of robustness (they could have "
                     f"moved nothing): {', '.join(inert)}.")
    return lines


def _period_lines(factorial: Robustness) -> list[str]:
    """What each analyst's window does to the periods the pairs are compared over."""
    levels = list(pd.unique(factorial.runs["window"]))
    compared = factorial.by_level("window")
    lines = []
    for level in levels[1:]:
        mine = compared[compared["level"] == level]
        lines.append(f"The comparison period: under the window {level}, "
                     f"{int(mine['period_changed'].sum())} of {len(mine)} comparisons are drawn "
                     f"over another period than under {levels[0]}, and "
                     f"{int(mine['verdict_changed'].sum())} reach another verdict.")
    return lines


def _dominance_line(row: pd.Series, names: Mapping[str, str], area: str, runs: int) -> str:
    """One pair in one area: what it was compared on, and the share of runs per verdict."""
    a, b = names[row["place_id"]], names[row["other_id"]]
    counts = (f"{area}, {a} vs {b}: compared on {interval_label(row['compared_min'], row['compared_max'])}"
              f" of {row['indicators']} indicators, "
              f"{interval_label(row['refused_min'], row['refused_max'])} refused")
    for verdict, first, second in (("dominates", a, b), ("dominated", b, a)):
        if row[verdict] == 1:
            return (f"{counts}; {first} dominates {second} necessarily: in every "
                    f"one of {runs} runs.")
    said = {"dominates": f"{a} dominates", "dominated": f"{b} dominates",
            "undecided": "undecided", "not_comparable": "not_comparable"}
    shares = ", ".join(f"{text} in {_share(row[verdict])}" for verdict, text in said.items()
                       if row[verdict] > 0)
    return f"{counts}; {shares} of {runs} runs."


def _rank_lines(factorial: Robustness, names: Mapping[str, str],
                areas: Mapping[str, str]) -> list[str]:
    """Per group: each city's rank range over its ranked runs, or why none is ranked."""
    ranges = factorial.rank_ranges()
    runs = len(factorial.runs)
    lines = []
    for group, rows in ranges.groupby("group", sort=False):
        if not rows["ranked"].any():
            notes = factorial.ranks.loc[factorial.ranks["group"] == group, "note"]
            common = notes.value_counts()
            how = "in all" if common.iloc[0] == len(notes) else f"most often, {common.iloc[0]} of"
            lines.append(f"{areas[group]}: no city is ranked in any of {runs} runs: "
                         f"{common.index[0]} ({how} {len(notes)} city runs).")
            continue
        lines.append(f"{areas[group]}: " + "; ".join(
            f"{names[r.place_id]} ranks {interval_label(int(r.best), int(r.worst))} in {r.ranked} of "
            f"{r.runs} runs" if r.ranked else f"{names[r.place_id]} is never ranked"
            for r in rows.itertuples(index=False)) + " (1 = highest).")
    return lines


def robustness_findings(factorial: Robustness, names: Mapping[str, str],
                        areas: Mapping[str, str]) -> list[str]:
    """The robustness statements of a factorial, each with its counts and share of runs.

    Parameters
    ----------
    factorial : Robustness
        :func:`lcstudy.compare.robustness.robustness`.
    names : mapping of str to str
        Display name of each city.
    areas : mapping of str to str
        Display label of each group (KFLC area, ``overall``).

    Returns
    -------
    list of str
        The runs; per factor what it moves (inert factors named); what each
        window does to the comparison periods; per area and pair, how many
        indicators were compared and refused and the share of runs per
        verdict ("necessarily" only when it holds in every run); per area,
        the cities' rank ranges or why no rank exists.
    """
    runs = factorial.runs
    levels = ", ".join(f"{factor.replace('_', ' ')} {runs[factor].nunique()}"
                       for factor in FACTORS)
    lines = [f"{len(runs)} runs: every combination of the levels of {len(FACTORS)} factors "
             f"({levels})."]
    lines += _factor_lines(factorial, names, areas)
    lines += _period_lines(factorial)
    lines += [_dominance_line(row, names, areas[row["group"]], len(runs))
              for _, row in factorial.verdict_shares().iterrows()]
    return lines + _rank_lines(factorial, names, areas)
