"""Which files are the study's outputs, and what happens to the others.

The study's outputs are the files a rebuild writes: the tables ``lcstudy build``
writes into ``data/processed`` and the figures the study's notebooks write into
``figures/``. Anything else in those folders (a figure a student saved there,
an old output no notebook writes any more) is not part of the study:
``reproduce`` keeps it where it is and ``verify`` names it without failing.
"""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Comparison", "compare", "keep_others"]


def _files(folder: Path) -> set[Path]:
    """Every file below ``folder``, relative to it (none if it does not exist)."""
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} \
        if folder.is_dir() else set()


@dataclass(frozen=True)
class Comparison:
    """A folder of a project against the same folder rebuilt.

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


def compare(project: Path, rebuilt: Path, label: str) -> Comparison:
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
    Comparison
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
    differences += [f"{label}/{n.as_posix()}: differs" for n in sorted(made & committed)
                    if not filecmp.cmp(project / n, rebuilt / n, shallow=False)]
    return Comparison(study=[f"{label}/{n.as_posix()}" for n in sorted(made)],
                      differences=sorted(differences),
                      others=[f"{label}/{n.as_posix()}" for n in sorted(committed - made)])


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
