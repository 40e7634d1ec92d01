"""Tests of lcstudy.exhibits.style: the style context, journal sizes, city colours and contrast."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from lcstudy.data.evidence import StudyCities
from lcstudy.data.schema import raw_table
from lcstudy.exhibits.style import (
    CITY_PALETTE,
    OTHER_COLOUR,
    RELATION_COLOURS,
    TEXT_CONTRAST,
    WIDTHS_MM,
    city_colours,
    contrast_ratio,
    new_figure,
    paper_style,
    text_colour,
)


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


@pytest.mark.parametrize(("cities", "numbers", "expected"), [
    (["a", "b", "c"], None, ["#0072B2", "#E69F00", "#009E73"]),  # the shipped study's colours
    (["a", "b", "c", "d", "e"], None, ["#0072B2", "#E69F00", "#009E73", "#DDCC77", "#332288"]),
    (["c", "a"], None, ["#0072B2", "#E69F00"]),  # without numbers: by position, not by name
    (["a", "a", "b"], None, ["#0072B2", "#0072B2", "#E69F00"]),  # a repeated id keeps its colour
    (["a", "b"], {"a": 4, "b": 1}, ["#DDCC77", "#0072B2"]),  # a number is the city's colour
    (["new", "a", "b"], {"a": 1, "b": 2}, ["#009E73", "#0072B2", "#E69F00"]),  # the lowest free
])
def test_study_cities_get_colours_by_number_else_in_their_order(cities, numbers, expected):
    colours = city_colours(cities, numbers)
    assert [colours[c] for c in cities] == expected
    assert len(set(colours.values())) == len(set(cities))


@pytest.mark.parametrize("inserted", [0, 1, 2, 3])
def test_a_numbered_city_keeps_its_colour_wherever_cities_are_added(inserted):
    numbers = {"espoo": 1, "osan": 2, "gongju": 3}
    before = city_colours(["espoo", "osan", "gongju"], numbers)
    cities = ["espoo", "osan", "gongju"]
    cities.insert(inserted, "suwon")  # a fourth city, without a number, anywhere
    after = city_colours(cities, numbers)
    assert {c: after[c] for c in before} == before
    assert after["suwon"] == CITY_PALETTE[3]
    again = city_colours([*cities[:1], "virvala", *cities[1:]], {**numbers, "suwon": 4})
    assert {c: again[c] for c in after} == after  # and numbered, suwon keeps it too


def test_study_cities_carry_their_numbers_into_every_figure():
    cities = StudyCities(["x", "y"], {"x": 5})
    assert city_colours(cities) == {"x": CITY_PALETTE[4], "y": CITY_PALETTE[0]}


@pytest.mark.parametrize("n", [1, 4, 5, 10])
def test_city_colours_are_distinct_and_never_a_relation_colour(n):
    colours = list(city_colours([f"city{i}" for i in range(n)]).values())
    assert len(set(colours)) == n
    assert not set(colours) & {*RELATION_COLOURS, OTHER_COLOUR}


def test_city_palette_repeats_only_beyond_its_length():
    many = city_colours([f"city{i}" for i in range(len(CITY_PALETTE) + 1)])
    assert list(many.values())[-1] == CITY_PALETTE[0]
    assert raw_table("places").column("colour").maximum == len(CITY_PALETTE)


#: Machado, Oliveira and Fernandes (2009) at severity 1, on linear RGB.
_VISION = {
    "normal": np.eye(3),
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
    "tritan": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                        [0.004733, 0.691367, 0.303900]]),
}


def _lab(colour: str, vision: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour as seen with ``vision``."""
    srgb = np.array(to_rgb(colour))
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(vision @ linear, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _distance(a: str, b: str) -> float:
    """The smallest CIELAB distance of two colours over normal and colour-blind vision."""
    return min(float(np.linalg.norm(_lab(a, v) - _lab(b, v))) for v in _VISION.values())


@pytest.mark.parametrize(("n", "least"), [(3, 16.5), (10, 13)])
def test_the_first_n_city_colours_are_far_apart_for_every_colour_vision(n, least):
    colours = CITY_PALETTE[:n]
    shunned = (*RELATION_COLOURS, OTHER_COLOUR, "#FFFFFF")
    pairs = [(a, b) for i, a in enumerate(colours) for b in (*colours[i + 1:], *shunned)]
    assert min(_distance(a, b) for a, b in pairs) >= least
    assert min(_distance(CITY_PALETTE[3], b) for b in (*CITY_PALETTE[:3], *shunned)) >= 25


@pytest.mark.parametrize(("colour", "background", "expected"), [
    ("#000000", "#FFFFFF", 21.0),   # WCAG's extremes
    ("#FFFFFF", "#FFFFFF", 1.0),
    ("#FFFFFF", "#000000", 21.0),   # the order of the two does not matter
    ("#777777", "#FFFFFF", 4.48),   # WCAG's well-known grey just under 4.5
    ("#0000FF", "#FFFFFF", 8.59),
])
def test_contrast_ratio_is_wcag(colour, background, expected):
    assert contrast_ratio(colour, background) == pytest.approx(expected, abs=0.01)


def test_every_city_colour_as_text_reads_on_white():
    """Each city colour used as text has WCAG contrast >= 3 against white (issue 22)."""
    for colour in CITY_PALETTE:
        text = text_colour(colour)
        assert contrast_ratio(text) >= TEXT_CONTRAST, (colour, text)
        if contrast_ratio(colour) >= TEXT_CONTRAST:
            assert text == colour  # a readable colour is kept as it is
    sand = CITY_PALETTE[3]
    assert contrast_ratio(sand) < TEXT_CONTRAST  # the sand was faint as text
    red, green, blue = to_rgb(text_colour(sand))
    ratios = [c / s for c, s in zip((red, green, blue), to_rgb(sand), strict=True)]
    assert max(ratios) - min(ratios) < 0.02  # darkened, the same hue


@pytest.mark.parametrize("ratio", [3.0, 4.5, 7.0])
def test_text_colour_is_the_lightest_shade_reaching_the_ratio(ratio):
    text = text_colour("#88CCEE", ratio=ratio)
    assert contrast_ratio(text) >= ratio
    lighter = "#{:02X}{:02X}{:02X}".format(*(min(255, round(c * 255 * 1.02)) for c in to_rgb(text)))
    assert contrast_ratio(lighter) < ratio  # two steps lighter would not reach it
    assert text_colour("#88CCEE", ratio=22.0) == "#000000"  # beyond reach: black


def test_figures_embed_matplotlibs_own_font_whatever_the_cache_lists_first(tmp_path, monkeypatch):
    """A system copy of DejaVu Sans listed first (as a cache rebuilt elsewhere may) is dropped."""
    import dataclasses
    import shutil

    from matplotlib import font_manager

    from lcstudy.exhibits.style import own_fonts_first

    manager = font_manager.fontManager
    own = next(e for e in manager.ttflist if e.fname.endswith("DejaVuSans.ttf"))
    system = tmp_path / "DejaVuSans.ttf"
    shutil.copy(own.fname, system)
    monkeypatch.setattr(manager, "ttflist",
                        [dataclasses.replace(own, fname=str(system)), *manager.ttflist])
    manager._findfont_cached.cache_clear()
    assert font_manager.findfont("DejaVu Sans") == str(system)
    own_fonts_first()
    assert font_manager.findfont("DejaVu Sans").startswith(mpl.get_data_path())
    assert str(system) not in [e.fname for e in manager.ttflist]
    manager._findfont_cached.cache_clear()
