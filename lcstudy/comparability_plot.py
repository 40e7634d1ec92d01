"""The comparison a reviewer can accept (fig3): states of knowledge and pairwise verdicts.

:func:`comparability_figure` draws two matrices side by side, one row per
key feature and measure: on the left what the evidence knows of each city
within the reference window (known, bounded, known zero, not reported, each
look distinct), on the right, for every pair of cities, the verdict of
:func:`lcstudy.comparability.verdicts`: surely ahead (in the colour of the city
ahead), equal, undecided (the intervals overlap) or not comparable (hatched,
with the reason in short). :func:`comparability_data` returns exactly what is
drawn, for the CSV beside the figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from lcstudy.figures import PALETTE, city_colours, new_figure
from lcstudy.intervals import interval_label

__all__ = ["STATE_STYLES", "comparability_data", "comparability_figure", "short_reason"]

#: Fill, text colour and legend text of each state of knowledge.
#: Greys, so that no state looks like a city's colour in the verdicts.
STATE_STYLES = {
    "known": ("#4D4D4D", "white", "known (exact value)"),
    "bounded": ("#A3A3A3", "black", "bounded (interval; ≥ n: open)"),
    "known_zero": ("#DCDCDC", "black", "known zero (absent from a complete list)"),
    "not_reported": ("#FFFFFF", "0.45", "not reported (no source speaks)"),
}
_EQUAL, _UNDECIDED, _REFUSED = "#BBBBBB", "white", "#F4F4F4"
_ROW_TITLE_WIDTH = 34


def short_reason(reason: str) -> str:
    """The reason a pair is not comparable, in a few words for a matrix cell.

    Examples
    --------
    >>> short_reason("gongju not reported in the window 2015-2024")
    'not reported'
    >>> short_reason("only the shared claim a-b: one tie, not a value for each party")
    'one shared tie'
    """
    if "not reported" in reason:
        return "not reported"
    if "shared claim" in reason:
        return "one shared tie"
    if "populations" in reason:
        return "populations differ"
    return reason


def _rows(cells: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator, measure) rows: each indicator's total, then its per-capita value."""
    keys = cells[["indicator_id", "measure"]].drop_duplicates()
    rank = {i: n for n, i in enumerate(dict.fromkeys(cells["indicator_id"]))}
    keys = keys.assign(_r=keys["indicator_id"].map(rank), _m=keys["measure"] != "total")
    return list(keys.sort_values(["_r", "_m"], kind="stable")[["indicator_id", "measure"]]
                .itertuples(index=False, name=None))


def comparability_data(cells: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Exactly what :func:`comparability_figure` draws: the cells, then the pairs.

    Returns
    -------
    pandas.DataFrame
        ``panel`` (state or verdict), ``indicator_id``, ``measure``, the
        cell's ``place_id``, ``state``, ``lower`` and ``upper``, or the pair's
        ``city_a``, ``city_b``, ``verdict``, ``better`` and ``reason``; the
        ``window`` and ``source_ids`` of both.
    """
    state = cells[["indicator_id", "measure", "place_id", "state", "lower", "upper", "window",
                   "source_ids"]].assign(panel="state")
    verdict = pairs[["indicator_id", "measure", "city_a", "city_b", "verdict", "better",
                     "reason", "window", "source_ids"]].assign(panel="verdict")
    columns = ["panel", "indicator_id", "measure", "place_id", "state", "lower", "upper",
               "city_a", "city_b", "verdict", "better", "reason", "window", "source_ids"]
    return pd.concat([state, verdict], ignore_index=True)[columns]


def _states(ax: Axes, cells: pd.DataFrame, rows: list[tuple[str, str]],
            cities: Sequence[str], names: Mapping[str, str]) -> None:
    """The left matrix: one coloured, labelled cell per row and city."""
    table = cells.set_index(["indicator_id", "measure", "place_id"])
    for i, (indicator, measure) in enumerate(rows):
        for j, city in enumerate(cities):
            cell = table.loc[(indicator, measure, city)]
            fill, ink, _ = STATE_STYLES[cell["state"]]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=fill, edgecolor="0.8", linewidth=0.6))
            text = ("–" if cell["state"] == "not_reported"
                    else interval_label(float(cell["lower"]), float(cell["upper"])))
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize="x-small",
                    color=ink)
    ax.set_xticks(np.arange(len(cities)) + 0.5,
                  labels=[textwrap.fill(names.get(c, c), 10) for c in cities])


def _verdicts(ax: Axes, pairs: pd.DataFrame, rows: list[tuple[str, str]],
              cities: Sequence[str], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The right matrix: one cell per row and pair of cities; returns the pairs drawn."""
    colours = city_colours(cities)
    order = list(dict.fromkeys(zip(pairs["city_a"], pairs["city_b"], strict=True)))
    table = pairs.set_index(["indicator_id", "measure", "city_a", "city_b"])
    for i, (indicator, measure) in enumerate(rows):
        for j, (a, b) in enumerate(order):
            pair = table.loc[(indicator, measure, a, b)]
            verdict, hatch, ink = pair["verdict"], None, "black"
            if verdict in ("higher", "lower"):
                ahead, behind = (a, b) if pair["better"] == a else (b, a)
                fill, ink = colours.get(ahead, PALETTE[7]), "white"
                text = f"{names.get(ahead, ahead)} > {names.get(behind, behind)}"
            elif verdict == "equal":
                fill, text = _EQUAL, "equal"
            elif verdict == "undecided":
                fill, text = _UNDECIDED, "undecided"
            else:
                fill, hatch, ink = _REFUSED, "////", "0.35"
                text = short_reason(str(pair["reason"]))
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=fill, edgecolor="0.8", hatch=hatch,
                                   linewidth=0.6))
            ax.text(j + 0.5, i + 0.5, textwrap.fill(text, 16), ha="center", va="center",
                    fontsize="xx-small", color=ink,
                    bbox={"facecolor": _REFUSED, "edgecolor": "none", "pad": 0.4}
                    if hatch else None)
    ax.set_xticks(np.arange(len(order)) + 0.5,
                  labels=[f"{names.get(a, a)}\nvs {names.get(b, b)}" for a, b in order])
    return order


def comparability_figure(cells: pd.DataFrame, pairs: pd.DataFrame, *, cities: Sequence[str],
                         names: Mapping[str, str], labels: Mapping[str, str],
                         height_mm: float | None = None) -> Figure:
    """Draw the states of knowledge and the pairwise verdicts, one row per key feature.

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`lcstudy.comparability.knowledge` (or ``knowledge.csv``).
    pairs : pandas.DataFrame
        From :func:`lcstudy.comparability.verdicts` (or ``comparability.csv``).
    cities : sequence of str
        The study cities, in column order.
    names, labels : mapping of str to str
        Display names of the cities and labels of the indicators.
    height_mm : float, optional
        Figure height (default: 22 mm plus 6 mm per row).

    Returns
    -------
    matplotlib.figure.Figure
        Double-column width; draw it under :func:`lcstudy.figures.paper_style`.
    """
    rows = _rows(cells)
    n_pairs = len(pairs[["city_a", "city_b"]].drop_duplicates())
    height = height_mm if height_mm is not None else 22 + 6 * len(rows)
    fig, (left, right) = new_figure("double", height_mm=height, ncols=2, sharey=True,
                                    gridspec_kw={"width_ratios": [len(cities), 1.4 * n_pairs]})
    _states(left, cells, rows, cities, names)
    _verdicts(right, pairs, rows, cities, names)
    for ax, width in ((left, len(cities)), (right, n_pairs)):
        ax.set_xlim(0, width)
        ax.set_ylim(len(rows), 0)
        ax.xaxis.tick_top()
        ax.tick_params(length=0, labelsize="x-small")
        for spine in ax.spines.values():
            spine.set_visible(False)
    per = {"total": "", "per_100k": " per 100\u00a0000 residents"}
    left.set_yticks(np.arange(len(rows)) + 0.5, labels=[
        textwrap.fill(labels.get(i, i) + per.get(m, f" ({m})"), _ROW_TITLE_WIDTH)
        for i, m in rows])
    window = str(cells["window"].iloc[0]) if len(cells) else ""
    left.set_title(f"What the evidence knows, {window}", loc="left", fontsize="small")
    right.set_title("Pairs of cities: the order the evidence allows", loc="left",
                    fontsize="small")
    handles = [Patch(facecolor=fill, edgecolor="0.6", label=text)
               for fill, _, text in STATE_STYLES.values()]
    first = city_colours(cities).get(cities[0], PALETTE[0]) if cities else PALETTE[0]
    handles += [Patch(facecolor=first, label="surely ahead (in the colour of the city ahead)"),
                Patch(facecolor=_EQUAL, label="equal"),
                Patch(facecolor=_UNDECIDED, edgecolor="0.6", label="undecided (intervals overlap)"),
                Patch(facecolor=_REFUSED, edgecolor="0.6", hatch="////",
                      label="not comparable (reason)")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False,
               fontsize="x-small")
    return fig

