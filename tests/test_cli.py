"""The ``lcstudy`` command: help with examples, clean usage errors, read-only checks.

Everything here reads the real project and writes nothing into it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lcstudy.cli import main

REPOSITORY = Path(__file__).resolve().parents[1]
LCSTUDY = Path(sys.executable).parent / "lcstudy"
COMMANDS = sorted(main.commands)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_every_documented_command_exists() -> None:
    assert {"validate", "build", "reproduce", "verify", "dictionary"} <= set(COMMANDS)


def test_main_help_shows_an_example_and_every_command() -> None:
    status, out, _ = _invoke("--help")
    assert status == 0
    assert "Example" in out and "lcstudy validate" in out
    assert "--root" in out
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_shows_an_example(command: str) -> None:
    status, out, _ = _invoke(command, "--help")
    assert status == 0
    assert "Example" in out
    assert f"lcstudy {command}" in out, f"the example of {command} does not run {command}"


def test_validate_on_the_project_succeeds_in_one_line() -> None:
    status, out, err = _invoke("--root", str(REPOSITORY), "validate")
    assert status == 0, err
    assert out.splitlines() == ["data/raw is valid."]
    assert err == ""


def test_validate_without_root_uses_this_checkout() -> None:
    env = {k: v for k, v in os.environ.items() if k != "LCSTUDY_ROOT"}
    done = subprocess.run([str(LCSTUDY), "validate"], capture_output=True, text=True,
                          cwd=REPOSITORY, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "data/raw is valid.\n"


@pytest.mark.parametrize(("arguments", "output"), [
    (["--help"], "Usage: lcstudy [OPTIONS] COMMAND [ARGS]..."),
    (["validate"], "data/raw is valid."),
])
def test_python_dash_m_lcstudy_is_the_command(tmp_path: Path, arguments: list[str],
                                               output: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LCSTUDY_ROOT"}
    done = subprocess.run([sys.executable, "-m", "lcstudy", *arguments], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert output in done.stdout


@pytest.mark.parametrize("command", ["validate", "build", "dictionary"])
def test_root_without_data_raw_is_a_usage_error(tmp_path: Path, command: str) -> None:
    (tmp_path / "data").mkdir()  # data/ but no data/raw
    status, out, err = _invoke("--root", str(tmp_path), command)
    assert status == 2
    assert "no data/raw folder" in err and "Usage:" in err
    assert "Traceback" not in out + err
    assert list(tmp_path.rglob("*")) == [tmp_path / "data"], "a usage error wrote files"


def test_root_that_does_not_exist_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LCSTUDY_ROOT"}
    done = subprocess.run([str(LCSTUDY), "--root", str(tmp_path / "nowhere"), "build"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 2
    assert "no data/raw folder" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "nowhere").exists(), "build created the missing root"


def test_root_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    file = tmp_path / "project.txt"
    file.write_text("not a folder\n", encoding="utf-8")
    status, out, err = _invoke("--root", str(file), "validate")
    assert status == 2
    assert "Traceback" not in out + err


def test_unknown_command_is_a_usage_error() -> None:
    status, _, err = _invoke("--root", str(REPOSITORY), "frobnicate")
    assert status == 2
    assert "No such command" in err


def test_dictionary_check_on_the_project_succeeds_and_writes_nothing() -> None:
    readme = REPOSITORY / "data" / "README.md"
    before = readme.read_bytes()
    status, out, err = _invoke("--root", str(REPOSITORY), "dictionary", "--check")
    assert status == 0, err
    assert "up to date" in out
    assert readme.read_bytes() == before


def test_dictionary_check_reports_an_outdated_readme(tmp_path: Path) -> None:
    (tmp_path / "data" / "raw").mkdir(parents=True)
    readme = tmp_path / "data" / "README.md"
    readme.write_text("# Data\n\nNo dictionary yet.\n", encoding="utf-8")
    status, _, err = _invoke("--root", str(tmp_path), "dictionary", "--check")
    assert status == 1
    assert "out of date" in err
    assert readme.read_text(encoding="utf-8") == "# Data\n\nNo dictionary yet.\n"


def test_a_full_disk_is_one_message_exit_2_and_the_outputs_unchanged(
        project_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import lcstudy.pipeline.build

    before = {p.name: p.read_bytes() for p in project_copy.processed.iterdir()}
    real, written = lcstudy.pipeline.build.write_text, []

    def full(path: Path, text: str) -> None:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, text)
        written.append(path)

    monkeypatch.setattr(lcstudy.pipeline.build, "write_text", full)
    result = CliRunner().invoke(main, ["--root", str(project_copy.root), "build"])
    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        "No space left on device: the outputs were left as they were.\n")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in project_copy.processed.iterdir()} == before
    assert sorted(p.name for p in (project_copy.root / "data").iterdir()) == [
        "README.md", "codebook.md", "processed", "raw"]


@pytest.mark.parametrize("how", ["no permission", "a folder"])
def test_an_unreadable_raw_table_is_one_problem_exit_2(project_copy, monkeypatch, how) -> None:
    """The tests run as root, whom chmod does not stop: a refused read is simulated
    (monkeypatched ``Path.read_bytes``), or a folder stands where the file should be."""
    places = project_copy.raw / "places.csv"
    if how == "a folder":
        places.unlink()
        places.mkdir()
        expected = "data/raw/places.csv:0: -: '': expected a file, not a folder"
    else:
        real = Path.read_bytes

        def refused(path: Path) -> bytes:
            if path == places:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(Path, "read_bytes", refused)
        expected = "data/raw/places.csv:0: -: '': expected a readable file (Permission denied)"
    before = {p.name: p.read_bytes() for p in project_copy.processed.iterdir()}
    for command in ("validate", "build"):
        result = CliRunner().invoke(main, ["--root", str(project_copy.root), command])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"{expected}\n1 problem(s): nothing was written.\n"
    assert {p.name: p.read_bytes() for p in project_copy.processed.iterdir()} == before


def test_a_full_disk_in_a_notebook_is_one_message_exit_2_and_nothing_changed(
        project_copy) -> None:
    """A study reduced to one notebook whose cell meets a full disk (simulated: it raises
    ENOSPC): the staged results are dropped, processed data, figures and notebook kept."""
    import nbformat

    for notebook in project_copy.notebooks.glob("*.ipynb"):
        notebook.unlink()
    cell = nbformat.v4.new_code_cell(
        "import errno, os\nraise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), 'fig.pdf')")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), project_copy.notebooks / "01_full.ipynb")
    state = {folder: {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
                      if p.is_file()}
             for folder in (project_copy.processed, project_copy.figures, project_copy.notebooks)}
    result = CliRunner().invoke(main, ["--root", str(project_copy.root), "reproduce"])
    assert result.exit_code == 2, result.output
    assert result.stderr == ("notebooks/01_full.ipynb: No space left on device: the outputs "
                             "were left as they were.\n")
    assert {folder: {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
                     if p.is_file()} for folder in state} == state
    assert sorted(p.name for p in (project_copy.root / "data").iterdir()) == [
        "README.md", "codebook.md", "processed", "raw"]


@pytest.mark.parametrize(("where", "root"), [(".", "."), ("data", ".."), ("..", None)])
def test_a_relative_root_builds_the_same_outputs(project_copy, monkeypatch, where, root) -> None:
    """``--root .``, ``--root ..`` and ``--root NAME``: the same bytes, no staging left over."""
    before = {p.name: p.read_bytes() for p in project_copy.processed.iterdir()}
    monkeypatch.chdir(project_copy.root / where)
    relative = root if root is not None else project_copy.root.name
    result = CliRunner().invoke(main, ["--root", relative, "build"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in project_copy.processed.iterdir()} == before
    assert sorted(p.name for p in (project_copy.root / "data").iterdir()) == [
        "README.md", "codebook.md", "processed", "raw"]
