"""Where the project's files live.

Every path the package reads or writes comes from :class:`ProjectPaths`, built
from one root folder: the one given on the command line (``--root``), else the
``LCSTUDY_ROOT`` environment variable, else the checkout this package sits in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProjectPaths", "project_paths", "raw_file", "RAW", "PROCESSED", "FIGURES", "ROOT_ENV"]

#: Environment variable naming the project root (used when notebooks run on a copy).
ROOT_ENV = "LCSTUDY_ROOT"

#: The project's folders, relative to its root (as messages name them).
RAW = "data/raw"
PROCESSED = "data/processed"
FIGURES = "figures"


def raw_file(name: str) -> str:
    """A raw table's file as messages name it, relative to the project root.

    Examples
    --------
    >>> raw_file("facts.csv")
    'data/raw/facts.csv'
    """
    return f"{RAW}/{name}"


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of one copy of the project.

    Parameters
    ----------
    root : Path
        The folder holding ``data/``, ``figures/`` and ``notebooks/``.

    Examples
    --------
    >>> ProjectPaths(Path("study")).raw
    PosixPath('study/data/raw')
    """

    root: Path

    @property
    def raw(self) -> Path:
        """Hand-coded evidence, never written by code."""
        return self.root / RAW

    @property
    def processed(self) -> Path:
        """Tables rebuilt from :attr:`raw` by ``lcstudy build``."""
        return self.root / PROCESSED

    @property
    def figures(self) -> Path:
        """Paper figures written by the notebooks."""
        return self.root / FIGURES

    @property
    def notebooks(self) -> Path:
        """The study's notebooks."""
        return self.root / "notebooks"

    @property
    def own_outputs(self) -> Path:
        """A user's own outputs (the template's ``save_as``): not the study's, never verified."""
        return self.root / "my_outputs"


def _checkout_root() -> Path:
    """Return the checkout holding this package, if it is installed in place."""
    candidate = Path(__file__).resolve().parent.parent
    if (candidate / "data" / "raw").is_dir():
        return candidate
    return Path.cwd()


def project_paths(root: str | Path | None = None) -> ProjectPaths:
    """Resolve the project root.

    Parameters
    ----------
    root : str or Path, optional
        An explicit root. When omitted, ``$LCSTUDY_ROOT`` is used if set, else
        the checkout that holds the package (an editable install), else the
        current directory.

    Returns
    -------
    ProjectPaths
        The paths of that copy of the project, from an absolute root (a
        relative one, e.g. ``--root .``, is taken from the current folder
        now, so that it still holds where the notebooks run in ``notebooks/``).
    """
    if root is None:
        root = os.environ.get(ROOT_ENV) or _checkout_root()
    return ProjectPaths(Path(root).absolute())
