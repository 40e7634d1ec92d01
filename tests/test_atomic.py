"""All or nothing: an interrupted build leaves the old outputs; raw data is never written.

A build on a copy whose raw data changed is interrupted (SIGINT, SIGTERM) at
its start and while it writes its staging folder; ``data/processed`` must then
be entirely the old version or entirely the new one, and no staging folder may
be left behind. A build on read-only raw data succeeds and writes nothing
under ``data/raw``: checked by hashing and, in-process, by making every
writing call fail on a path under ``data/raw``.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lcstudy import atomic
from lcstudy.config import ProjectPaths
from lcstudy.pipeline.build import build

REPOSITORY = Path(__file__).resolve().parents[1]
LCSTUDY = Path(sys.executable).parent / "lcstudy"
STAGING_PREFIX = ".processed-"

# Edits of facts.csv that change claims, indicators, comparison, edges and timeline.
_EDITS = [
    ("f005,osan-espoo-mayor-visits,osan,exchange_visits,espoo,made,,happened,,,"
     "Mayor Kwak Sang-wook of Osan visits Espoo twice,exact,2,2,2,",
     "f005,osan-espoo-mayor-visits,osan,exchange_visits,espoo,made,,happened,,,"
     "Mayor Kwak Sang-wook of Osan visits Espoo twice,exact,3,3,3,"),
    ("f015,osan-espoo-mayor-visits,osan,exchange_visits,espoo,made,,happened,,,"
     "Mayor Kwak Sang-wook of Osan visits Espoo twice,exact,2,2,2,",
     "f015,osan-espoo-mayor-visits,osan,exchange_visits,espoo,made,,happened,,,"
     "Mayor Kwak Sang-wook of Osan visits Espoo twice,exact,3,3,3,"),
    ("f010,espoo-osan-agreement-2021,espoo,partnership_agreements,osan,shared,,happened,,,"
     "Espoo and Osan sign a collaboration agreement,exact,1,1,1,2021-09-29,",
     "f010,espoo-osan-agreement-2021,espoo,partnership_agreements,osan,shared,,happened,,,"
     "Espoo and Osan sign a collaboration agreement,exact,1,1,1,2021-09-30,"),
    ("f020,espoo-osan-agreement-2021,espoo,partnership_agreements,osan,shared,,happened,,,"
     "Espoo and Osan sign a collaboration agreement,exact,1,1,1,2021-09-29,",
     "f020,espoo-osan-agreement-2021,espoo,partnership_agreements,osan,shared,,happened,,,"
     "Espoo and Osan sign a collaboration agreement,exact,1,1,1,2021-09-30,"),
]

# Run the build with a pause after each file written to the staging folder, so
# that a signal is sure to arrive mid-write.
_SLOW_BUILD = """
import sys, time
import lcstudy.pipeline.build
from lcstudy.cli import main
_write = lcstudy.pipeline.build.write_text
def _slow(path, text):
    _write(path, text)
    time.sleep(0.1)
lcstudy.pipeline.build.write_text = _slow
main(["--root", sys.argv[1], "build"])
"""


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    """Staging or old folders beside data/processed."""
    return sorted(p.name for p in (root / "data").iterdir() if p.name.startswith(STAGING_PREFIX))


def _edit_raw(root: Path) -> None:
    facts = root / "data" / "raw" / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    for old, new in _EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    facts.write_text(text, encoding="utf-8", newline="")


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "LCSTUDY_ROOT"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory,
            copy_project: Callable[[Path], ProjectPaths]) -> tuple[Path, dict[str, str]]:
    """A copy whose raw data was edited and rebuilt by an uninterrupted ``lcstudy build``,
    and the hashes of its data/processed before (the committed version)."""
    root = copy_project(tmp_path_factory.mktemp("new")).root
    old = _hashes(root / "data" / "processed")
    _edit_raw(root)
    done = subprocess.run([str(LCSTUDY), "--root", str(root), "build"], cwd=root,
                          env=_environment(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return root, old


@pytest.fixture(scope="module")
def versions(rebuilt: tuple[Path, dict[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Hashes of data/processed before (committed) and after the raw edit (rebuilt)."""
    root, old = rebuilt
    new = _hashes(root / "data" / "processed")
    differing = {name for name in old if old[name] != new.get(name)}
    assert {"claims.csv", "indicators.csv", "comparison.csv", "edges.csv",
            "timeline.csv"} <= differing, differing
    return old, new


def _assert_old_or_new(root: Path, versions: tuple[dict[str, str], dict[str, str]]) -> str:
    old, new = versions
    now = _hashes(root / "data" / "processed")
    assert now in (old, new), "data/processed is a mix of the old and the new version: " + str(
        {n: ("old" if now.get(n) == old.get(n) else "new" if now.get(n) == new.get(n) else "other")
         for n in sorted(set(now) | set(old))})
    assert _leftovers(root) == [], "staging folders left behind"
    return "old" if now == old else "new"


def _wait_for_staging(root: Path, process: subprocess.Popen, timeout: float) -> bool:
    """Poll until a staging folder appears; False if the process ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.name.startswith(STAGING_PREFIX) for p in os.scandir(root / "data")):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)
    raise AssertionError("no staging folder appeared")


# --- interrupted builds --------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_while_writing_leaves_the_old_version(project_copy: ProjectPaths, versions,
                                                    signum: int) -> None:
    root = project_copy.root
    _edit_raw(root)
    raw = _hashes(root / "data" / "raw")
    process = subprocess.Popen([sys.executable, "-c", _SLOW_BUILD, str(root)], cwd=root,
                               env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait_for_staging(root, process, timeout=60)
        time.sleep(0.15)  # at least one table written into the staging folder
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert b"Traceback" not in stderr, stderr.decode()
    assert _assert_old_or_new(root, versions) == "old"
    assert _hashes(root / "data" / "raw") == raw


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_at_start_leaves_the_old_version(project_copy: ProjectPaths, versions,
                                                signum: int) -> None:
    root = project_copy.root
    _edit_raw(root)
    process = subprocess.Popen([str(LCSTUDY), "--root", str(root), "build"], cwd=root,
                               env=_environment(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    process.send_signal(signum)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert _assert_old_or_new(root, versions) == "old"


def test_sigint_when_the_staging_folder_appears(project_copy: ProjectPaths, versions) -> None:
    """The real command, unslowed: whenever the signal lands, old or new, never a mix."""
    root = project_copy.root
    _edit_raw(root)
    process = subprocess.Popen([str(LCSTUDY), "--root", str(root), "build"], cwd=root,
                               env=_environment(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        if _wait_for_staging(root, process, timeout=60):
            process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    _assert_old_or_new(root, versions)


def test_uninterrupted_build_gives_the_new_version(rebuilt, versions) -> None:
    assert _assert_old_or_new(rebuilt[0], versions) == "new"


def test_signal_right_after_the_staging_folder_is_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGINT landing just after the staging folder is created must not leave it behind.

    The unslowed SIGINT test above hits this window now and then; here a real
    SIGINT is sent to this process the moment the folder exists, every time.
    """
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is not Python's default KeyboardInterrupt handler here")
    real = os.mkdir

    def mkdir_then_signal(path, *args, **kwargs) -> None:
        real(path, *args, **kwargs)
        if "-staging-" in os.fsdecode(path):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "mkdir", mkdir_then_signal)
    with pytest.raises(KeyboardInterrupt), atomic.staging_folder(tmp_path / "processed"):
        time.sleep(1)  # the signal arrives by now at the latest
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_interrupt_in_process_after_some_tables_leaves_the_old_version(
        project_copy: ProjectPaths, versions, monkeypatch: pytest.MonkeyPatch) -> None:
    import lcstudy.pipeline.build

    root = project_copy.root
    _edit_raw(root)
    written: list[str] = []
    real = lcstudy.pipeline.build.write_text

    def interrupted(path: Path, text: str) -> None:
        if len(written) == 3:
            raise KeyboardInterrupt
        real(path, text)
        written.append(path.name)

    monkeypatch.setattr(lcstudy.pipeline.build, "write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(ProjectPaths(root))
    assert len(written) == 3
    assert _assert_old_or_new(root, versions) == "old"


def test_failed_swap_of_several_folders_is_undone(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """If a rename fails midway (disk error), every destination keeps its old content."""
    pairs = []
    for name in ("processed", "figures"):
        destination, new = tmp_path / name, tmp_path / f"new-{name}"
        destination.mkdir()
        (destination / "a.txt").write_text("old\n")
        new.mkdir()
        (new / "a.txt").write_text("new\n")
        pairs.append((new, destination))
    real, calls = os.rename, []

    def failing(source, target) -> None:
        calls.append((Path(source).name, Path(target).name))
        if Path(source).name == "new-figures":
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OSError):
        atomic.swap_in(pairs)
    monkeypatch.undo()
    contents = {d.name: (d / "a.txt").read_text() if d.is_dir() else "missing" for _, d in pairs}
    assert contents in ({"processed": "old\n", "figures": "old\n"},
                        {"processed": "new\n", "figures": "new\n"}), contents


def test_staging_folder_is_removed_on_error(tmp_path: Path) -> None:
    destination = tmp_path / "processed"
    with pytest.raises(RuntimeError), atomic.staging_folder(destination) as stage:
        (stage / "x.csv").write_text("x\n")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


# --- raw data is never written --------------------------------------------------------


def _set_tree_mode(root: Path, directory_mode: int, file_mode: int) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(directory_mode if path.is_dir() else file_mode)


@pytest.fixture
def read_only_copy(project_copy: ProjectPaths) -> Iterator[Path]:
    root = project_copy.root
    raw = root / "data" / "raw"
    files = [p for p in raw.rglob("*") if p.is_file()]
    _set_tree_mode(raw, 0o555, 0o444)
    try:
        yield root
    finally:
        for path in [raw, *raw.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        assert all(p.is_file() for p in files)


def test_build_on_read_only_raw_succeeds_and_changes_no_raw_byte(read_only_copy: Path) -> None:
    root = read_only_copy
    raw = root / "data" / "raw"
    before = _hashes(raw)
    committed = _hashes(root / "data" / "processed")
    names_before = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*"))
    done = subprocess.run([str(LCSTUDY), "--root", str(root), "build"], cwd=root.parent,
                          env=_environment(), capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.umask(0o022))
    assert done.returncode == 0, done.stderr
    assert _hashes(raw) == before
    assert sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*")) == names_before
    processed = root / "data" / "processed"
    assert _hashes(processed) == committed
    # outputs are as readable as any file the user makes (umask 022), not mkstemp's 0600
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in processed.iterdir()}
    assert modes == {name: oct(0o644) for name in modes}
    assert oct(stat.S_IMODE(processed.stat().st_mode)) == oct(0o755)


class _RawWriteError(AssertionError):
    pass


def _guard_raw(monkeypatch: pytest.MonkeyPatch, raw: Path) -> list[str]:
    """Make every writing call on a path under ``raw`` fail; return a log of writes seen."""
    raw = raw.resolve()
    seen: list[str] = []

    def under_raw(path: object) -> bool:
        if isinstance(path, int):
            return False
        try:
            resolved = Path(os.fsdecode(path)).resolve()
        except (TypeError, ValueError):
            return False
        return resolved == raw or raw in resolved.parents

    def check(what: str, *paths: object) -> None:
        seen.append(f"{what} {' '.join(str(p) for p in paths)}")
        if any(under_raw(p) for p in paths):
            raise _RawWriteError(f"{what} on {paths} under data/raw")

    def wrap_open(real):
        def guarded(file, mode="r", *args, **kwargs):
            if any(flag in mode for flag in "wax+"):
                check(f"open({mode})", file)
            return real(file, mode, *args, **kwargs)
        return guarded

    def wrap_os_open(real):
        writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

        def guarded(path, flags, *args, **kwargs):
            if flags & writing:
                check("os.open", path)
            return real(path, flags, *args, **kwargs)
        return guarded

    def wrap(what: str, real, count: int = 1):
        def guarded(*args, **kwargs):
            check(what, *args[:count])
            return real(*args, **kwargs)
        return guarded

    monkeypatch.setattr(builtins, "open", wrap_open(builtins.open))
    monkeypatch.setattr(io, "open", wrap_open(io.open))
    monkeypatch.setattr(os, "open", wrap_os_open(os.open))
    for name, count in (("replace", 2), ("rename", 2), ("remove", 1), ("unlink", 1),
                        ("rmdir", 1), ("mkdir", 1), ("makedirs", 1), ("chmod", 1),
                        ("truncate", 1), ("utime", 1), ("link", 2), ("symlink", 2)):
        monkeypatch.setattr(os, name, wrap(f"os.{name}", getattr(os, name), count))
    monkeypatch.setattr(shutil, "rmtree", wrap("shutil.rmtree", shutil.rmtree))
    monkeypatch.setattr(shutil, "move", wrap("shutil.move", shutil.move, 2))
    def wrap_path(name: str, real):
        def guarded(self, *args, **kwargs):
            targets = args[:1] if name in ("rename", "replace") else ()
            check(f"Path.{name}", self, *targets)
            return real(self, *args, **kwargs)
        return guarded

    for name in ("write_text", "write_bytes", "touch", "mkdir", "unlink", "rmdir", "chmod",
                 "rename", "replace"):
        monkeypatch.setattr(Path, name, wrap_path(name, getattr(Path, name)))

    def wrap_temporary(what: str, real):
        def guarded(*args, **kwargs):
            check(what, kwargs.get("dir") or tempfile.gettempdir())
            return real(*args, **kwargs)
        return guarded

    monkeypatch.setattr(tempfile, "mkstemp", wrap_temporary("tempfile.mkstemp", tempfile.mkstemp))
    monkeypatch.setattr(tempfile, "mkdtemp", wrap_temporary("tempfile.mkdtemp", tempfile.mkdtemp))
    return seen


def test_in_process_build_makes_no_writing_call_under_raw(
        read_only_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = read_only_copy
    raw = root / "data" / "raw"
    before = _hashes(raw)
    committed = _hashes(root / "data" / "processed")
    seen = _guard_raw(monkeypatch, raw)
    build(ProjectPaths(root))
    monkeypatch.undo()
    assert _hashes(raw) == before
    # the guards were live: the build's own writes went through them
    assert any(entry.startswith("os.replace") and "processed" in entry for entry in seen), seen
    assert any("staging" in entry for entry in seen)
    assert _hashes(root / "data" / "processed") == committed


def test_raw_guard_catches_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard itself works: writing a raw file fails, reading it does not."""
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "facts.csv").write_text("a\n")
    _guard_raw(monkeypatch, raw)
    assert (raw / "facts.csv").read_text() == "a\n"
    for write in (lambda: (raw / "facts.csv").write_text("b\n"),
                  lambda: open(raw / "facts.csv", "w"),
                  lambda: os.replace(tmp_path / "x", raw / "facts.csv"),
                  lambda: tempfile.mkstemp(dir=raw),
                  lambda: tempfile.mkdtemp(dir=raw)):
        with pytest.raises(_RawWriteError):
            write()
    monkeypatch.undo()
    assert (raw / "facts.csv").read_text() == "a\n"


@pytest.mark.parametrize("old", [None, b"old"])
def test_write_bytes_replaces_whole_or_not_at_all(tmp_path: Path, old: bytes | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.xlsx"
    if old is not None:
        path.write_bytes(old)
    atomic.write_bytes(path, b"\x00new\r\n")
    assert path.read_bytes() == b"\x00new\r\n"  # as is: no newline translation

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_bytes(path, b"newer")
    assert path.read_bytes() == b"\x00new\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]  # no temporary left
