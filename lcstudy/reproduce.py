"""The main job, and the proof that committed results come from committed data.

:func:`reproduce` rebuilds ``data/processed``, runs every notebook and
regenerates every figure in a staging copy of the project, then swaps the
results in: an interrupted run changes nothing. :func:`verify` takes the same
path into a temporary folder and compares the results byte by byte with
what the project holds.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from lcstudy.atomic import staging_folder, swap_in
from lcstudy.build import build
from lcstudy.config import ProjectPaths
from lcstudy.notebooks import execute_notebooks

__all__ = ["regenerate", "reproduce", "verify"]


def regenerate(source: ProjectPaths, stage: Path) -> ProjectPaths:
    """Rebuild processed data, notebooks and figures of ``source`` inside ``stage``.

    Parameters
    ----------
    source : ProjectPaths
        The project whose ``data/raw`` and notebooks are used (only read).
    stage : Path
        An empty folder that becomes a copy of the project with fresh results.

    Returns
    -------
    ProjectPaths
        The staged project.

    Raises
    ------
    DataError
        If the raw data is invalid.
    """
    staged = ProjectPaths(stage)
    shutil.copytree(source.raw, staged.raw)
    shutil.copytree(source.notebooks, staged.notebooks,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    staged.figures.mkdir()
    build(staged)
    execute_notebooks(staged)
    return staged


def reproduce(paths: ProjectPaths) -> None:
    """Run the main job on a project, replacing its results only when all succeeded.

    Parameters
    ----------
    paths : ProjectPaths
        The project: ``data/processed``, ``figures/`` and the notebooks'
        outputs are replaced; ``data/raw`` is only read.
    """
    with staging_folder(paths.root / "data") as stage:
        staged = regenerate(paths, stage)
        swap_in([(staged.processed, paths.processed), (staged.figures, paths.figures),
                 (staged.notebooks, paths.notebooks)])


def _differences(expected: Path, actual: Path, label: str) -> list[str]:
    """Files that differ, are missing or are extra in ``actual`` against ``expected``."""
    names_expected = {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()}
    names_actual = {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()}
    report = [f"{label}/{n}: missing from the rebuild" for n in sorted(names_expected - names_actual)]
    report += [f"{label}/{n}: not committed" for n in sorted(names_actual - names_expected)]
    for name in sorted(names_expected & names_actual):
        if not filecmp.cmp(expected / name, actual / name, shallow=False):
            report.append(f"{label}/{name}: differs")
    return report


def verify(paths: ProjectPaths) -> list[str]:
    """Regenerate a project's results elsewhere and compare them byte by byte.

    Parameters
    ----------
    paths : ProjectPaths
        The project to check; nothing in it is written.

    Returns
    -------
    list of str
        One line per file that differs, is missing or is extra; empty when
        the committed processed data and figures are exactly reproduced.
    """
    with tempfile.TemporaryDirectory(prefix="lcstudy-verify-") as folder:
        staged = regenerate(paths, Path(folder) / "project")
        return (_differences(paths.processed, staged.processed, "data/processed")
                + _differences(paths.figures, staged.figures, "figures"))
