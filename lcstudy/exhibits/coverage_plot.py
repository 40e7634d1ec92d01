"""What the evidence covers: each city's state on each indicator, and whose documents it is seen through.

:func:`coverage_matrix` draws the grid of cities and indicators, a cell per
state of knowledge (:data:`STATE_COLOURS`: greys, a known zero dotted, not
reported white); :func:`voice_bars` the share of each city's claims coded
from each voice (:func:`lcstudy.coding.voices.source_voices`). Both follow the plot
convention of :mod:`lcstudy.exhibits.plots` (``ax=None``, return the axes, never show
or save).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch, Rectangle

from lcstudy.exhibits.plots import FALLBACK_COLOUR, category_order
from lcstudy.intervals import STATE_LABELS, STATES, state_label

__all__ = ["STATE_COLOURS", "KNOWN_ZERO_HATCH", "UPRIGHT_HEADERS", "coverage_matrix",
           "VOICE_COLOURS", "voice_bars"]


#: Fill and ink of each state in :func:`coverage_matrix` and fig3: greys, so that no
#: state looks like a city's colour; a known zero is dotted, not reported is white.
STATE_COLOURS = {"exact": ("#4D4D4D", "white"), "bounded": ("#7F7F7F", "white"),
                 "lower_bound": ("#C4C4C4", "black"), "known_zero": ("#F2F2F2", "black"),
                 "not_reported": ("#FFFFFF", "0.35")}


#: The hatch that marks a known zero wherever a state is drawn.
KNOWN_ZERO_HATCH = "...."


#: The box behind a known zero's text, so that it reads on the hatch.
_ZERO_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}


#: Most columns of :func:`coverage_matrix` whose headers stay upright.
UPRIGHT_HEADERS = 3


_HEADER_WIDTH = 14  # characters per line of a column header


def coverage_matrix(
    data: pd.DataFrame,
    *,
    x: str = "place_id",
    y: str = "indicator_id",
    status: str = "state",
    x_order: Sequence[str] | None = None,
    y_order: Sequence[str] | None = None,
    annotate: bool = True,
    header_rotation: float | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a matrix of what is known, bounded and unknown.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame, one row per cell, e.g. from
        :func:`lcstudy.compare.indicators.coverage_table`.
    x, y : str
        Columns naming the matrix columns (cities) and rows (indicators).
    status : str
        Column of states (:data:`lcstudy.intervals.STATES`); a cell without a
        row is ``not_reported``.
    x_order, y_order : sequence of str, optional
        Categories in display order (default: order of appearance).
    annotate : bool
        Write each cell's interval (``6``, ``2–4``, ``≥101``) when ``data``
        has ``lower`` and ``upper`` columns.
    header_rotation : float, optional
        Angle of the column headers, in degrees. Default: upright for up to
        :data:`UPRIGHT_HEADERS` columns, else 45 (rising to the right, so that
        more or longer names do not run into each other); long names are
        wrapped either way.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.pcolormesh`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with matrix columns labelled on top and a status legend below,
        aligned right.

    Raises
    ------
    ValueError
        If a state is not one of :data:`lcstudy.intervals.STATES`, a cell's
        interval contradicts its state, or a cell has several rows.

    Examples
    --------
    >>> cells = pd.DataFrame({"place_id": ["a", "b"], "indicator_id": ["g", "g"],
    ...     "state": ["exact", "not_reported"]})
    >>> ax = coverage_matrix(cells, ax=plt.figure().add_subplot())
    >>> [t.get_text() for t in ax.get_legend().get_texts()][0]
    'exact value'
    """
    ax = ax if ax is not None else plt.gca()
    unexpected = set(data[status].dropna()) - set(STATES)
    if unexpected:
        raise ValueError(f"{status} must be one of {', '.join(STATES)}, not {sorted(unexpected)}")
    if data.duplicated(subset=[x, y]).any():
        raise ValueError(f"one row per {x} and {y} expected")
    columns, rows = category_order(data[x], x_order), category_order(data[y], y_order)
    cells = data.set_index([y, x]).reindex(pd.MultiIndex.from_product([rows, columns]))
    codes = cells[status].map({s: i for i, s in enumerate(STATES)})
    codes = codes.fillna(STATES.index("not_reported"))
    grid = codes.to_numpy(dtype=float).reshape(len(rows), len(columns))
    cmap = ListedColormap([STATE_COLOURS[s][0] for s in STATES])
    # grey edges: a white (not reported) cell stays a cell on a white page
    options: dict[str, Any] = {"edgecolors": "0.8", "linewidth": 1.0} | kwargs
    ax.pcolormesh(grid, cmap=cmap, vmin=-0.5, vmax=len(STATES) - 0.5, **options)
    for (i, j), code in np.ndenumerate(grid):
        if STATES[int(code)] == "known_zero":
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor="none", edgecolor="0.55",
                                   hatch=KNOWN_ZERO_HATCH, linewidth=0))
    crowded = len(columns) > UPRIGHT_HEADERS + 2
    if annotate and {"lower", "upper"} <= set(data.columns):
        for (i, j), code in np.ndenumerate(grid):
            cell = cells.iloc[i * len(columns) + j]
            state = STATES[int(code)]
            text = state_label(state, float(cell["lower"]), float(cell["upper"]))
            if crowded and len(text) > 4:  # an interval wider than its cell goes on two lines
                text = text.replace("–", "–\n")
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center",
                    fontsize="xx-small" if crowded else "small", color=STATE_COLOURS[state][1],
                    linespacing=0.9, bbox=_ZERO_BOX if state == "known_zero" else None)
    rotation = header_rotation if header_rotation is not None else (
        0.0 if len(columns) <= UPRIGHT_HEADERS else 45.0)
    headers = [textwrap.fill(str(c), _HEADER_WIDTH) for c in columns]
    ax.set_xticks(np.arange(len(columns)) + 0.5, labels=headers)
    if rotation:
        ax.tick_params(axis="x", labelrotation=rotation)
        for label in ax.get_xticklabels():
            label.set(ha="left", rotation_mode="anchor")
    ax.set_yticks(np.arange(len(rows)) + 0.5, labels=rows)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    present = [s for s in STATES if s in set(cells[status].fillna("not_reported"))]
    handles = [Patch(facecolor=STATE_COLOURS[s][0], edgecolor="0.6", label=STATE_LABELS[s],
                     hatch=KNOWN_ZERO_HATCH if s == "known_zero" else None) for s in present]
    ax.legend(handles=handles, loc="upper right", bbox_to_anchor=(1.0, 0.0), frameon=False)
    return ax


#: Fill of each voice in :func:`voice_bars` (greys and light hues, no city colour).
VOICE_COLOURS = {"own city": "#4D4D4D", "another city": "#CC79A7", "press": "#A3A3A3",
                 "unesco": "#56B4E9", "statistics": "#DCDCDC", "reference": "#F0E442"}


def voice_bars(data: pd.DataFrame, *, order: Sequence[str], labels: Mapping[str, str],
               names: Mapping[str, str] | None = None, ax: Axes | None = None,
               **kwargs: Any) -> Axes:
    """Draw, per city, the share of its claims coded from each voice, as stacked bars.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`lcstudy.coding.voices.source_voices`: ``place_id``, ``voice``, ``share``.
    order : sequence of str
        Cities, top first.
    labels : mapping of str to str
        Legend text of each voice, in stacking order.
    names : mapping of str to str, optional
        Display names of the cities.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["a", "a"], "voice": ["press", "unesco"],
    ...     "share": [60.0, 40.0]})
    >>> ax = voice_bars(data, order=["a"], labels={"press": "the press", "unesco": "UNESCO"},
    ...     ax=plt.figure().add_subplot())
    >>> [round(p.get_width()) for p in ax.patches]
    [60, 40]
    """
    ax = ax if ax is not None else plt.gca()
    shares = data.pivot(index="place_id", columns="voice", values="share").reindex(list(order))
    shares = shares.reindex(columns=list(labels)).fillna(0.0)
    left = np.zeros(len(order))
    rows = np.arange(len(order))
    for voice, text in labels.items():
        width = shares[voice].to_numpy(dtype=float)
        ax.barh(rows, width, left=left, color=VOICE_COLOURS.get(voice, FALLBACK_COLOUR),
                label=text, height=0.6, **kwargs)
        left = left + width
    ax.set_yticks(rows, labels=[(names if names is not None else {}).get(c, c) for c in order])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of claims, by source voice")
    return ax
