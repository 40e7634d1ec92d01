"""Execute the study's notebooks in place, in a kernel that sees one project root."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from tqdm import tqdm

from lcstudy.atomic import write_text
from lcstudy.config import ROOT_ENV, ProjectPaths
from lcstudy.errors import REFUSED_WRITES

__all__ = ["study_notebooks", "execute_notebook", "execute_notebooks", "portable_metadata",
           "runtime_folders"]

#: Seconds one cell may run.
CELL_TIMEOUT = 600


def study_notebooks(paths: ProjectPaths) -> list[Path]:
    """The notebooks of a project, in reading order (numbered first, then the rest).

    Parameters
    ----------
    paths : ProjectPaths
        The project.

    Returns
    -------
    list of Path
    """
    return sorted(paths.notebooks.glob("*.ipynb"), key=lambda p: (not p.name[0].isdigit(), p.name))


#: Where Jupyter, IPython and matplotlib write their files: under HOME unless set.
_RUNTIME_VARIABLES = {"JUPYTER_RUNTIME_DIR": "jupyter-runtime", "JUPYTER_DATA_DIR": "jupyter-data",
                      "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "matplotlib"}


def runtime_folders(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Folders for Jupyter's, IPython's and matplotlib's own files when HOME cannot take them.

    A kernel writes its connection file, IPython its profile and matplotlib
    its font cache under HOME; when HOME is missing or not writable (a
    read-only container, a service account), each warns into the notebooks'
    outputs or the kernel dies. Then every such variable not already set
    points into one folder of the system's temporary directory, kept from
    run to run (so the font cache is built once, outside any notebook).

    Parameters
    ----------
    environ : dict of str to str, optional
        The environment to look at; default ``os.environ``.

    Returns
    -------
    dict of str to str
        The variables to add (empty when HOME is a writable folder).

    Examples
    --------
    >>> runtime_folders({"HOME": "/dev/null/home"})["MPLCONFIGDIR"].endswith("matplotlib")
    True
    """
    environ = dict(os.environ if environ is None else environ)
    home = Path(environ.get("HOME") or "/nonexistent")
    if home.is_dir() and os.access(home, os.W_OK | os.X_OK):
        return {}
    user = os.getuid() if hasattr(os, "getuid") else 0
    base = Path(tempfile.gettempdir()) / f"lcstudy-runtime-{user}"
    added = {name: str(base / folder) for name, folder in _RUNTIME_VARIABLES.items()
             if not environ.get(name)}
    for folder in added.values():
        Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
    if "MPLCONFIGDIR" in added and not any(Path(added["MPLCONFIGDIR"]).glob("fontlist-*.json")):
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env={**environ, **added}, check=False, capture_output=True)
    return added


def _kernel_environment(root: Path) -> dict[str, str]:
    """The kernel's environment: this interpreter first on PATH, fixed seeds, the root.

    With the folders of :func:`runtime_folders` when HOME cannot take the
    kernel's own files.
    """
    env = dict(os.environ)
    env.update(runtime_folders(env))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env[ROOT_ENV] = str(root)
    env["PYTHONHASHSEED"] = "0"
    return env


def portable_metadata(metadata: dict) -> dict:
    """A notebook's metadata without what depends on the interpreter that ran it.

    The kernel records its Python's version (``language_info.version``, e.g.
    ``3.11.7``); written into the committed notebooks, it would change them
    on every other supported Python. Everything else is kept.

    Parameters
    ----------
    metadata : dict
        The notebook's metadata (not changed).

    Returns
    -------
    dict
        A copy without ``language_info.version``.

    Examples
    --------
    >>> portable_metadata({"language_info": {"name": "python", "version": "3.12.1"}})
    {'language_info': {'name': 'python'}}
    """
    language = {k: v for k, v in metadata.get("language_info", {}).items() if k != "version"}
    return {**metadata, **({"language_info": language} if "language_info" in metadata else {})}


_ERRNO = re.compile(r"\[Errno (\d+)\]")


def _refused_write(error: CellExecutionError) -> int | None:
    """The error number of a cell's write the disk refused (``REFUSED_WRITES``), else ``None``."""
    found = _ERRNO.match(str(getattr(error, "evalue", "")))
    number = int(found.group(1)) if found else None
    return number if number in REFUSED_WRITES else None


def execute_notebook(notebook: Path, root: Path) -> None:
    """Run a notebook top to bottom in a fresh kernel and save it with its outputs.

    Parameters
    ----------
    notebook : Path
        The ``.ipynb`` file, rewritten in place (atomically) when the run succeeds.
    root : Path
        Project root the notebook's ``lcstudy`` calls read and write.

    Raises
    ------
    OSError
        If a cell failed because the disk refused what it wrote (full,
        read-only, over quota, no permission:
        :data:`lcstudy.errors.REFUSED_WRITES`), with
        that error number and the notebook's name; the notebook file is left
        unchanged then.
    nbclient.exceptions.CellExecutionError
        If a cell fails otherwise; the notebook file is left unchanged then.
    """
    document = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        document,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(notebook.parent)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter on stderr
    )
    try:
        client.execute(env=_kernel_environment(root))
    except CellExecutionError as error:
        refused = _refused_write(error)
        if refused is None:
            raise
        raise OSError(refused, os.strerror(refused), f"notebooks/{notebook.name}") from error
    document.metadata = nbformat.from_dict(portable_metadata(document.metadata))
    write_text(notebook, nbformat.writes(document) + "\n")


def execute_notebooks(paths: ProjectPaths) -> list[Path]:
    """Execute every notebook of a project, with a progress bar on a terminal.

    Parameters
    ----------
    paths : ProjectPaths
        The project; its notebooks write figures into its ``figures/``.

    Returns
    -------
    list of Path
        The notebooks executed.
    """
    notebooks = study_notebooks(paths)
    os.environ.update(runtime_folders())  # this process writes the kernels' connection files
    for notebook in tqdm(notebooks, desc="notebooks", unit="nb", disable=None):
        execute_notebook(notebook, paths.root)
    return notebooks
