"""The main job, and the proof that committed results come from committed data.

:func:`reproduce` rebuilds ``data/processed``, runs every notebook and
regenerates every figure in a staging copy of the project, then swaps the
results in: an interrupted run changes nothing, and files it does not write
are kept. :func:`verify` takes the same path into a temporary folder and
compares the results byte by byte with what the project holds
(:mod:`lcstudy.pipeline.outputs` says which files are the study's).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from lcstudy.atomic import recover_project, staging_folder, swap_in
from lcstudy.config import ProjectPaths
from lcstudy.pipeline.build import build
from lcstudy.pipeline.notebooks import execute_notebooks
from lcstudy.pipeline.outputs import Reproduction, compare, compare_notebooks, keep_others

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


def reproduce(paths: ProjectPaths) -> list[str]:
    """Run the main job on a project, replacing its results only when all succeeded.

    Parameters
    ----------
    paths : ProjectPaths
        The project: ``data/processed``, ``figures/`` and the notebooks'
        outputs are replaced; ``data/raw`` is only read.

    Returns
    -------
    list of str
        The files of ``data/processed`` and ``figures/`` that the study does
        not write and that were kept (a student's figure, an old output).
        Files in ``notebooks/`` other than the notebooks (checkpoints) are kept too.
    """
    recover_project(paths)
    with staging_folder(paths.root / "data") as stage:
        staged = regenerate(paths, stage)
        kept = [f"{label}/{name.as_posix()}"
                for label, new, old in (("data/processed", staged.processed, paths.processed),
                                        ("figures", staged.figures, paths.figures))
                for name in keep_others(old, new)]
        keep_others(paths.notebooks, staged.notebooks)
        swap_in([(staged.processed, paths.processed), (staged.figures, paths.figures),
                 (staged.notebooks, paths.notebooks)])
    return kept


def verify(paths: ProjectPaths) -> Reproduction:
    """Regenerate a project's results elsewhere and compare them byte by byte.

    Parameters
    ----------
    paths : ProjectPaths
        The project to check; nothing in it is written but by that recovery.

    A swap that a killed run left unfinished is first completed or undone
    (:func:`~lcstudy.atomic.recover_project`); ``recovered`` says what was done.

    Returns
    -------
    Reproduction
        The study's outputs in ``data/processed`` and ``figures/`` (the files
        the rebuild writes) and its notebooks, one line per output that
        differs or is not committed (none when the study is exactly
        reproduced: the files byte for byte, the notebooks' outputs as nbval
        compares them), and the other files found there, which are not part
        of the study.
    """
    recovered = recover_project(paths)
    with tempfile.TemporaryDirectory(prefix="lcstudy-verify-") as folder:
        staged = regenerate(paths, Path(folder) / "project")
        parts = [compare(paths.processed, staged.processed, "data/processed"),
                 compare(paths.figures, staged.figures, "figures"),
                 compare_notebooks(paths.notebooks, staged.notebooks, "notebooks")]
    study, differences, others = ([line for part in parts for line in getattr(part, name)]
                                  for name in ("study", "differences", "others"))
    return Reproduction(study, differences, others, recovered)
