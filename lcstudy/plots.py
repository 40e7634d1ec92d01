"""Plots of interval-valued evidence: coverage, comparison and robustness.

Every plot function follows seaborn's convention ``f(data, *, ..., ax=None,
**kwargs) -> Axes``: it draws on ``ax`` (the current axes when omitted) and
returns it; none calls ``show()`` or ``savefig()`` (see
:func:`lcstudy.figures.save_figure`).

The interval plots share one glyph grammar, so that a bound never looks like a
number and an unknown never looks like zero:

- exact value (``lower == upper``): a filled dot;
- closed interval: a line between two end caps;
- open upper bound (``upper = inf``): a cap at the lower bound and an arrow
  running to the right edge of the axes;
- unknown (``lower`` missing, or no row): the word "unknown" on the row,
  nothing drawn at any value.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerLine2D, HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionPatch, FancyArrowPatch, Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from lcstudy.figures import PALETTE, city_colours, new_figure, text_colour
from lcstudy.intervals import STATE_LABELS, STATES, state_label

if TYPE_CHECKING:
    from lcstudy.study import Comparison

__all__ = [
    "KNOWN_ZERO_HATCH",
    "STATE_COLOURS",
    "UPRIGHT_HEADERS",
    "coverage_matrix",
    "dot_interval",
    "range_plot",
    "interval_legend",
    "comparison_grid",
    "voice_bars",
]

#: Fill and ink of each state in :func:`coverage_matrix` and fig3: greys, so that no
#: state looks like a city's colour; a known zero is dotted, not reported is white.
STATE_COLOURS = {"exact": ("#4D4D4D", "white"), "bounded": ("#7F7F7F", "white"),
                 "lower_bound": ("#C4C4C4", "black"), "known_zero": ("#F2F2F2", "black"),
                 "not_reported": ("#FFFFFF", "0.35")}
#: The hatch that marks a known zero wherever a state is drawn.
KNOWN_ZERO_HATCH = "...."
#: The box behind a known zero's text, so that it reads on the hatch.
_ZERO_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}
_FALLBACK_COLOUR = PALETTE[7]
#: Most columns of :func:`coverage_matrix` whose headers stay upright.
UPRIGHT_HEADERS = 3
_HEADER_WIDTH = 14  # characters per line of a column header
#: How a panel title of :func:`comparison_grid` names the measure.
_MEASURE_TITLES = {"total": "", "per_100k": " per 100\u00a0000 residents",
                   "per_km2": " per km\u00b2", "per_year": " per year"}
_NOTE_COLOUR = "0.35"


def _categories(values: pd.Series, order: Sequence[str] | None) -> list[str]:
    """The categories to draw: ``order``, else the values in order of appearance."""
    return list(order) if order is not None else list(pd.unique(values.dropna()))


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
        Tidy frame, one row per cell, e.g. from :func:`coverage_table`.
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
    columns, rows = _categories(data[x], x_order), _categories(data[y], y_order)
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


def _draw_interval(ax: Axes, y: float, lower: float, upper: float, colour: str,
                   **kwargs: Any) -> None:
    """Draw one known interval on row ``y`` with the module's glyph grammar."""
    dot: dict[str, Any] = {"marker": "o", "linestyle": "none", "color": colour} | kwargs
    cap: dict[str, Any] = {"marker": "|", "markersize": 7, "color": colour} | kwargs
    if lower == upper:
        ax.plot([lower], [y], **dot)
    elif np.isfinite(upper):
        ax.plot([lower, upper], [y, y], **cap)
    else:
        ax.plot([lower], [y], **(cap | {"linestyle": "none"}))
        width = kwargs.get("linewidth", plt.rcParams["lines.linewidth"])
        ax.add_artist(ConnectionPatch(
            (lower, y), (1.0, y), coordsA="data", coordsB=ax.get_yaxis_transform(), axesA=ax,
            arrowstyle="-|>", color=colour, linewidth=width, shrinkA=0, shrinkB=0,
            mutation_scale=7))


def _draw_unknown(ax: Axes, y: float, label: str) -> None:
    """Write ``label`` on row ``y`` at the left of the axes; draw no value."""
    ax.text(0.02, y, label, transform=ax.get_yaxis_transform(), ha="left", va="center",
            fontsize="small", color=_NOTE_COLOUR)  # upright: italics embed a second font


def _frame_rows(ax: Axes, categories: list[str], labels: Mapping[str, str] | None,
                palette: Mapping[str, str]) -> None:
    """One row per category, first at the top, tick labels in the category's colour.

    A colour too faint for text on white is darkened for the label
    (:func:`lcstudy.figures.text_colour`).
    """
    ax.set_yticks(range(len(categories)),
                  labels=[c if labels is None else labels.get(c, c) for c in categories])
    for tick, category in zip(ax.yaxis.get_major_ticks(len(categories)), categories, strict=True):
        tick.label1.set_color(text_colour(palette.get(category, _FALLBACK_COLOUR)))
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def _set_xlim(ax: Axes, lower: np.ndarray, upper: np.ndarray, zero: bool) -> None:
    """Fit the known bounds, with room on the right for open intervals to run out."""
    ends = np.concatenate([lower, upper])
    finite = ends[np.isfinite(ends)]
    if finite.size == 0:
        return
    left, right = finite.min(), finite.max()
    if zero:
        left, right = min(left, 0.0), max(right, 0.0)
    span = (right - left) or max(abs(right), 1.0)
    opened = bool(np.any(np.isinf(upper) & ~np.isnan(lower)))
    ax.set_xlim(left - 0.06 * span, right + (0.3 if opened else 0.06) * span)


def dot_interval(
    data: pd.DataFrame,
    *,
    y: str = "place_id",
    lower: str = "lower",
    upper: str = "upper",
    order: Sequence[str] | None = None,
    palette: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    zero: bool = True,
    unknown_label: str = "unknown",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw one interval per row: dots for exact values, lines for bounds.

    Parameters
    ----------
    data : pandas.DataFrame
        At most one row per category of ``y``, with interval columns; ``upper``
        may be ``inf`` (open) and ``lower`` missing (unknown).
    y : str
        Column naming the rows (cities).
    lower, upper : str
        Interval columns.
    order : sequence of str, optional
        Rows in display order, top first. A category without a row, or with a
        missing ``lower``, is drawn as ``unknown_label``. Default: the
        categories of ``data`` in order of appearance.
    palette : mapping, optional
        Colour of each category, black for others (default
        :func:`lcstudy.figures.city_colours` of the categories in their order;
        pass the study cities' colours to keep each city's colour).
    labels : mapping, optional
        Tick label of each category (default: the category itself).
    zero : bool
        Include zero in the value axis (as for counts).
    unknown_label : str
        Text written on rows without a value.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for dots and lines
        (``markersize``, ``linewidth``, ``alpha`` ...); they override the defaults.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Raises
    ------
    ValueError
        If a category has several rows.

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["a", "b"], "lower": [3.0, 101.0],
    ...     "upper": [3.0, np.inf]})
    >>> ax = plt.figure().add_subplot()
    >>> ax = dot_interval(data, order=["a", "b", "c"], ax=ax)
    >>> [t.get_text() for t in ax.texts]
    ['unknown']
    """
    ax = ax if ax is not None else plt.gca()
    if data[y].duplicated().any():
        raise ValueError(f"one row per {y} expected; use range_plot for several choices")
    categories = _categories(data[y], order)
    palette = palette if palette is not None else city_colours(categories)
    rows = data.set_index(y).reindex(categories)
    lows = rows[lower].to_numpy(dtype=float)
    highs = rows[upper].to_numpy(dtype=float)
    for position, (category, low, high) in enumerate(zip(categories, lows, highs, strict=True)):
        if np.isnan(low):
            _draw_unknown(ax, position, unknown_label)
        else:
            _draw_interval(ax, position, low, high, palette.get(category, _FALLBACK_COLOUR),
                           **kwargs)
    _frame_rows(ax, categories, labels, palette)
    _set_xlim(ax, lows, highs, zero)
    return ax


def range_plot(
    data: pd.DataFrame,
    *,
    y: str = "place_id",
    lower: str = "lower",
    upper: str = "upper",
    choice: str = "choice",
    order: Sequence[str] | None = None,
    palette: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    zero: bool = True,
    unknown_label: str = "unknown",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw, per row, the range a result takes across the analyst's choices.

    For each category of ``y`` the interval runs from the smallest ``lower`` to
    the largest ``upper`` over the choices under which the result is defined
    (open when any choice gives an open bound). When the result is undefined
    under some choices, ``k of n`` is written above the right end of the row.

    Parameters
    ----------
    data : pandas.DataFrame
        Long frame: one row per category of ``y`` and choice; ``lower`` missing
        where the choice leaves the result undefined.
    y : str
        Column naming the rows (cities).
    lower, upper : str
        Interval columns of each choice's result.
    choice : str
        Column naming the choice; ``n`` is its number of distinct values.
    order : sequence of str, optional
        Rows in display order, top first; categories without a defined result
        are drawn as ``unknown_label``.
    palette : mapping, optional
        Colour of each category (default :func:`lcstudy.figures.city_colours`
        of the categories in their order).
    labels : mapping, optional
        Tick label of each category.
    zero : bool
        Include zero in the value axis.
    unknown_label : str
        Text written on rows defined under no choice.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: the current axes).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for dots and lines, as in
        :func:`dot_interval`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["b"] * 3, "choice": ["a", "b", "c"],
    ...     "lower": [0.42, 0.41, np.nan], "upper": [0.42, 0.41, np.nan]})
    >>> ax = range_plot(data, ax=plt.figure().add_subplot())
    >>> [t.get_text() for t in ax.texts]
    ['2 of 3']
    """
    ax = ax if ax is not None else plt.gca()
    categories = _categories(data[y], order)
    palette = palette if palette is not None else city_colours(categories)
    n_choices = data[choice].nunique()
    defined = data[data[lower].notna()]
    grouped = defined.groupby(y, sort=False)
    envelope = pd.DataFrame({"lower": grouped[lower].min(), "upper": grouped[upper].max(),
                             "k": grouped[choice].nunique()}).reindex(categories)
    lows = envelope["lower"].to_numpy(dtype=float)
    highs = envelope["upper"].to_numpy(dtype=float)
    for position, category in enumerate(categories):
        low, high, k = lows[position], highs[position], envelope["k"].iloc[position]
        if np.isnan(low):
            _draw_unknown(ax, position, unknown_label)
            continue
        _draw_interval(ax, position, low, high, palette.get(category, _FALLBACK_COLOUR), **kwargs)
        if k < n_choices:
            ax.annotate(f"{int(k)} of {n_choices}", xy=(1.0, position),
                        xycoords=ax.get_yaxis_transform(), xytext=(0, 5.5),
                        textcoords="offset points", ha="right", va="bottom",
                        fontsize="x-small", color=_NOTE_COLOUR)
    _frame_rows(ax, categories, labels, palette)
    _set_xlim(ax, lows, highs, zero)
    return ax


def interval_legend(ax: Axes, **kwargs: Any) -> Legend:
    """Add a key to the glyphs of :func:`dot_interval` and :func:`range_plot`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to hold the legend (often an otherwise empty panel).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.legend` (``loc``, ``title`` ...).

    Returns
    -------
    matplotlib.legend.Legend
        The legend.

    Examples
    --------
    >>> legend = interval_legend(plt.figure().add_subplot())
    >>> [t.get_text() for t in legend.get_texts()]
    ['exact value', 'bounded (closed interval)', 'at least (open upper bound)']
    >>> plt.close("all")
    """
    black = PALETTE[7]
    exact = Line2D([], [], marker="o", linestyle="none", color=black, label="exact value")
    closed = Line2D([], [], marker="|", markersize=7, color=black,
                    label="bounded (closed interval)")
    opened = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=7, color=black,
                             label="at least (open upper bound)")
    handlers = {closed: HandlerLine2D(numpoints=2), opened: HandlerPatch(patch_func=_arrow_key)}
    options: dict[str, Any] = {"frameon": False, "handler_map": handlers} | kwargs
    return ax.legend(handles=[exact, closed, opened], **options)


def _arrow_key(legend: Legend, orig_handle: FancyArrowPatch, xdescent: float, ydescent: float,
               width: float, height: float, fontsize: float) -> FancyArrowPatch:
    """Legend glyph of an open upper bound: an arrow across the handle box."""
    middle = height / 2 - ydescent
    return FancyArrowPatch((-xdescent, middle), (width - xdescent, middle), arrowstyle="-|>",
                           mutation_scale=7, shrinkA=0, shrinkB=0)


def comparison_grid(comparison: Comparison, *, ncols: int | None = None,
                    height_mm: float | None = None, title_width: int = 24) -> Figure:
    """The panel grid of a comparison: one :func:`dot_interval` panel per indicator and measure.

    A figure-level function (seaborn's ``catplot`` pattern) over the panels.

    Parameters
    ----------
    comparison : lcstudy.study.Comparison
        From :meth:`lcstudy.study.Study.compare`.
    ncols : int, optional
        Panels per row (default: up to 4, leaving one cell for the legend).
    height_mm : float, optional
        Figure height (default: 12 mm plus 10 mm per city and row).
    title_width : int
        Characters per line of a panel title.

    Returns
    -------
    matplotlib.figure.Figure
        Double-column width, the interval legend in the last cell, each study
        city in its colour (:func:`lcstudy.figures.city_colours`); draw it
        under :func:`lcstudy.figures.paper_style` and save it with
        :func:`lcstudy.figures.save_figure`.
    """
    data = comparison.data
    panels = comparison.panel_order()[["indicator_id", "measure"]].drop_duplicates()
    ncols = ncols or min(4, len(panels) + 1)
    nrows = math.ceil((len(panels) + 1) / ncols)
    height = height_mm if height_mm is not None else 12 + 10 * len(comparison.cities) * nrows
    fig, axes = new_figure("double", height_mm=height, nrows=nrows, ncols=ncols, sharey=True,
                           squeeze=False)
    palette = city_colours(comparison.study_cities or comparison.cities)
    for ax, (indicator, measure) in zip(axes.flat, panels.itertuples(index=False),
                                         strict=False):  # more cells than panels
        rows = data[(data["indicator_id"] == indicator) & (data["measure"] == measure)]
        dot_interval(rows, order=comparison.cities, labels=comparison.names, palette=palette,
                     ax=ax)
        title = comparison.labels[indicator] + _MEASURE_TITLES.get(measure, f" ({measure})")
        ax.set_title(textwrap.fill(title, title_width), loc="left")
        if measure == "total":
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    for ax in axes.flat[len(panels):]:
        ax.set_axis_off()
    interval_legend(axes.flat[-1], loc="center")
    return fig


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
        From :func:`lcstudy.comparability.source_voices`: ``place_id``, ``voice``, ``share``.
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
        ax.barh(rows, width, left=left, color=VOICE_COLOURS.get(voice, _FALLBACK_COLOUR),
                label=text, height=0.6, **kwargs)
        left = left + width
    ax.set_yticks(rows, labels=[(names if names is not None else {}).get(c, c) for c in order])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of claims, by source voice")
    return ax
