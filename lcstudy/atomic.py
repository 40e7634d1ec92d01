"""Write outputs so that readers see the old version or the new one, never a mix.

Outputs are written into a staging folder beside their destination and then
swapped in. Before the first rename the swap writes a journal
(:data:`JOURNAL`, in the folder holding the destinations) naming every folder it is about
to move; it deletes the journal only when the old folders are gone. So the
swap can be resumed at any instant: a process killed mid-swap (SIGKILL, a
power cut before the renames reach the disk aside) leaves a journal that the
next run, or ``lcstudy verify``, reads with :func:`recover` to complete the
swap (every new folder was already in place) or undo it (the old folders
go back). SIGINT and SIGTERM are held back during the swap, and a rename
that fails undoes the swap at once.

A lock on the folder holding the staging folders keeps two runs from
cleaning up each other's work; the swap's journal and old folders live in
that folder too. They all have hidden names that the project's
``.gitignore`` lists, so git stays clean even while a run is under way or
after one was killed; the next run removes what a killed one left.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lcstudy.config import ProjectPaths

__all__ = ["JOURNAL", "recover", "recover_project", "staging_folder", "swap_in", "write_bytes", "write_text"]

#: The swap's journal, written in the folder that holds every destination.
JOURNAL = ".lcstudy-swap.json"

_HELD = {signal.SIGINT, signal.SIGTERM}

#: Hidden names this module gives: ``.<name>-<label>-<12 hex digits>``.
_LEFTOVER = re.compile(r"\.(?P<name>.+)-(?P<label>staging|old|new)-[0-9a-f]{12}")


def _sibling(path: Path, label: str) -> Path:
    """A hidden, unused name beside ``path``."""
    return path.with_name(f".{path.name}-{label}-{secrets.token_hex(6)}")


def _old_name(base: Path, destination: Path) -> Path:
    """Where a swap sets ``destination`` aside: in ``base``, named after its path there."""
    name = "~".join(destination.relative_to(base).parts)
    return base / f".{name}-old-{secrets.token_hex(6)}"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (waits while another run holds it)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class _Move:
    """One folder of a swap: ``new`` replaces ``destination``, set aside as ``old``."""

    new: Path
    destination: Path
    old: Path | None

    def as_json(self, base: Path) -> dict[str, str | None]:
        """The three names relative to ``base`` (the journal's folder)."""
        return {"new": os.path.relpath(self.new, base),
                "destination": os.path.relpath(self.destination, base),
                "old": None if self.old is None else os.path.relpath(self.old, base)}

    @classmethod
    def from_json(cls, entry: dict[str, str | None], base: Path) -> _Move:
        """Read back :meth:`as_json`."""
        old = entry["old"]
        return cls(base / str(entry["new"]), base / str(entry["destination"]),
                   None if old is None else base / old)


@contextmanager
def staging_folder(near: Path) -> Iterator[Path]:
    """A new folder beside ``near`` (same file system), removed afterwards.

    The folder holding it is locked meanwhile, and first cleared of what an
    interrupted run left there (:func:`recover`).

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
    with _locked(near.parent):
        _recover(near.parent)
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
        swap is over; if a rename fails, the destinations are restored; if
        the process is killed, :func:`recover` on the folder holding the
        destinations completes or undoes the swap.
    """
    pairs = [(Path(os.path.abspath(new)), Path(os.path.abspath(destination)))
             for new, destination in pairs]
    base = Path(os.path.commonpath([destination.parent for _, destination in pairs]))
    moves = [_Move(new, destination, _old_name(base, destination) if destination.exists()
                   else None) for new, destination in pairs]
    journal = base / JOURNAL
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        write_text(journal, json.dumps([m.as_json(base) for m in moves], indent=1) + "\n")
        try:
            for move in moves:
                if move.old is not None:
                    os.rename(move.destination, move.old)
            for move in moves:
                os.rename(move.new, move.destination)
        except BaseException:
            _undo(moves)
            journal.unlink()
            raise
        _finish(moves, journal)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _undo(moves: list[_Move]) -> None:
    """Put every destination back as it was before the swap (from what exists now)."""
    for move in reversed(moves):
        if not move.new.exists() and move.destination.exists():
            os.rename(move.destination, move.new)
        if move.old is not None and move.old.exists():
            if move.destination.exists():  # written by another run since: the newer stays
                shutil.rmtree(move.old)
            else:
                os.rename(move.old, move.destination)


def _finish(moves: list[_Move], journal: Path) -> None:
    """Remove the old folders of a swap whose new folders are all in place, then its journal."""
    for move in moves:
        if move.old is not None and move.old.exists():
            shutil.rmtree(move.old)
    journal.unlink()


def recover(folder: Path) -> list[str]:
    """Complete or undo a swap that was killed in ``folder``, and remove what it left.

    A journal whose new folders all reached their destinations is completed
    (the old folders are removed); any other is undone (every destination
    gets its old folder back). Staging folders are removed, and an old
    folder of a run without a journal goes back to its destination if that
    is missing, else it is removed. Waits while another run holds the folder.

    Parameters
    ----------
    folder : Path
        A folder holding output folders, e.g. the project root or ``data/``.

    Returns
    -------
    list of str
        One line per thing done, naming the entry of ``folder`` (none when
        nothing was left).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     recover(Path(folder))
    []
    """
    if not folder.is_dir():
        return []
    with _locked(folder):
        return _recover(folder)


def recover_project(paths: ProjectPaths) -> list[str]:
    """:func:`recover` the folders where ``reproduce`` and ``build`` swap outputs.

    Parameters
    ----------
    paths : ProjectPaths
        The project: its root (``reproduce``'s swap) and ``data/`` (``build``'s).

    Returns
    -------
    list of str
        What was done, each line naming the path from the project root.
    """
    data = paths.processed.parent
    return recover(paths.root) + [f"{os.path.relpath(data, paths.root)}/{line}"
                                  for line in recover(data)]


def _recover(folder: Path) -> list[str]:
    """:func:`recover` with the lock on ``folder`` held."""
    done = []
    journal = folder / JOURNAL
    if journal.exists():
        moves = [_Move.from_json(entry, folder)
                 for entry in json.loads(journal.read_text(encoding="utf-8"))]
        names = ", ".join(os.path.relpath(m.destination, folder) for m in moves)
        if all(not m.new.exists() and m.destination.exists() for m in moves):
            _finish(moves, journal)
            done.append(f"{names}: an interrupted swap was completed (the new version stays)")
        else:
            _undo(moves)
            journal.unlink()
            done.append(f"{names}: an interrupted swap was undone (the old version is back)")
    for entry in sorted(folder.iterdir()):
        done += _clear(folder, entry)
    return done


def _clear(folder: Path, entry: Path) -> list[str]:
    """Remove ``entry`` if an interrupted run left it (restore a lone old folder)."""
    match = _LEFTOVER.fullmatch(entry.name)
    if match is None or match["label"] == "new" and match["name"] != JOURNAL:
        return []
    destination = folder.joinpath(*match["name"].split("~"))
    if match["label"] == "old" and destination.parent.is_dir() and not destination.exists():
        os.rename(entry, destination)
        return [f"{os.path.relpath(destination, folder)}: restored from {entry.name}, left by an interrupted swap"]
    if entry.is_dir():
        shutil.rmtree(entry)
    else:
        entry.unlink()
    return [f"{entry.name}: removed (left by an interrupted run)"]


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
