"""Write outputs so that readers see the old version or the new one, never a mix.

Outputs are written into a staging folder beside their destination and then
swapped in. The swap renames folders with SIGINT and SIGTERM held back and
undoes itself if a rename fails, so an interrupted or failed build leaves the
previous outputs complete and unchanged.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["staging_folder", "swap_in", "write_bytes", "write_text"]

_HELD = {signal.SIGINT, signal.SIGTERM}


def _sibling(path: Path, label: str) -> Path:
    """A hidden, unused name beside ``path``."""
    return path.with_name(f".{path.name}-{label}-{secrets.token_hex(6)}")


@contextmanager
def staging_folder(near: Path) -> Iterator[Path]:
    """A new folder beside ``near`` (same file system), removed afterwards.

    Parameters
    ----------
    near : Path
        The folder the staged content will replace.

    Yields
    ------
    Path
        The empty staging folder.
    """
    near.parent.mkdir(parents=True, exist_ok=True)
    stage = _sibling(near, "staging")
    try:
        stage.mkdir()
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def swap_in(pairs: list[tuple[Path, Path]]) -> None:
    """Move each new folder onto its destination: all of them, or none.

    Parameters
    ----------
    pairs : list of (Path, Path)
        ``(new, destination)``: ``new`` replaces ``destination`` whole.
        Both must be on one file system. SIGINT and SIGTERM wait until the
        swap is over; if a rename fails, the destinations are restored.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    set_aside: list[tuple[Path, Path]] = []
    moved_in: list[tuple[Path, Path]] = []
    try:
        try:
            for _, destination in pairs:
                if destination.exists():
                    old = _sibling(destination, "old")
                    os.rename(destination, old)
                    set_aside.append((old, destination))
            for new, destination in pairs:
                os.rename(new, destination)
                moved_in.append((new, destination))
        except BaseException:
            for new, destination in reversed(moved_in):
                os.rename(destination, new)
            for old, destination in reversed(set_aside):
                os.rename(old, destination)
            raise
        for old, _ in set_aside:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a new file beside it, then a rename).

    Parameters
    ----------
    path : Path
        Destination; its folder must exist.
    text : str
        Content, written as UTF-8 with ``\\n`` line ends.
    """
    temporary = _sibling(path, "new")
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a new file beside it, then a rename).

    Parameters
    ----------
    path : Path
        Destination; its folder must exist.
    data : bytes
        Content, written as is (e.g. an XLSX workbook).
    """
    temporary = _sibling(path, "new")
    try:
        with temporary.open("xb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
