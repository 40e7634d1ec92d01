"""The comparability figure: states and verdicts drawn distinctly, and its data."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.colors import to_hex

from lcstudy.compare.reasons import REFUSALS
from lcstudy.exhibits.comparability_plot import (
    SHORT_REASONS,
    comparability_data,
    comparability_figure,
    short_reason,
)
from lcstudy.exhibits.coverage_plot import STATE_COLOURS
from lcstudy.exhibits.style import city_colours

NAN, INF = math.nan, math.inf
CELLS = pd.DataFrame({
    "indicator_id": "g", "measure": "total", "place_id": ["a", "b", "c"],
    "period": ["2015-2024", "2017-2024", ""], "rounds": [5.0, 4.0, NAN],
    "state": ["exact", "known_zero", "not_reported"], "lower": [1.0, 0.0, NAN],
    "upper": [1.0, 0.0, NAN], "source_ids": ["s1", "s2", ""],
})
PAIRS = pd.DataFrame({
    "indicator_id": "g", "measure": "total", "city_a": ["a", "a", "b"],
    "city_b": ["b", "c", "c"], "period": ["2017-2024", "", ""], "rounds": [4.0, NAN, NAN],
    "verdict": ["higher", "not_comparable", "not_comparable"], "better": ["a", "", ""],
    "reason_code": ["ordered", "no_period", "no_period"],
    "reason": ["a ahead in 2017-2024", "c's evidence covers no period",
               "c's evidence covers no period"],
    "a_state": ["exact", "exact", "known_zero"], "a_lower": [1.0, 1.0, 0.0],
    "a_upper": [1.0, 1.0, 0.0], "b_state": ["known_zero", "not_reported", "not_reported"],
    "b_lower": [0.0, NAN, NAN], "b_upper": [0.0, NAN, NAN],
    "source_ids": ["s1;s2", "s1", "s2"],
})


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_states_and_verdicts_are_drawn_distinctly_with_their_periods():
    fig = comparability_figure(CELLS, PAIRS, cities=["a", "b", "c"],
                               names={"a": "A", "b": "B", "c": "C"}, labels={"g": "G"})
    top, bottom = fig.axes
    assert _texts(top) == ["1\n2015–24, 5 rd", "0\n2017–24, 4 rd", "?"]
    fills = [to_hex(p.get_facecolor()) for p in top.patches]
    assert fills == [to_hex(STATE_COLOURS[s][0]) for s in ("exact", "known_zero", "not_reported")]
    assert [p.get_hatch() for p in top.patches] == [None, "....", None]
    assert _texts(bottom) == ["A ahead\n2017–24", "no period", "no period"]
    ahead, refused = bottom.patches[0], bottom.patches[1]
    assert to_hex(ahead.get_facecolor()) == to_hex(city_colours(["a", "b", "c"])["a"])
    assert refused.get_hatch() == "////" and ahead.get_hatch() is None
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "undecided (intervals overlap)" in legend and "not comparable (reason)" in legend


def test_the_data_holds_every_cell_and_pair_with_sources():
    data = comparability_data(CELLS, PAIRS)
    assert data["panel"].value_counts().to_dict() == {"state": 3, "verdict": 3}
    assert {"source_ids", "period", "reason_code"} <= set(data.columns)


def test_short_reasons_come_from_the_codes():
    assert short_reason("different_populations") == "populations differ"
    assert short_reason("something_else") == "something else"


def test_every_refusal_has_its_few_words() -> None:
    assert set(SHORT_REASONS) == set(REFUSALS)
