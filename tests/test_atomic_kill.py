"""A swap killed (SIGKILL) at any step is completed or undone by the next run.

A subprocess swaps three small output folders in, as ``reproduce`` does, and
kills itself just before its N-th file-system change (a rename, a removal)
from the start of the swap until the staging folder is gone. After
:func:`~lcstudy.atomic.recover_project` (what the next run and ``verify``
call first) every folder holds the old version or every folder the new one,
and nothing else is left. The real ``lcstudy build``, killed between its two
renames, is recovered by the next build; git ignores what a killed run leaves.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lcstudy.atomic import JOURNAL, recover_project
from lcstudy.config import ProjectPaths

REPOSITORY = Path(__file__).resolve().parents[1]
LCSTUDY = Path(sys.executable).parent / "lcstudy"
FOLDERS = ("data/processed", "figures", "notebooks")

# Count every file-system change from the swap on; SIGKILL this process just
# before change number argv[3] (0: never). Prints the number of changes made.
_KILLER = """
import os, shutil, signal, sys
from pathlib import Path
from lcstudy import atomic
from lcstudy.pipeline import build
kill_at, steps, counting = int(sys.argv[3]), 0, False
def counted(real):
    def change(*args, **kwargs):
        global steps
        if counting:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return change
for name in ("rename", "replace", "unlink", "rmdir", "mkdir"):
    setattr(os, name, counted(getattr(os, name)))
real_swap = atomic.swap_in
def swap_in(pairs):
    global counting
    counting = True
    real_swap(pairs)
build.swap_in = swap_in
root = Path(sys.argv[2])
if sys.argv[1] == "build":
    from lcstudy.cli import main
    main(["--root", str(root), "build"], standalone_mode=False)
else:
    with atomic.staging_folder(root / "data") as stage:
        pairs = []
        for name in sys.argv[4:]:
            (stage / name).mkdir(parents=True)
            for file in ("a.txt", "b.txt"):
                (stage / name / file).write_text("new " + name)
            pairs.append((stage / name, root / name))
        swap_in(pairs)
print(steps)
"""


def _run(command: str, root: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "LCSTUDY_ROOT"}
    return subprocess.run([sys.executable, "-c", _KILLER, command, str(root), str(kill_at),
                           *FOLDERS], capture_output=True, text=True, timeout=120,
                          env=environment)


def _old_project(root: Path) -> ProjectPaths:
    for name in FOLDERS:
        (root / name).mkdir(parents=True)
        for file in ("a.txt", "b.txt"):
            (root / name / file).write_text("old " + name)
    return ProjectPaths(root)


def _version(root: Path) -> str:
    """``old`` or ``new`` if every folder holds that version whole; fails otherwise."""
    seen = {name: sorted((p.name, p.read_text()) for p in (root / name).iterdir())
            if (root / name).is_dir() else "missing" for name in FOLDERS}
    for version in ("old", "new"):
        if seen == {name: [(f, f"{version} {name}") for f in ("a.txt", "b.txt")]
                    for name in FOLDERS}:
            return version
    raise AssertionError(f"neither the old nor the new version: {seen}")


def _entries(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in [*root.iterdir(),
                                                           *(root / "data").iterdir()])


def test_a_swap_killed_at_any_step_is_completed_or_undone(tmp_path: Path) -> None:
    whole = _run("swap", _old_project(tmp_path / "whole").root, 0)
    assert whole.returncode == 0, whole.stderr
    assert _version(tmp_path / "whole") == "new"
    steps = int(whole.stdout)
    assert steps >= 8  # the journal, three renames out, three in, the old folders, the journal
    versions = []
    for step in range(1, steps + 1):
        paths = _old_project(tmp_path / str(step))
        killed = _run("swap", paths.root, step)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        recover_project(paths)
        versions.append(_version(paths.root))
        assert _entries(paths.root) == ["data", "data/processed", "figures", "notebooks"], step
        assert recover_project(paths) == []
    assert versions[0] == "old" and versions[-1] == "new", versions
    assert versions == sorted(versions, reverse=True), versions  # old until the last rename in


def test_a_build_killed_between_its_renames_is_recovered_by_the_next(project_copy) -> None:
    root = project_copy.root
    before = {p.name: p.read_bytes() for p in project_copy.processed.iterdir()}
    killed = _run("build", root, 3)  # journal written, data/processed set aside
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not project_copy.processed.exists()
    assert (root / "data" / JOURNAL).exists()
    done = subprocess.run([str(LCSTUDY), "--root", str(root), "build"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {p.name: p.read_bytes() for p in project_copy.processed.iterdir()} == before
    assert sorted(p.name for p in (root / "data").iterdir()) == [
        "README.md", "codebook.md", "processed", "raw"]


def test_a_lone_old_folder_of_an_earlier_version_goes_back(tmp_path: Path) -> None:
    """What the swap before the journal left when killed between its renames."""
    paths = _old_project(tmp_path)
    os.rename(paths.processed, tmp_path / "data" / ".processed-old-0123456789ab")
    (tmp_path / ".data-staging-0123456789ab" / "figures").mkdir(parents=True)
    assert recover_project(paths) == [
        ".data-staging-0123456789ab: removed (left by an interrupted run)",
        "data/processed: restored from .processed-old-0123456789ab, left by an interrupted swap"]
    assert _version(tmp_path) == "old"


@pytest.mark.skipif(shutil.which("git") is None or not (REPOSITORY / ".git").exists(),
                    reason="needs git and a checkout")
@pytest.mark.parametrize("name", [".data-staging-0123456789ab/x", ".data~processed-old-0123456789ab/x",
                                  "data/.processed-staging-0123456789ab/x", JOURNAL,
                                  f"data/{JOURNAL}", f".{JOURNAL}-new-0123456789ab"])
def test_git_ignores_what_a_killed_run_leaves(name: str) -> None:
    ignored = subprocess.run(["git", "-C", str(REPOSITORY), "check-ignore", "-q", "--no-index",
                              name], capture_output=True)
    assert ignored.returncode == 0, name
