"""Which files are the study's outputs, and what happens to the others.

The study's outputs are the files a rebuild writes: the tables ``lcstudy build``
writes into ``data/processed`` and the figures the study's notebooks write into
``figures/``. Anything else in those folders (a figure a student saved there,
an old output no notebook writes any more) is not part of the study:
``reproduce`` keeps it where it is and ``verify`` names it without failing.
The notebooks are the study's outputs too: :func:`compare_notebooks` compares
their cells' outputs as nbval does, not their bytes.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["Reproduction", "compare", "compare_notebooks", "difference", "keep_others"]

#: What nbval leaves out of the comparison of outputs (PNG differs between machines).
_NOT_COMPARED = {"metadata", "traceback", "prompt_number", "output_type", "name",
                 "execution_count", "application/vnd.jupyter.widget-view+json",
                 "image/png", "image/jpeg"}


def _files(folder: Path) -> set[Path]:
    """Every file below ``folder``, relative to it (none if it does not exist)."""
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} \
        if folder.is_dir() else set()


@dataclass(frozen=True)
class Reproduction:
    """A reproduction: a folder of a project against the same folder rebuilt.

    Attributes
    ----------
    study : list of str
        The study's outputs: the files the rebuild wrote.
    differences : list of str
        One line per study output the project lacks or holds with other bytes.
    others : list of str
        Files the project holds that the rebuild does not write.
    recovered : list of str
        What was done to a swap a killed run left unfinished (none if none was).
    """

    study: list[str]
    differences: list[str]
    others: list[str]
    recovered: list[str] = field(default_factory=list)


def compare(project: Path, rebuilt: Path, label: str) -> Reproduction:
    """Compare a project's output folder byte by byte with its rebuild.

    Parameters
    ----------
    project : Path
        The folder as the project holds it, e.g. ``figures/``.
    rebuilt : Path
        The same folder written by a rebuild.
    label : str
        The folder's name in the report lines, e.g. ``"figures"``.

    Returns
    -------
    Reproduction
        Names are ``label/relative/path``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
    ...     _ = (Path(a) / "mine.png").write_bytes(b"x")
    ...     compare(Path(a), Path(b), "figures").others
    ['figures/mine.png']
    """
    committed, made = _files(project), _files(rebuilt)
    differences = [f"{label}/{n.as_posix()}: not committed" for n in sorted(made - committed)]
    differences += [f"{label}/{n.as_posix()}: differs ({difference(project / n, rebuilt / n)})"
                    for n in sorted(made & committed)
                    if not filecmp.cmp(project / n, rebuilt / n, shallow=False)]
    return Reproduction(study=[f"{label}/{n.as_posix()}" for n in sorted(made)],
                      differences=sorted(differences),
                      others=[f"{label}/{n.as_posix()}" for n in sorted(committed - made)])


#: Font names a PDF embeds (``/BaseFont /ABCDEF+DejaVuSans``, subset prefix dropped).
_PDF_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")
#: Suffixes of outputs compared line by line.
_TEXT_SUFFIXES = (".csv", ".md", ".tex", ".svg", ".json")


def difference(committed: Path, rebuilt: Path) -> str:
    """What differs between a committed output and its rebuild, in a few words.

    A PDF: its fonts (another font or version embedded, e.g. by a newer
    fonttools), else its content; a text output: the first line that
    differs; any other file: its size.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     a, b = Path(folder) / "a.csv", Path(folder) / "b.csv"
    ...     _ = a.write_text("x\\n1\\n"), b.write_text("x\\n2\\n")
    ...     difference(a, b)
    'line 2 differs'
    """
    old, new = committed.read_bytes(), rebuilt.read_bytes()
    if committed.suffix == ".pdf":
        fonts = [sorted(set(_PDF_FONT.findall(data))) for data in (old, new)]
        if fonts[0] != fonts[1]:
            names = [", ".join(f.decode("latin-1") for f in group) or "none" for group in fonts]
            return f"fonts: committed {names[0]}, rebuilt {names[1]}"
        return "content (the same fonts)"
    if committed.suffix in _TEXT_SUFFIXES:
        lines = [data.splitlines() for data in (old, new)]
        for number, (a, b) in enumerate(zip(*lines, strict=False), 1):
            if a != b:
                return f"line {number} differs"
        return f"{len(lines[0])} lines committed, {len(lines[1])} rebuilt"
    return f"{len(old)} bytes committed, {len(new)} rebuilt"


def compare_notebooks(project: Path, rebuilt: Path, label: str) -> Reproduction:
    """Compare the outputs of a project's notebooks with those of a fresh run, as nbval does.

    Per code cell, the outputs are flattened as nbval flattens them: stream
    texts of one name joined, then every value listed under its key (the
    stream's name, a MIME type such as ``text/plain``, ``ename``), leaving out
    what nbval does not compare (PNG and JPEG images, metadata, counts).

    Parameters
    ----------
    project : Path
        The project's ``notebooks/``.
    rebuilt : Path
        The same notebooks, executed afresh.
    label : str
        The folder's name in the report lines, e.g. ``"notebooks"``.

    Returns
    -------
    Reproduction
        ``study`` names the notebooks; each difference names the notebook,
        the cell (counted from 1 among all cells, as Jupyter shows them) and
        the keys whose outputs differ. ``others`` is empty.
    """
    names = sorted(p.name for p in rebuilt.glob("*.ipynb"))
    differences = []
    for name in names:
        where = f"{label}/{name}"
        if not (project / name).is_file():
            differences.append(f"{where}: not committed")
            continue
        committed, fresh = (_cell_outputs(folder / name) for folder in (project, rebuilt))
        if len(committed) != len(fresh):
            differences.append(f"{where}: {len(committed)} cells, a fresh run has {len(fresh)}")
            continue
        differences += [f"{where}: cell {number}: outputs differ ({', '.join(keys)})"
                        for number, (mine, theirs) in enumerate(zip(committed, fresh,
                                                                    strict=True), start=1)
                        if (keys := _differing(mine, theirs))]
    return Reproduction(study=[f"{label}/{n}" for n in names], differences=differences, others=[])


def _cell_outputs(path: Path) -> list[dict[str, list[Any]]]:
    """Each cell's outputs flattened as nbval compares them (empty for a text cell)."""
    cells = nbformat.read(path, as_version=4).cells
    return [_flattened(cell.get("outputs", [])) for cell in cells]


def _flattened(outputs: list[Any]) -> dict[str, list[Any]]:
    """Outputs as key -> values: streams joined by name, MIME types from ``data`` taken out."""
    flat: dict[str, list[Any]] = defaultdict(list)
    streams: dict[str, str] = {}
    for output in outputs:
        if output["output_type"] == "stream":
            streams[output["name"]] = streams.get(output["name"], "") + output["text"]
            continue
        for key, value in output.items():
            items = value.items() if key == "data" else [(key, value)]
            for name, item in items:
                if name not in _NOT_COMPARED:
                    flat[name].append(item)
    for name, text in streams.items():
        flat[name].append(text)
    return dict(flat)


def _differing(mine: dict[str, list[Any]], theirs: dict[str, list[Any]]) -> list[str]:
    """The keys under which two cells' flattened outputs differ."""
    return sorted(key for key in mine.keys() | theirs.keys() if mine.get(key) != theirs.get(key))


def keep_others(current: Path, staged: Path) -> list[Path]:
    """Copy into ``staged`` the files of ``current`` that ``staged`` does not have.

    Called before ``staged`` replaces ``current``, so that the swap removes
    nothing the rebuild did not write itself.

    Parameters
    ----------
    current : Path
        The folder about to be replaced (may be missing).
    staged : Path
        Its rebuilt replacement; written to.

    Returns
    -------
    list of Path
        The files kept, relative to the folder.
    """
    kept = sorted(_files(current) - _files(staged))
    for name in kept:
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(current / name, staged / name)
    return kept
