"""Plots of interval-valued evidence: each city's interval per indicator, and their grid.

Every plot function follows seaborn's convention ``f(data, *, ..., ax=None,
**kwargs) -> Axes``: it draws on ``ax`` (the current axes when omitted) and
returns it; none calls ``show()`` or ``savefig()`` (see
:func:`lcstudy.exhibits.figures.save_figure`).

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
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerLine2D, HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionPatch, FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from lcstudy.exhibits.style import PALETTE, city_colours, new_figure, text_colour

if TYPE_CHECKING:
    from lcstudy.study import Comparison

__all__ = ["FALLBACK_COLOUR", "category_order", "dot_interval", "range_plot", "interval_legend",
           "comparison_grid"]

#: The colour of a row no colour is given for.
FALLBACK_COLOUR = PALETTE[7]
#: How a panel title of :func:`comparison_grid` names the measure.
_MEASURE_TITLES = {"total": "", "per_100k": " per 100\u00a0000 residents",
                   "per_km2": " per km\u00b2", "per_year": " per year"}
_NOTE_COLOUR = "0.35"


def category_order(values: pd.Series, order: Sequence[str] | None) -> list[str]:
    """The categories to draw: ``order``, else the values in order of appearance."""
    return list(order) if order is not None else list(pd.unique(values.dropna()))


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
    (:func:`lcstudy.exhibits.style.text_colour`).
    """
    ax.set_yticks(range(len(categories)),
                  labels=[c if labels is None else labels.get(c, c) for c in categories])
    for tick, category in zip(ax.yaxis.get_major_ticks(len(categories)), categories, strict=True):
        tick.label1.set_color(text_colour(palette.get(category, FALLBACK_COLOUR)))
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
        :func:`lcstudy.exhibits.style.city_colours` of the categories in their order;
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
    categories = category_order(data[y], order)
    palette = palette if palette is not None else city_colours(categories)
    rows = data.set_index(y).reindex(categories)
    lows = rows[lower].to_numpy(dtype=float)
    highs = rows[upper].to_numpy(dtype=float)
    for position, (category, low, high) in enumerate(zip(categories, lows, highs, strict=True)):
        if np.isnan(low):
            _draw_unknown(ax, position, unknown_label)
        else:
            _draw_interval(ax, position, low, high, palette.get(category, FALLBACK_COLOUR),
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
        Colour of each category (default :func:`lcstudy.exhibits.style.city_colours`
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
    categories = category_order(data[y], order)
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
        _draw_interval(ax, position, low, high, palette.get(category, FALLBACK_COLOUR), **kwargs)
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
        city in its colour (:func:`lcstudy.exhibits.style.city_colours`); draw it
        under :func:`lcstudy.exhibits.style.paper_style` and save it with
        :func:`lcstudy.exhibits.figures.save_figure`.
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


