"""The comparison a reviewer can accept (fig3): states of knowledge and pairwise verdicts.

:func:`comparability_figure` draws two matrices, one column per key feature
and measure, sharing their columns: above, one row per city, what its
evidence holds over its own period (exact, bounded, lower bound ``≥ n``,
known zero, not reported: each look distinct, the period in the cell); below,
one row per pair of cities, the verdict of :func:`lcstudy.compare.comparability.verdicts`
over the years both cover (surely ahead in the colour of the city ahead,
equal, undecided) or the refusal, hatched, with its reason in short. Rows
grow with the cities, columns stay the indicators, so 3, 5 or 10 cities stay
legible. :func:`comparability_data` returns exactly what is drawn, for the
CSV beside the figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from lcstudy.exhibits.coverage_plot import KNOWN_ZERO_HATCH, STATE_COLOURS
from lcstudy.exhibits.style import PALETTE, city_colours, new_figure
from lcstudy.intervals import STATE_LABELS, STATES, state_label

__all__ = ["SHORT_REASONS", "comparability_data", "comparability_figure", "short_reason"]

_EQUAL, _UNDECIDED, _REFUSED = "#BBBBBB", "white", "#F4F4F4"
_HEADER_WIDTH = 13
#: A refusal in a few words, by reason code (:data:`lcstudy.compare.reasons.REASON_CODES`).
SHORT_REASONS = {"no_period": "no period", "not_searched": "not searched",
                 "no_common_period": "no common period",
                 "outside_window": "outside window", "not_reported": "not reported",
                 "different_populations": "populations differ", "shared_tie": "one shared tie"}


def short_reason(code: str) -> str:
    """The reason a pair is not comparable, in a few words for a matrix cell.

    Examples
    --------
    >>> short_reason("no_common_period")
    'no common period'
    """
    return SHORT_REASONS.get(code, code.replace("_", " "))


def _columns(cells: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator, measure) columns: each indicator's total, then its per-capita value."""
    keys = cells[["indicator_id", "measure"]].drop_duplicates()
    rank = {i: n for n, i in enumerate(dict.fromkeys(cells["indicator_id"]))}
    keys = keys.assign(_r=keys["indicator_id"].map(rank), _m=keys["measure"] != "total")
    return list(keys.sort_values(["_r", "_m"], kind="stable")[["indicator_id", "measure"]]
                .itertuples(index=False, name=None))


def _short_period(period: object) -> str:
    """``2017-2024`` as ``2017–24``; one year as itself."""
    if not isinstance(period, str) or not period:
        return ""
    first, last = period.split("-")
    return first if first == last else f"{first}–{last[2:] if first[:2] == last[:2] else last}"


def comparability_data(cells: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Exactly what :func:`comparability_figure` draws: the cells, then the pairs.

    Returns
    -------
    pandas.DataFrame
        ``panel`` (state or verdict), ``indicator_id``, ``measure``, the
        cell's ``place_id``, or the pair's ``city_a``, ``city_b``, ``verdict``,
        ``better``, ``reason_code`` and ``reason``; the ``period``, ``state``
        (the pair's: ``a_state``/``b_state``), ``lower`` and ``upper`` and the
        ``source_ids`` of each.
    """
    state = cells[["indicator_id", "measure", "place_id", "period", "rounds", "state", "lower",
                   "upper", "source_ids"]].assign(panel="state")
    verdict = pairs[["indicator_id", "measure", "city_a", "city_b", "period", "rounds",
                     "verdict", "better", "reason_code", "reason", "a_state", "a_lower",
                     "a_upper", "b_state", "b_lower", "b_upper", "source_ids"]].assign(
        panel="verdict")
    columns = ["panel", "indicator_id", "measure", "place_id", "city_a", "city_b", "period",
               "rounds", "state", "lower", "upper", "verdict", "better", "reason_code", "reason",
               "a_state", "a_lower", "a_upper", "b_state", "b_lower", "b_upper", "source_ids"]
    return pd.concat([state, verdict], ignore_index=True)[columns]


def _states(ax: Axes, cells: pd.DataFrame, columns: list[tuple[str, str]],
            cities: Sequence[str], names: Mapping[str, str], size: str) -> None:
    """The upper matrix: one cell per city (row) and indicator (column), its state and period."""
    table = cells.set_index(["indicator_id", "measure", "place_id"])
    for i, city in enumerate(cities):
        for j, key in enumerate(columns):
            cell = table.loc[(*key, city)]
            fill, ink = STATE_COLOURS[cell["state"]]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=fill, edgecolor="0.8", linewidth=0.6,
                                   hatch=KNOWN_ZERO_HATCH if cell["state"] == "known_zero"
                                   else None))
            text = state_label(cell["state"], float(cell["lower"]), float(cell["upper"]))
            rounds = cell["rounds"]
            period = _short_period(cell["period"])
            note = f"{period}, {int(rounds)} rd" if rounds == rounds and period else period
            ax.text(j + 0.5, i + 0.5, f"{text}\n{note}" if note else text, ha="center",
                    va="center", fontsize=size, color=ink, linespacing=0.9,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3}
                    if cell["state"] == "known_zero" else None)
    ax.set_yticks(np.arange(len(cities)) + 0.5, labels=[names.get(c, c) for c in cities])


def _verdicts(ax: Axes, pairs: pd.DataFrame, columns: list[tuple[str, str]],
              cities: Sequence[str], names: Mapping[str, str], size: str) -> None:
    """The lower matrix: one cell per pair (row) and indicator (column), its verdict."""
    colours = city_colours(cities)
    order = list(dict.fromkeys(zip(pairs["city_a"], pairs["city_b"], strict=True)))
    table = pairs.set_index(["indicator_id", "measure", "city_a", "city_b"])
    for i, (a, b) in enumerate(order):
        for j, key in enumerate(columns):
            pair = table.loc[(*key, a, b)]
            verdict, hatch, ink = pair["verdict"], None, "black"
            period = _short_period(pair["period"])
            if verdict in ("higher", "lower"):
                ahead = str(pair["better"])
                fill, ink = colours.get(ahead, PALETTE[7]), "white"
                text = f"{names.get(ahead, ahead)} ahead"
            elif verdict == "equal":
                fill, text = _EQUAL, "equal"
            elif verdict == "undecided":
                fill, text = _UNDECIDED, "undecided"
            else:
                fill, hatch, ink = _REFUSED, "////", "0.3"
                text, period = short_reason(str(pair["reason_code"])), ""
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=fill, edgecolor="0.8", hatch=hatch,
                                   linewidth=0.6))
            ax.text(j + 0.5, i + 0.5, textwrap.fill(text, 12) + (f"\n{period}" if period else ""),
                    ha="center", va="center", fontsize=size, color=ink, linespacing=0.9,
                    bbox={"facecolor": _REFUSED, "edgecolor": "none", "pad": 0.3}
                    if hatch else None)
    ax.set_yticks(np.arange(len(order)) + 0.5,
                  labels=[f"{names.get(a, a)} vs {names.get(b, b)}" for a, b in order])


def comparability_figure(cells: pd.DataFrame, pairs: pd.DataFrame, *, cities: Sequence[str],
                         names: Mapping[str, str], labels: Mapping[str, str],
                         height_mm: float | None = None) -> Figure:
    """Draw each city's state of knowledge and each pair's verdict, one column per key feature.

    Every cell carries its own period: a city's over its own evidence, a
    pair's over the years both cities' evidence covers. A refused pair is
    hatched, with its reason in short (:data:`SHORT_REASONS`).

    Parameters
    ----------
    cells : pandas.DataFrame
        From :func:`lcstudy.compare.comparability.knowledge` (or ``knowledge.csv``).
    pairs : pandas.DataFrame
        From :func:`lcstudy.compare.comparability.verdicts` (or ``comparability.csv``).
    cities : sequence of str
        The study cities, in row order.
    names, labels : mapping of str to str
        Display names of the cities and labels of the indicators.
    height_mm : float, optional
        Figure height (default: from the number of cities and pairs).

    Returns
    -------
    matplotlib.figure.Figure
        Double-column width; draw it under :func:`lcstudy.exhibits.style.paper_style`.
    """
    columns = _columns(cells)
    n_pairs = len(pairs[["city_a", "city_b"]].drop_duplicates())
    pair_row = 7.0 if n_pairs <= 6 else 5.0 if n_pairs <= 15 else 3.8
    city_row = 7.0 if len(cities) <= 5 else 5.0
    height = height_mm if height_mm is not None else (
        42 + city_row * len(cities) + pair_row * n_pairs)
    size = "xx-small" if len(columns) > 6 or n_pairs > 6 else "x-small"
    fig, (top, bottom) = new_figure(
        "double", height_mm=height, nrows=2,
        gridspec_kw={"height_ratios": [city_row * max(len(cities), 1),
                                       pair_row * max(n_pairs, 1)]})
    _states(top, cells, columns, cities, names, size)
    _verdicts(bottom, pairs, columns, cities, names, size)
    for ax, n in ((top, len(cities)), (bottom, n_pairs)):
        ax.set_xlim(0, len(columns))
        ax.set_ylim(max(n, 1), 0)
        ax.tick_params(length=0, labelsize="x-small")
        for spine in ax.spines.values():
            spine.set_visible(False)
    per = {"total": "", "per_100k": " per 100\u00a0000"}
    top.xaxis.tick_top()
    top.set_xticks(np.arange(len(columns)) + 0.5, labels=[
        textwrap.fill(labels.get(i, i) + per.get(m, f" ({m})"), _HEADER_WIDTH)
        for i, m in columns], fontsize="xx-small")
    bottom.set_xticks([])
    top.set_title("What each city's evidence holds, over its own period", loc="left",
                  fontsize="small", pad=34)
    bottom.set_title("Pairs: the order the evidence allows, over the years both cover",
                     loc="left", fontsize="small")
    present = [s for s in STATES if s in set(cells["state"])]
    handles = [Patch(facecolor=STATE_COLOURS[s][0], edgecolor="0.6", label=STATE_LABELS[s],
                     hatch=KNOWN_ZERO_HATCH if s == "known_zero" else None) for s in present]
    first = city_colours(cities).get(cities[0], PALETTE[0]) if cities else PALETTE[0]
    handles += [Patch(facecolor=first, label="surely ahead (colour of the city ahead)"),
                Patch(facecolor=_EQUAL, label="equal"),
                Patch(facecolor=_UNDECIDED, edgecolor="0.6", label="undecided (intervals overlap)"),
                Patch(facecolor=_REFUSED, edgecolor="0.6", hatch="////",
                      label="not comparable (reason)")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False,
               fontsize="xx-small")
    return fig
