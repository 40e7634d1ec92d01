"""The comparability figure: states and verdicts drawn distinctly, and its data."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.colors import to_hex

from lcstudy.comparability_plot import (
    STATE_STYLES,
    comparability_data,
    comparability_figure,
    short_reason,
)
from lcstudy.figures import city_colours

NAN, INF = math.nan, math.inf
CELLS = pd.DataFrame({
    "indicator_id": "g", "measure": "total", "place_id": ["a", "b", "c"],
    "state": ["known", "known_zero", "not_reported"], "lower": [1.0, 0.0, NAN],
    "upper": [1.0, 0.0, NAN], "window": "2015-2024", "source_ids": ["s1", "s2", ""],
})
PAIRS = pd.DataFrame({
    "indicator_id": "g", "measure": "total", "city_a": ["a", "a", "b"],
    "city_b": ["b", "c", "c"], "verdict": ["higher", "not_comparable", "not_comparable"],
    "better": ["a", None, None],
    "reason": ["", "c not reported in the window 2015-2024", "c not reported in the window"],
    "window": "2015-2024", "source_ids": ["s1;s2", "s1", "s2"],
})


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_states_and_verdicts_are_drawn_distinctly():
    fig = comparability_figure(CELLS, PAIRS, cities=["a", "b", "c"],
                               names={"a": "A", "b": "B", "c": "C"}, labels={"g": "G"})
    left, right = fig.axes
    assert _texts(left) == ["1", "0", "–"]
    fills = [to_hex(p.get_facecolor()) for p in left.patches]
    assert fills == [to_hex(STATE_STYLES[s][0]) for s in ("known", "known_zero", "not_reported")]
    assert _texts(right) == ["A > B", "not reported", "not reported"]
    ahead, refused = right.patches[0], right.patches[1]
    assert to_hex(ahead.get_facecolor()) == to_hex(city_colours(["a", "b", "c"])["a"])
    assert refused.get_hatch() == "////" and ahead.get_hatch() is None
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "undecided (intervals overlap)" in legend and "not comparable (reason)" in legend


def test_the_data_holds_every_cell_and_pair_with_sources():
    data = comparability_data(CELLS, PAIRS)
    assert data["panel"].value_counts().to_dict() == {"state": 3, "verdict": 3}
    assert "source_ids" in data.columns


def test_short_reasons():
    assert short_reason("the populations divided by count different people: a x, b y") == \
        "populations differ"
    assert short_reason("something else") == "something else"
