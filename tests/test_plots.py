"""Tests of lcstudy.exhibits.plots: glyphs for exact, bounded, open and unknown values.

The Agg backend is selected and the ``ax`` fixture given in conftest.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import ConnectionPatch

from lcstudy.exhibits.coverage_plot import coverage_matrix
from lcstudy.exhibits.plots import comparison_grid, dot_interval, interval_legend, range_plot
from lcstudy.exhibits.style import (
    CITY_PALETTE,
    TEXT_CONTRAST,
    contrast_ratio,
    text_colour,
)
from lcstudy.study import Comparison

INF = np.inf
NAN = np.nan


def _intervals(**cities: tuple[float, float]) -> pd.DataFrame:
    """A frame of one interval per city."""
    return pd.DataFrame([(c, lo, hi) for c, (lo, hi) in cities.items()],
                        columns=["place_id", "lower", "upper"])


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _arrows(ax) -> list[ConnectionPatch]:
    return [p for p in ax.patches if isinstance(p, ConnectionPatch)]


def _points_on_row(ax, row: int) -> list[tuple[float, float]]:
    """Every plotted (x, y) vertex of a line lying on ``row``."""
    return [(x, y) for line in ax.lines for x, y in line.get_xydata() if y == row]


# --- coverage_matrix ------------------------------------------------------------------------


# --- dot_interval ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "n_lines", "n_arrows", "texts"),
    [
        (3.0, 3.0, 1, 0, []),  # exact: one dot
        (2.0, 4.0, 1, 0, []),  # closed: one capped line
        (101.0, INF, 1, 1, []),  # open: a cap and an arrow to the edge
        (NAN, NAN, 0, 0, ["unknown"]),  # unknown: only the word
    ],
)
def test_dot_interval_glyphs(ax, lower, upper, n_lines, n_arrows, texts):
    dot_interval(_intervals(osan=(lower, upper)), ax=ax)
    assert len(ax.lines) == n_lines
    assert len(_arrows(ax)) == n_arrows
    assert _texts(ax) == texts


def test_exact_value_is_a_dot_at_the_value(ax):
    dot_interval(_intervals(espoo=(6.0, 6.0)), ax=ax)
    (line,) = ax.lines
    assert line.get_marker() == "o"
    assert line.get_xydata().tolist() == [[6.0, 0.0]]
    assert line.get_color() == CITY_PALETTE[0]  # the first category's colour


def test_closed_interval_spans_its_bounds(ax):
    dot_interval(_intervals(espoo=(2.0, 4.0)), ax=ax)
    (line,) = ax.lines
    assert line.get_xdata().tolist() == [2.0, 4.0]
    assert line.get_linestyle() == "-"


def test_unknown_draws_nothing_at_zero_and_says_so(ax):
    data = _intervals(espoo=(6.0, 6.0), gongju=(NAN, NAN))
    dot_interval(data, order=["espoo", "osan", "gongju"], ax=ax)
    # osan (no row) and gongju (missing lower) are rows 1 and 2: nothing drawn there
    assert _points_on_row(ax, 1) == [] and _points_on_row(ax, 2) == []
    assert all(x != 0 for x, _ in _points_on_row(ax, 0))
    assert not ax.patches and not ax.collections
    assert [(t.get_text(), t.get_position()[1]) for t in ax.texts] == [("unknown", 1),
                                                                       ("unknown", 2)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["espoo", "osan", "gongju"]


def test_open_interval_runs_to_the_axis_edge(ax):
    dot_interval(_intervals(espoo=(3.0, 3.0), osan=(101.0, INF)), ax=ax)
    (arrow,) = _arrows(ax)
    assert arrow.xy1 == (101.0, 1.0)
    assert arrow.xy2 == (1.0, 1.0)  # axes fraction: the right edge
    assert ax.get_xlim()[1] > 101.0  # room for the arrow to show
    for right in (None, 500.0):  # the arrow follows the axis when it is rescaled
        if right is not None:
            ax.set_xlim(right=right)
        ax.figure.canvas.draw()
        edge = ax.get_window_extent().x1
        # the stroked head is drawn back by about a line width so that its tip ends there
        assert arrow.get_window_extent().x1 == pytest.approx(edge, abs=3)


@pytest.mark.parametrize(("zero", "includes_zero"), [(True, True), (False, False)])
def test_value_axis_includes_zero_on_request(ax, zero, includes_zero):
    dot_interval(_intervals(espoo=(2016.0, 2016.0), osan=(2020.0, 2020.0)), zero=zero, ax=ax)
    left, right = ax.get_xlim()
    assert (left <= 0) == includes_zero
    assert left < 2016 and right > 2020


def test_rows_are_labelled_and_coloured(ax):
    dot_interval(_intervals(espoo=(1.0, 1.0), osan=(2.0, 2.0)),
                 labels={"espoo": "Espoo", "osan": "Osan"}, ax=ax)
    ticks = ax.get_yticklabels()
    assert [t.get_text() for t in ticks] == ["Espoo", "Osan"]
    assert [t.get_color() for t in ticks] == [text_colour(c) for c in CITY_PALETTE[:2]]  # readable
    assert ax.get_ylim() == (1.5, -0.5)  # first row on top


@pytest.mark.parametrize(("lower", "upper"), [(3.0, 3.0), (2.0, 4.0), (101.0, INF)])
def test_style_keywords_reach_the_glyphs(ax, lower, upper):
    dot_interval(_intervals(osan=(lower, upper)), markersize=3, linewidth=2, ax=ax)
    (line,) = ax.lines
    assert (line.get_markersize(), line.get_linewidth()) == (3, 2)
    assert all(arrow.get_linewidth() == 2 for arrow in _arrows(ax))


def test_dot_interval_refuses_several_rows_per_city(ax):
    with pytest.raises(ValueError, match="one row per place_id"):
        dot_interval(_intervals(espoo=(1.0, 1.0)).pipe(lambda d: pd.concat([d, d])), ax=ax)


def test_plot_functions_return_the_axes_they_drew_on(ax):
    data = _intervals(espoo=(1.0, 1.0)).assign(choice="a", indicator_id="g", state="exact")
    assert dot_interval(data, ax=ax) is ax
    assert range_plot(data, ax=ax) is ax
    assert coverage_matrix(data, ax=ax) is ax


# --- range_plot -----------------------------------------------------------------------------


def _choices(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place_id", "choice", "lower", "upper"])


def test_range_spans_all_defined_choices(ax):
    data = _choices([("osan", "official", 0.419, 0.419), ("osan", "press", 0.417, 0.417),
                     ("osan", "definition", NAN, NAN)])
    range_plot(data, ax=ax)
    (line,) = ax.lines
    assert line.get_xdata().tolist() == [0.417, 0.419]
    assert _texts(ax) == ["2 of 3"]


@pytest.mark.parametrize(
    ("rows", "n_lines", "n_arrows", "texts"),
    [
        ([("osan", "a", 1.0, 1.0), ("osan", "b", 1.0, 1.0)], 1, 0, []),  # same under all
        ([("osan", "a", 1.0, 2.0), ("osan", "b", 42.0, INF)], 1, 1, []),  # open under one
        ([("osan", "a", NAN, NAN), ("osan", "b", NAN, NAN)], 0, 0, ["unknown"]),  # never defined
        ([("osan", "a", 1.0, 1.0), ("espoo", "b", 1.0, 1.0)], 2, 0, ["1 of 2", "1 of 2"]),
    ],
)
def test_range_plot_glyphs(ax, rows, n_lines, n_arrows, texts):
    range_plot(_choices(rows), ax=ax)
    assert len(ax.lines) == n_lines
    assert len(_arrows(ax)) == n_arrows
    assert _texts(ax) == texts


def test_range_plot_unknown_city_has_no_value(ax):
    data = _choices([("espoo", "a", 2.0, 2.0), ("gongju", "a", NAN, NAN)])
    range_plot(data, order=["espoo", "osan", "gongju"], unknown_label="not ranked", ax=ax)
    assert _points_on_row(ax, 1) == [] and _points_on_row(ax, 2) == []
    assert _texts(ax) == ["not ranked", "not ranked"]


# --- interval_legend ------------------------------------------------------------------------


def test_interval_legend_explains_each_glyph(ax):
    legend = interval_legend(ax, loc="center")
    assert [t.get_text() for t in legend.get_texts()] == [
        "exact value", "bounded (closed interval)", "at least (open upper bound)"]
    ax.figure.canvas.draw()  # the custom arrow glyph renders


# --- comparison_grid ------------------------------------------------------------------------


def test_comparison_grid_draws_one_panel_per_indicator_and_measure():
    data = pd.DataFrame([
        ("g", "total", "a", 6.0, 6.0), ("g", "total", "b", 101.0, INF),
        ("h", "total", "a", NAN, NAN), ("h", "total", "b", 3.0, 3.0),
        ("g", "per_100k", "a", 1.5, 1.5), ("g", "per_100k", "b", NAN, NAN),
    ], columns=["indicator_id", "measure", "place_id", "lower", "upper"])
    comparison = Comparison(data=data, pairs=pd.DataFrame(), cities=["b", "a"],
                            indicators=["h", "g"],
                            measures=["total", "per_100k"], names={"a": "Ay", "b": "Bee"},
                            labels={"g": "G", "h": "H"})
    fig = comparison_grid(comparison)
    axes = fig.axes
    assert len(axes) == 4  # three panels and the legend's cell
    titles = [ax.get_title(loc="left") for ax in axes[:3]]
    assert titles == ["H", "G", "G per 100\u00a0000 residents"]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["Bee", "Ay"]  # rows shared
    assert all(axes[0].get_shared_y_axes().joined(axes[0], ax) for ax in axes[1:3])
    assert _texts(axes[0]) == ["unknown"] and _texts(axes[2]) == ["unknown"]
    assert len(_arrows(axes[1])) == 1  # b's open total on g
    assert not axes[3].axison and axes[3].get_legend() is not None


def test_tick_labels_of_city_rows_are_readable():
    """The rows of an interval panel name each city in a colour readable on white."""
    cities = [f"c{k}" for k in range(len(CITY_PALETTE))]
    data = pd.DataFrame({"place_id": cities, "lower": 1.0, "upper": 2.0})
    ax = dot_interval(data, order=cities)
    colours = [to_hex(tick.label1.get_color()) for tick in ax.yaxis.get_major_ticks(len(cities))]
    assert min(contrast_ratio(c) for c in colours) >= TEXT_CONTRAST
