"""Write outputs so that readers see the old version or the new one, never a mix.

Outputs are written into a staging folder beside their destination and then
swapped in. The swap renames folders with SIGINT and SIGTERM held back, so an
interrupt mid-build leaves the previous outputs complete and unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["staging_folder", "swap_in", "write_text"]

_HELD = {signal.SIGINT, signal.SIGTERM}


def _umask() -> int:
    """The process's file-creation mask (read without changing it for long)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def staging_folder(near: Path) -> Iterator[Path]:
    """A temporary folder on the same file system as ``near``, removed afterwards.

    Parameters
    ----------
    near : Path
        A folder whose parent will hold the staging folder.

    Yields
    ------
    Path
        The empty staging folder.
    """
    near.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{near.name}-staging-", dir=near.parent))
    stage.chmod(0o777 & ~_umask())  # as an ordinary folder, not mkdtemp's private one
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def swap_in(pairs: list[tuple[Path, Path]]) -> None:
    """Move each new folder onto its destination, all signals held until done.

    Parameters
    ----------
    pairs : list of (Path, Path)
        ``(new, destination)``: ``new`` replaces ``destination`` whole.
        Both must be on one file system.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        for new, destination in pairs:
            old = destination.with_name(f".{destination.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            if destination.exists():
                os.rename(destination, old)
            os.rename(new, destination)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file, then rename).

    Parameters
    ----------
    path : Path
        Destination; its folder must exist.
    text : str
        Content, written as UTF-8 with ``\\n`` line ends.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary file, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
