"""Tests of lcstudy.exhibits.coverage_plot: the coverage matrix, a cell per state of knowledge.

The Agg backend is selected and the ``ax`` fixture given in conftest.py.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_rgba

from lcstudy.exhibits.coverage_plot import STATE_COLOURS, coverage_matrix
from lcstudy.exhibits.style import paper_style

INF = np.inf
NAN = np.nan


def test_coverage_matrix_colours_every_cell(ax):
    cells = pd.DataFrame({"city": ["a", "b", "a"], "indicator": ["g", "g", "h"],
                          "state": ["exact", "lower_bound", "not_reported"],
                          "lower": [1.0, 2.0, NAN], "upper": [1.0, INF, NAN]})
    coverage_matrix(cells, x="city", y="indicator", ax=ax)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    # rows g, h; columns a, b; (h, b) has no row and counts as unknown
    expected = ["exact", "lower_bound", "not_reported", "not_reported"]
    colours = mesh.to_rgba(mesh.get_array().ravel())
    assert [tuple(c) for c in colours] == [to_rgba(STATE_COLOURS[s][0]) for s in expected]
    assert [t.get_text() for t in ax.texts] == ["1", "≥2", "?", "?"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["g", "h"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [label.split(" ")[0] for label in legend] == ["exact", "lower", "not"]
    assert legend[-1] == "not reported (no source speaks)"  # not reported is not unknown zero


@pytest.mark.parametrize(
    ("status", "message"),
    [(["exact", "zero"], "state must be one of"), (["exact", "exact"], "one row per")],
)
def test_coverage_matrix_refuses_bad_input(ax, status, message):
    place = ["a", "b"] if status[1] == "zero" else ["a", "a"]
    cells = pd.DataFrame({"place_id": place, "indicator_id": ["g", "g"], "state": status})
    with pytest.raises(ValueError, match=message):
        coverage_matrix(cells, ax=ax)


@pytest.mark.parametrize(("n", "rotation"), [(2, 0.0), (3, 0.0), (4, 45.0), (6, 45.0)])
def test_coverage_headers_stay_apart_with_more_cities(n, rotation):
    names = ["Espoo", "Osan", "Gongju", "Suwon", "Virvala", "Tampere"][:n]
    cells = pd.DataFrame({"place_id": names, "indicator_id": "g", "state": "exact"})
    with paper_style():
        fig, ax = plt.subplots(figsize=(45 / 25.4, 3))  # about fig1's matrix width
        coverage_matrix(cells, ax=ax)
    labels = ax.get_xticklabels()
    assert {label.get_rotation() for label in labels} == {rotation}
    renderer = fig.canvas.get_renderer()
    spacing = np.diff(ax.transData.transform([(0, 0), (1, 0)])[:, 0])[0]
    if rotation:  # parallel slanted labels: apart when their perpendicular gap exceeds a line
        height = labels[0].get_fontsize() * 1.2 * fig.dpi / 72
        assert spacing * np.sin(np.radians(rotation)) > height
    else:
        boxes = [label.get_window_extent(renderer) for label in labels]
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
