"""The joint factorial at a glance (fig7): ranks, verdict shares with their counts, effects.

:func:`robustness_figure` draws three panels from a
:class:`~lcstudy.compare.factorial.Robustness`: left, each city's rank range per
group over the runs in which every city is ranked (*k of N* runs); middle, one
row per pair and one column per group, the share of runs per verdict, with
how many of the group's indicators the pair was compared on (the rest were
refused: unknown, never a tie); right, each choice's main and total effect
share on each city's overall Copeland score, or why it is not computable.
Rows grow with the pairs, so 3, 5 or 10 cities stay legible.
:func:`robustness_data` returns every run as drawn, for the CSV beside it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lcstudy.compare.factorial import FACTORS, PAIR_VERDICTS, Robustness
from lcstudy.exhibits.style import city_colours, new_figure
from lcstudy.intervals import interval_label

__all__ = ["VERDICT_COLOURS", "robustness_data", "robustness_figure"]

#: Fill of each pair verdict, darkest for the strongest (grey scale: any city colours).
VERDICT_COLOURS = dict(zip(PAIR_VERDICTS, ("#1A1A1A", "#7F7F7F", "#D9D9D9", "#FFFFFF"),
                           strict=True))
_EDGE = "#555555"


def robustness_data(factorial: Robustness, source_ids: Sequence[str]) -> pd.DataFrame:
    """Every run as :func:`robustness_figure` summarises it, one row per run.

    Parameters
    ----------
    factorial : Robustness
        :func:`lcstudy.compare.robustness.robustness`.
    source_ids : sequence of str
        The documents the compared evidence cites.

    Returns
    -------
    pandas.DataFrame
        The run and its levels of :data:`~lcstudy.compare.factorial.FACTORS`; per
        group and city ``rank <group> <city>`` (an interval or ``not
        computable``); per group and pair ``verdict <group> <a>-<b>`` and
        ``compared <group> <a>-<b>`` (of the group's indicators); and
        ``source_ids``.
    """
    ranks, pairs = factorial.ranks, factorial.pairs
    ranks = ranks.assign(cell=ranks["group"] + " " + ranks["place_id"], value=[
        "not computable" if np.isnan(best) else interval_label(best, worst)
        for best, worst in zip(ranks["best"], ranks["worst"], strict=True)])
    cell = pairs["group"] + " " + pairs["place_id"] + "-" + pairs["other_id"]
    verdicts = pairs.assign(cell=cell, value=pairs["verdict"])
    compared = pairs.assign(cell=cell, value=pairs["compared"].astype(str) + " of "
                            + pairs["indicators"].astype(str))
    wide = [frame.pivot(index="run", columns="cell", values="value")[
        list(pd.unique(frame["cell"]))].add_prefix(prefix)
        for frame, prefix in ((ranks, "rank "), (verdicts, "verdict "), (compared, "compared "))]
    out = factorial.runs
    for part in wide:
        out = out.join(part, on="run")
    return out.assign(source_ids=";".join(sorted(set(source_ids) - {""})))


def _ranks_panel(ax: Axes, factorial: Robustness, cities: Sequence[str],
                 colours: Mapping[str, str], groups: Sequence[str],
                 labels: Mapping[str, str]) -> None:
    """Each city's rank range per group over its ranked runs, with *k of N*."""
    ranges = factorial.rank_ranges().set_index(["group", "place_id"])
    n = len(cities)
    for i, group in enumerate(groups):
        for j, city in enumerate(cities):
            row = ranges.loc[(group, city)]
            y = i + (j - (n - 1) / 2) * 0.75 / n
            if row["ranked"]:
                ax.plot([row["best"], row["worst"]], [y, y], color=colours[city], lw=2)
                ax.plot(row["median_best"], y, "o", color=colours[city], ms=3)
            ax.text(n + 0.4, y, f"{int(row['ranked'])} of {int(row['runs'])}", va="center",
                    fontsize=5)
    ax.set(yticks=range(len(groups)), xlim=(0.5, n + 1.6), xticks=range(1, n + 1),
           xlabel="rank of the aggregate (1 = highest)\nlabel: runs ranked of all runs")
    ax.set_yticklabels([textwrap.fill(labels[g], 18) for g in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)


def _shares_panel(ax: Axes, factorial: Robustness, names: Mapping[str, str],
                  groups: Sequence[str]) -> None:
    """One row per pair, one column per group: verdict shares, then the compared count."""
    shares = factorial.verdict_shares()
    drawn = list(dict.fromkeys(zip(shares["place_id"], shares["other_id"], strict=True)))
    cell = shares.set_index(["place_id", "other_id", "group"])
    for i, pair in enumerate(drawn):
        for j, group in enumerate(groups):
            row = cell.loc[(*pair, group)]
            left = j + 0.05
            for verdict, colour in VERDICT_COLOURS.items():
                width = 0.9 * float(row[verdict])
                ax.add_patch(Rectangle((left, i + 0.1), width, 0.5, facecolor=colour,
                                       edgecolor=_EDGE, lw=0.3))
                left += width
            count = interval_label(row["compared_min"], row["compared_max"])
            ax.text(j + 0.5, i + 0.8, f"{count} of {int(row['indicators'])}",
                    ha="center", va="center", fontsize=4.5)
    ax.set(xlim=(0, len(groups)), ylim=(len(drawn), 0),
           xticks=np.arange(len(groups)) + 0.5, yticks=np.arange(len(drawn)) + 0.35)
    ax.set_xticklabels(list(groups), fontsize=5)
    ax.set_yticklabels([f"{names[a]} – {names[b]}" for a, b in drawn], fontsize=5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_xlabel("share of runs per verdict, by area; below: indicators\ncompared of "
                  "the area's (the rest refused: unknown, not ties)", fontsize=6)
    for verdict, colour in VERDICT_COLOURS.items():
        ax.add_patch(Rectangle((0, 0), 0, 0, facecolor=colour, edgecolor=_EDGE, lw=0.3,
                               label=verdict))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=5)


def _effects_panel(ax: Axes, factorial: Robustness, cities: Sequence[str],
                   names: Mapping[str, str], colours: Mapping[str, str]) -> None:
    """Main and total effect shares on the overall Copeland score, or why there are none."""
    effects = factorial.effects("copeland")
    overall = effects[effects["group"] == "overall"]
    n = len(cities)
    width = 0.8 / n
    for j, city in enumerate(cities):
        mine = overall[overall["place_id"] == city].set_index("factor").reindex(list(FACTORS))
        x = np.arange(len(FACTORS)) + (j - (n - 1) / 2) * width
        ax.barh(x, mine["total"].fillna(0), height=width, color=colours[city], alpha=0.4)
        ax.barh(x, mine["first_order"].fillna(0), height=width, color=colours[city])
        ax.plot([], [], color=colours[city], lw=2, label=names[city])
    if overall["total"].isna().all():
        note = overall["note"].value_counts().index[0]
        ax.text(0.5, (len(FACTORS) - 1) / 2, textwrap.fill(f"not computable: {note}", 24),
                ha="center", va="center", fontsize=5)
    ax.set(yticks=range(len(FACTORS)), xlim=(0, 1),
           xlabel="effect share, overall\nCopeland score (dark:\nmain, light: total)")
    ax.legend(loc="lower right", fontsize=5)
    ax.set_yticklabels([f.replace("_", " ") for f in FACTORS])
    ax.invert_yaxis()


def robustness_figure(factorial: Robustness, *, cities: Sequence[str],
                      names: Mapping[str, str], labels: Mapping[str, str]) -> Figure:
    """Draw the factorial's ranks, verdict shares with their counts, and effect shares.

    Parameters
    ----------
    factorial : Robustness
        :func:`lcstudy.compare.robustness.robustness`.
    cities : sequence of str
        The study cities, in the order of the factorial's pairs.
    names : mapping of str to str
        Display name of each city.
    labels : mapping of str to str
        Display label of each group (KFLC area, ``overall``); the groups are
        drawn in the factorial's order.

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = list(pd.unique(factorial.ranks["group"]))
    n_pairs = len(cities) * (len(cities) - 1) // 2
    fig, axes = new_figure("double", height_mm=max(110, 45 + 3.4 * n_pairs), nrows=1, ncols=3,
                           gridspec_kw={"width_ratios": [1.0, 1.0, 0.8]})
    colours = city_colours(cities)
    _ranks_panel(axes[0], factorial, cities, colours, groups, labels)
    _shares_panel(axes[1], factorial, names, groups)
    _effects_panel(axes[2], factorial, cities, names, colours)
    return fig
