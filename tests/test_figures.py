"""Tests of lcstudy.figures: house style, colours and deterministic saving."""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

import lcstudy.figures
from lcstudy.figures import (
    CITY_PALETTE,
    RELATION_COLOURS,
    WIDTHS_MM,
    city_colours,
    new_figure,
    paper_style,
    save_figure,
    show_saved,
)

DATA = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.5], "source_ids": ["s1", "s1;s2"]})


def _figure():
    with paper_style():
        fig, ax = new_figure("single")
        ax.plot(DATA["x"], DATA["y"], marker="o", label="Espoo")
        ax.set_xlabel("year")
        ax.legend()
    return fig


def test_style_applies_only_inside_the_block():
    before = mpl.rcParams["pdf.fonttype"]
    with paper_style():
        assert mpl.rcParams["pdf.fonttype"] == 42
        assert mpl.rcParams["svg.hashsalt"] == "lcstudy"
    assert mpl.rcParams["pdf.fonttype"] == before


@pytest.mark.parametrize(("width", "inches"), [("single", 85 / 25.4), ("double", 174 / 25.4)])
def test_figure_widths_are_journal_columns(width, inches):
    fig, _ = new_figure(width)
    assert fig.get_size_inches()[0] == pytest.approx(inches)
    assert WIDTHS_MM[width] == pytest.approx(inches * 25.4)


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
    monkeypatch.setattr(lcstudy.figures, "display", shown.append)
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


@pytest.mark.parametrize(("cities", "expected"), [
    (["a", "b", "c"], ["#0072B2", "#E69F00", "#009E73"]),  # the shipped study's colours
    (["a", "b", "c", "d", "e"], ["#0072B2", "#E69F00", "#009E73", "#56B4E9", "#F0E442"]),
    (["c", "a"], ["#0072B2", "#E69F00"]),  # by position, not by name
    (["a", "a", "b"], ["#0072B2", "#0072B2", "#E69F00"]),  # a repeated id keeps its colour
])
def test_study_cities_get_colours_in_their_order(cities, expected):
    colours = city_colours(cities)
    assert [colours[c] for c in cities] == expected
    assert len(set(colours.values())) == len(set(cities))


@pytest.mark.parametrize("n", [1, 4, 5, 11])
def test_city_colours_are_distinct_and_never_a_relation_colour(n):
    colours = list(city_colours([f"city{i}" for i in range(n)]).values())
    assert len(set(colours)) == n
    assert not set(colours) & set(RELATION_COLOURS)


def test_city_palette_repeats_only_beyond_its_length():
    many = city_colours([f"city{i}" for i in range(len(CITY_PALETTE) + 1)])
    assert list(many.values())[-1] == CITY_PALETTE[0]
