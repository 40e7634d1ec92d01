"""Saving paper figures: the one function that writes every format, and its preview.

:func:`save_figure` applies the house style (:func:`lcstudy.exhibits.style.paper_style`)
and writes a figure as
PDF (TrueType fonts embedded), SVG and PNG (300 dpi) plus a CSV of exactly
the plotted numbers, all byte-identical on rerun; :func:`show_saved` shows
the PNG it wrote in the notebook.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import PIL.Image
from IPython.display import Image, display
from matplotlib.figure import Figure

from lcstudy.atomic import write_text
from lcstudy.config import project_paths
from lcstudy.data.spreadsheets import defused
from lcstudy.exhibits.style import paper_style

__all__ = ["save_figure", "show_saved"]


def save_figure(fig: Figure, name: str, data: pd.DataFrame, *, folder: Path | None = None
                ) -> list[Path]:
    """Write ``fig`` as PDF, SVG and PNG, and ``data`` as CSV, deterministically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (drawn under :func:`paper_style`).
    name : str
        File stem, e.g. ``"fig3_comparison"``.
    data : pandas.DataFrame
        Exactly the plotted numbers, with a ``source_ids`` column.
    folder : Path, optional
        Output folder; defaults to the project's ``figures/``.

    Returns
    -------
    list of Path
        The four files written.

    Raises
    ------
    ValueError
        If ``data`` has no ``source_ids`` column.

    Notes
    -----
    The figure's layout engine runs once, before any format is drawn, and is
    then switched off: the three formats and any later display share that
    layout, and each is drawn once, without laying the figure out again.
    """
    if "source_ids" not in data.columns:
        raise ValueError("the plotted data must carry a source_ids column")
    folder = folder if folder is not None else project_paths().figures
    folder.mkdir(parents=True, exist_ok=True)
    metadata = {
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
        "svg": {"Date": None, "Creator": None},
        "png": {"Software": None},
    }
    written = []
    with paper_style():
        engine = fig.get_layout_engine()
        if engine is not None:
            engine.execute(fig)  # lay the figure out once, drawing nothing
            fig.set_layout_engine(None)  # every format (and any display) keeps that layout
        for fmt, meta in metadata.items():
            path = folder / f"{name}.{fmt}"
            temporary = folder / f".{name}.tmp.{fmt}"
            fig.savefig(temporary, format=fmt, dpi=300, metadata=meta)
            temporary.replace(path)
            written.append(path)
    csv_path = folder / f"{name}.csv"
    write_text(csv_path, defused(data).to_csv(index=False, float_format="%.10g",
                                              lineterminator="\n"))
    return [*written, csv_path]


def show_saved(fig: Figure, written: list[Path]) -> None:
    """Close ``fig`` and display the PNG :func:`save_figure` wrote of it instead.

    The notebook shows the paper's PNG reduced to about the figure's size on
    screen (averaging each block of pixels), so the inline backend need not
    draw the figure once more and the notebook stores a screen-sized image,
    not the 300 dpi file.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The saved figure.
    written : list of Path
        What :func:`save_figure` returned.

    Raises
    ------
    ValueError
        If ``written`` holds no PNG.
    """
    png = next((path for path in written if path.suffix == ".png"), None)
    if png is None:
        raise ValueError("no PNG among the saved files")
    width = fig.get_figwidth() * fig.dpi
    plt.close(fig)
    with PIL.Image.open(png) as image:
        preview = image.reduce(max(1, round(image.width / width)))
    encoded = io.BytesIO()
    preview.save(encoded, format="png")
    display(Image(data=encoded.getvalue()))
