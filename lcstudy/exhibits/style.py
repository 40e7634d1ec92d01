"""House style for paper figures: palettes, city colours, sizes and the style context.

:func:`paper_style` is a context manager (seaborn's ``axes_style`` pattern):
nothing changes globally at import. :func:`new_figure` sizes a figure in
journal units (:data:`WIDTHS_MM`); :func:`city_colours` gives each study city
its colour-blind-safe colour (:data:`CITY_PALETTE`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["PALETTE", "RELATION_COLOURS", "CITY_PALETTE", "OTHER_COLOUR", "STUDY_YEARS",
           "TEXT_CONTRAST", "city_colours", "contrast_ratio", "text_colour", "place_colour",
           "year_axis", "WIDTHS_MM", "own_fonts_first", "paper_style", "new_figure"]


#: Okabe–Ito colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


#: Colours kept for the kinds of relation a map draws (agreement, visit, event):
#: never given to a study city (see :data:`lcstudy.exhibits.maps.RELATION_STYLES`).
RELATION_COLOURS = (PALETTE[5], PALETTE[3], PALETTE[7])


#: Study-city colours, numbered 1 to 10 (``places.colour``): Okabe–Ito blue,
#: orange and bluish green, then Paul Tol's sand, indigo and pale cyan, IBM's
#: violet, Tol's green and olive, and IBM's blue, in the order that keeps the
#: first n colours as far apart as possible for normal, protan, deutan and
#: tritan vision (CIELAB distance of Machado et al.'s simulations: each pair of
#: the ten, and each against the relation colours, grey and white, at least 13;
#: the fourth at least 25 from the first three, which Okabe–Ito's sky blue was
#: not from Espoo's blue: ``tests/test_style.py`` measures it). None is a
#: relation colour. With more than ten study cities the colours repeat.
CITY_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#DDCC77", "#332288",
                "#88CCEE", "#785EF0", "#117733", "#999933", "#648FFF")


#: Colour of places that are not study cities.
OTHER_COLOUR = "#555555"


#: The years every time axis spans at least (so that fig4 and fig6 share one axis); an
#: axis also spans every year its data falls in (:func:`year_axis`).
STUDY_YEARS = (2013, 2026)


def city_colours(study_cities: Iterable[str],
                 numbers: Mapping[str, int] | None = None) -> dict[str, str]:
    """One colour per study city, from :data:`CITY_PALETTE`, the same in every figure.

    The rule: a city with a colour number (``places.colour``, 1 to 10) gets
    that colour of :data:`CITY_PALETTE`, whichever other cities are present;
    the others, in their order, get the lowest numbers that no city given
    holds. So a city that gives its number keeps its colour when cities are
    added or inserted anywhere in ``places.csv``, and the numbers, unique by
    validation, keep the colours distinct (up to ten cities; beyond, they repeat).

    Parameters
    ----------
    study_cities : iterable of str
        The study cities in their order (:attr:`lcstudy.data.evidence.Evidence.study_cities`,
        which carries the numbers of ``places.csv``).
    numbers : mapping of str to int, optional
        Colour number of each city that has one (default: the ``colour_numbers``
        that :class:`lcstudy.data.evidence.StudyCities` carries; none for a plain list).

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> city_colours(["a", "b", "c", "d"])
    {'a': '#0072B2', 'b': '#E69F00', 'c': '#009E73', 'd': '#DDCC77'}
    >>> city_colours(["new", "b"], {"b": 2})
    {'new': '#0072B2', 'b': '#E69F00'}
    """
    cities = list(dict.fromkeys(study_cities))
    if numbers is None:
        numbers = getattr(study_cities, "colour_numbers", {})
    given = {city: numbers[city] for city in cities if city in numbers}
    held = set(given.values())
    free = (n for n in itertools.count(1) if n not in held)
    chosen = {city: given[city] if city in given else next(free) for city in cities}
    return {city: CITY_PALETTE[(n - 1) % len(CITY_PALETTE)] for city, n in chosen.items()}


#: Least WCAG 2 contrast ratio against white of a colour used for text (3:1,
#: the level WCAG asks of large text and of graphics a reader must make out).
TEXT_CONTRAST = 3.0


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a colour (0 black to 1 white)."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                for c in mpl.colors.to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of ``colour`` against ``background``, from 1 to 21.

    Parameters
    ----------
    colour, background : str
        Any colour matplotlib reads (``"#DDCC77"``, ``"white"``).

    Returns
    -------
    float

    Examples
    --------
    >>> round(contrast_ratio("#000000"), 1), round(contrast_ratio("#FFFFFF"), 1)
    (21.0, 1.0)
    """
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour(colour: str, *, ratio: float = TEXT_CONTRAST) -> str:
    """The colour to write text in for a city drawn in ``colour``, readable on white.

    A colour with at least ``ratio`` contrast against white is returned as it
    is; a fainter one (the sand, the pale cyan) is darkened, every channel
    scaled towards black in steps of 1 %, until it has. The hue stays, so
    the text still names its city's colour; marks and bars keep ``colour``.

    Parameters
    ----------
    colour : str
        A city colour (:func:`city_colours`).
    ratio : float
        The least contrast ratio against white (:data:`TEXT_CONTRAST`).

    Returns
    -------
    str
        ``#RRGGBB``.

    Examples
    --------
    >>> text_colour("#0072B2"), text_colour("#DDCC77")
    ('#0072B2', '#A19557')
    """
    if contrast_ratio(colour) >= ratio:
        return colour
    red, green, blue = mpl.colors.to_rgb(colour)
    for step in range(99, 0, -1):
        darker = "#{:02X}{:02X}{:02X}".format(*(round(c * step / 100 * 255)
                                                for c in (red, green, blue)))
        if contrast_ratio(darker) >= ratio:
            return darker
    return "#000000"  # no shade of it is dark enough short of black


def place_colour(place_id: str, colours: Mapping[str, str]) -> str:
    """A study city's colour in ``colours`` (from :func:`city_colours`), else :data:`OTHER_COLOUR`.

    Examples
    --------
    >>> colours = city_colours(["a"])
    >>> place_colour("a", colours), place_colour("z", colours)
    ('#0072B2', '#555555')
    """
    return colours.get(place_id, OTHER_COLOUR)


def year_axis(ax: Axes, data: Iterable[float] = ()) -> None:
    """A tick on 1 January of each year of :data:`STUDY_YEARS` and of ``data``.

    ``data`` are the decimal years drawn (NaN ignored): an event of 2011 widens
    the axis to 2011, so that nothing falls off it. A little room either side.

    Examples
    --------
    >>> ax = plt.figure().add_subplot()
    >>> year_axis(ax, [2011.5, float("nan")])
    >>> [int(t) for t in ax.get_xticks()][:3], int(ax.get_xticks()[-1])
    ([2011, 2012, 2013], 2026)
    """
    drawn = [math.floor(x) for x in data if not math.isnan(x)]
    years = (min([STUDY_YEARS[0], *drawn]), max([STUDY_YEARS[1], *drawn]))
    ax.set_xticks(range(years[0], years[1] + 1))
    ax.set_xlim(years[0] - 0.3, years[1] + 0.3)


#: Journal column widths.
WIDTHS_MM = {"single": 85.0, "double": 174.0}


_MM = 1 / 25.4


_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "lines.linewidth": 1.0,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "lcstudy",
    "savefig.dpi": 300,
    "figure.dpi": 100,
}


def own_fonts_first() -> None:
    """Make matplotlib's own font files the ones every figure embeds.

    A family such as DejaVu Sans is often installed twice: matplotlib's copy
    and a system copy of another version, with other glyph numbers. Which one
    a figure embeds depends on the order of matplotlib's font cache, which any
    environment sharing it may rebuild, so the PDFs and SVGs would change from
    machine to machine. This drops the system copies of matplotlib's own
    families from the font list (adding matplotlib's files if the cache lacks
    them); other fonts stay.
    """
    manager = font_manager.fontManager
    data = Path(mpl.get_data_path()).resolve()

    def own(entry: font_manager.FontEntry) -> bool:
        return Path(entry.fname).resolve().is_relative_to(data)

    if not any(own(entry) for entry in manager.ttflist):
        for path in sorted((data / "fonts" / "ttf").glob("*.ttf")):
            manager.addfont(str(path))
    families = {entry.name for entry in manager.ttflist if own(entry)}
    kept = [entry for entry in manager.ttflist if own(entry) or entry.name not in families]
    if len(kept) != len(manager.ttflist):
        manager.ttflist = kept
        # findfont's memo of the list just changed (matplotlib's addfont clears it too)
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


@contextmanager
def paper_style() -> Iterator[None]:
    """Apply the house style inside a ``with`` block only (with :func:`own_fonts_first`).

    Examples
    --------
    >>> with paper_style():
    ...     fig, ax = new_figure("single")
    >>> plt.close(fig)
    """
    own_fonts_first()
    with mpl.rc_context(_STYLE):  # type: ignore[arg-type]
        yield


def new_figure(width: str = "single", height_mm: float | None = None, **subplots_kw: Any
               ) -> tuple[Figure, Any]:
    """A figure sized for a journal column.

    Parameters
    ----------
    width : {"single", "double"}
        Column width (about 85 or 174 mm).
    height_mm : float, optional
        Height; defaults to 0.62 of the width.
    **subplots_kw
        Passed to :func:`matplotlib.pyplot.subplots` (``nrows``, ``ncols`` ...).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes or array of Axes
    """
    width_mm = WIDTHS_MM[width]
    height_mm = height_mm if height_mm is not None else 0.62 * width_mm
    return plt.subplots(figsize=(width_mm * _MM, height_mm * _MM), layout="constrained",
                        **subplots_kw)
