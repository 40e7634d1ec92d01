"""make install: an unsupported Python is refused before anything exists; a failed install leaves nothing.

The interpreters here are stand-ins (shell scripts) that answer the version
question and then behave as the case needs, so no network or real install is involved.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SCRIPT = REPOSITORY / "scripts" / "install_venv.sh"


def _stand_in(folder: Path, version: str, *, venv_works: bool) -> Path:
    """A 'python' reporting ``version``; its venvs' pip fails unless ``venv_works``."""
    python = folder / "python"
    pip = "exit 0" if venv_works else "echo 'No matching distribution found' >&2; exit 1"
    python.write_text(
        "#!/bin/sh\n"
        'case "$1 ${2:-}" in\n'
        f'  "-c "*) echo {version} ;;\n'
        '  "-m venv") mkdir -p "$3/bin" && cp "$0" "$3/bin/python" ;;\n'
        f"  *) {pip} ;;\n"
        "esac\n",
        encoding="utf-8",
    )
    python.chmod(0o755)
    return python


def _project(tmp_path: Path) -> Path:
    """The files make install needs, in a folder of their own."""
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    for name in ("Makefile", "requirements.lock", "requirements-citation.lock", "pyproject.toml"):
        shutil.copy(REPOSITORY / name, root / name)
    shutil.copy(SCRIPT, root / "scripts" / SCRIPT.name)
    return root


@pytest.mark.parametrize("target", ["install", "test", "reproduce", "citation"])
@pytest.mark.parametrize("version", ["3.10", "2.7", "3.14"])
def test_unsupported_python_gets_one_message_and_nothing_is_created(tmp_path, target, version):
    root = _project(tmp_path)
    python = _stand_in(tmp_path, version, venv_works=True)
    done = subprocess.run(["make", target, f"PYTHON={python}"], cwd=root, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert f"is Python {version}; lcstudy supports Python 3.11, 3.12 and 3.13." in done.stderr
    assert "Nothing was installed." in done.stderr
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["Makefile", "requirements.lock", "requirements-citation.lock", "pyproject.toml", "scripts"])


def test_missing_python_is_named(tmp_path):
    root = _project(tmp_path)
    done = subprocess.run(["make", "install", f"PYTHON={tmp_path / 'absent'}"], cwd=root,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "is not a Python that runs" in done.stderr
    assert not (root / ".venv").exists()


def test_failed_install_leaves_no_venv(tmp_path):
    root = _project(tmp_path)
    python = _stand_in(tmp_path, "3.12", venv_works=False)
    done = subprocess.run(["make", "install", f"PYTHON={python}"], cwd=root, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "No matching distribution found" in done.stderr
    assert "it was removed, so the next make starts afresh" in done.stderr
    assert not (root / ".venv").exists()


def test_supported_python_installs_and_stamps(tmp_path):
    """The control: a stand-in whose installs succeed gives a stamped .venv."""
    root = _project(tmp_path)
    python = _stand_in(tmp_path, "3.13", venv_works=True)
    done = subprocess.run(["make", "install", f"PYTHON={python}"], cwd=root, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Creating .venv with Python 3.13" in done.stdout
    assert (root / ".venv" / ".installed").is_file()


def test_venv_of_an_unsupported_python_is_refused_with_clean_venv_advice(tmp_path):
    root = _project(tmp_path)
    old = _stand_in(tmp_path, "3.10", venv_works=True)
    subprocess.run([str(old), "-m", "venv", str(root / ".venv")], check=True)
    done = subprocess.run(["make", "install", f"PYTHON={_stand_in(tmp_path, '3.11', venv_works=True)}"],
                          cwd=root, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert ".venv has Python 3.10" in done.stderr and "make clean-venv" in done.stderr


def _stamped_venv(root: Path, python: Path) -> None:
    """A .venv made by ``python`` whose stamp is newer than everything it depends on."""
    subprocess.run([str(python), "-m", "venv", str(root / ".venv")], check=True)
    (root / ".venv" / ".installed").touch()


@pytest.mark.parametrize("given", ["command line", "environment"])
def test_python_given_while_venv_has_another_is_named_not_ignored(tmp_path, given):
    root = _project(tmp_path)
    for folder in ("old", "new"):
        (tmp_path / folder).mkdir()
    _stamped_venv(root, _stand_in(tmp_path / "old", "3.12", venv_works=True))
    python = _stand_in(tmp_path / "new", "3.13", venv_works=True)
    args, env = (["make", "install", f"PYTHON={python}"], None) if given == "command line" else (
        ["make", "install"], {**os.environ, "PYTHON": str(python)})
    done = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=60,
                          check=False, env=env)
    assert done.returncode != 0
    assert f"PYTHON={python} is Python 3.13, but .venv has Python 3.12" in done.stderr
    assert "make clean-venv" in done.stderr


def test_python_given_that_venv_has_or_none_given_is_quiet(tmp_path):
    root = _project(tmp_path)
    python = _stand_in(tmp_path, "3.12", venv_works=True)
    _stamped_venv(root, python)
    env = {k: v for k, v in os.environ.items() if k != "PYTHON"}
    for args in (["make", "install", f"PYTHON={python}"], ["make", "install"]):
        done = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=60,
                              check=False, env=env)
        assert (done.returncode, done.stderr) == (0, ""), args


def test_make_help_lists_every_target(tmp_path):
    makefile = (REPOSITORY / "Makefile").read_text(encoding="utf-8")
    phony = makefile.split(".PHONY:", 1)[1].split("\n\n", 1)[0].replace("\\", " ").split()
    done = subprocess.run(["make", "help"], cwd=_project(tmp_path), capture_output=True,
                          text=True, timeout=60, check=True)
    listed = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("  make ")}
    assert listed == set(phony) - {"python-check"}


@pytest.mark.parametrize(("variables", "flags"), [
    ([], []),
    (["PORT=9999", "IP=0.0.0.0"], ["--port=9999", "--ip=0.0.0.0"]),
])
def test_make_lab_takes_port_and_ip_and_allows_root_as_root(tmp_path, variables, flags):
    root = _project(tmp_path)
    _stamped_venv(root, _stand_in(tmp_path, "3.12", venv_works=True))
    # outside any make of ours (under `make test` the recursion would print its directory)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHON", "PORT", "IP", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "--no-print-directory", "-n", "lab", *variables], cwd=root,
                          capture_output=True,
                          text=True, timeout=60, check=True, env=env)
    command = done.stdout.splitlines()[-1].split()
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    expected = [*flags, *(["--allow-root"] if os.getuid() == 0 else [])]
    assert [c for c in command if c.startswith(("--port", "--ip", "--allow-root"))] == expected
