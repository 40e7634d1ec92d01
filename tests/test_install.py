"""make install: an unsupported Python is refused before anything exists; a failed install leaves nothing.

The interpreters here are stand-ins (shell scripts) that answer the version
question and then behave as the case needs, so no network or real install is involved.
"""

from __future__ import annotations

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
