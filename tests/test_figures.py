"""Tests of lcstudy.exhibits.figures: deterministic saving, and showing what was saved."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

import lcstudy.exhibits.figures
from lcstudy.exhibits.figures import save_figure, show_saved
from lcstudy.exhibits.style import new_figure, paper_style

DATA = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.5], "source_ids": ["s1", "s1;s2"]})


def _figure():
    with paper_style():
        fig, ax = new_figure("single")
        ax.plot(DATA["x"], DATA["y"], marker="o", label="Espoo")
        ax.set_xlabel("year")
        ax.legend()
    return fig


def test_save_writes_four_files_byte_identical_on_rerun(tmp_path):
    first = [p.read_bytes() for p in save_figure(_figure(), "demo", DATA, folder=tmp_path)]
    second = [p.read_bytes() for p in save_figure(_figure(), "demo", DATA, folder=tmp_path)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "demo.csv", "demo.pdf", "demo.png", "demo.svg"]
    assert first == second


def test_saved_files_carry_no_dates_and_embed_truetype(tmp_path):
    save_figure(_figure(), "demo", DATA, folder=tmp_path)
    pdf = (tmp_path / "demo.pdf").read_bytes()
    assert b"/FontFile2" in pdf  # TrueType embedded, not Type 3
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    svg = (tmp_path / "demo.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    png = (tmp_path / "demo.png").read_bytes()
    assert b"Software" not in png and b"pHYs" in png  # resolution stored, no software stamp


def test_csv_holds_exactly_the_plotted_numbers(tmp_path):
    save_figure(_figure(), "demo", DATA, folder=tmp_path)
    assert (tmp_path / "demo.csv").read_text(encoding="utf-8") == (
        "x,y,source_ids\n1,3,s1\n2,4.5,s1;s2\n")


def test_plotted_data_must_cite_sources(tmp_path):
    with pytest.raises(ValueError, match="source_ids"):
        save_figure(_figure(), "demo", DATA.drop(columns="source_ids"), folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_formats_share_the_layout_computed_for_the_pdf(tmp_path):
    fig = _figure()
    save_figure(fig, "demo", DATA, folder=tmp_path)
    laid_out = fig.axes[0].get_position().bounds
    assert fig.get_layout_engine() is None
    fig.canvas.draw()  # a later display does not lay the figure out again
    assert fig.axes[0].get_position().bounds == laid_out
    with Image.open(tmp_path / "demo.png") as png:
        assert png.size == (int(85 / 25.4 * 300), int(0.62 * 85 / 25.4 * 300))  # 300 dpi


def test_a_figure_without_layout_engine_keeps_its_own_positions(tmp_path):
    fig = plt.figure(figsize=(3, 2))
    ax = fig.add_axes((0.2, 0.2, 0.6, 0.6))
    ax.plot([0, 1], [0, 1])
    save_figure(fig, "plain", DATA, folder=tmp_path)
    assert ax.get_position().bounds == pytest.approx((0.2, 0.2, 0.6, 0.6))
    assert (tmp_path / "plain.png").stat().st_size > 0


def test_show_saved_displays_the_written_png_scaled_to_screen_and_closes(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(lcstudy.exhibits.figures, "display", shown.append)
    fig = _figure()
    written = save_figure(fig, "demo", DATA, folder=tmp_path)
    show_saved(fig, written)
    assert not plt.fignum_exists(fig.number)
    (image,) = shown
    with Image.open(io.BytesIO(image.data)) as preview, Image.open(written[2]) as paper:
        assert preview.width == round(85 / 25.4 * 100)  # 300 dpi file shown at 100 dpi
        assert preview.height == pytest.approx(paper.height / 3, abs=1)
        assert preview.getpixel((0, 0)) == paper.getpixel((0, 0))


def test_show_saved_needs_the_png(tmp_path):
    fig = _figure()
    written = save_figure(fig, "demo", DATA, folder=tmp_path)
    with pytest.raises(ValueError, match="PNG"):
        show_saved(fig, [p for p in written if p.suffix != ".png"])


