"""Executed notebooks record nothing about the interpreter that ran them."""

from __future__ import annotations

import errno
import json
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from lcstudy.pipeline.notebooks import (
    execute_notebook,
    portable_metadata,
    runtime_folders,
    study_notebooks,
)


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"language_info": {"name": "python", "version": "3.13.1", "pygments_lexer": "ipython3"},
          "kernelspec": {"name": "python3"}},
         {"language_info": {"name": "python", "pygments_lexer": "ipython3"},
          "kernelspec": {"name": "python3"}}),
        ({"language_info": {"name": "python"}}, {"language_info": {"name": "python"}}),
        ({"kernelspec": {"name": "python3"}}, {"kernelspec": {"name": "python3"}}),
        ({}, {}),
    ],
)
def test_portable_metadata(metadata, expected):
    before = json.dumps(metadata, sort_keys=True)
    assert portable_metadata(metadata) == expected
    assert json.dumps(metadata, sort_keys=True) == before  # the input is not changed


def test_executed_notebook_has_no_python_version(tmp_path):
    notebook = tmp_path / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1 + 1)")]),
                   notebook)
    execute_notebook(notebook, tmp_path)
    document = nbformat.read(notebook, as_version=4)
    assert document.cells[0].outputs[0]["text"] == "2\n"
    assert document.metadata["language_info"]["name"] == "python"
    assert "version" not in document.metadata["language_info"]
    nbformat.validate(document)


def test_committed_notebooks_have_no_python_version(repo_paths):
    notebooks = study_notebooks(repo_paths)
    assert notebooks
    for notebook in notebooks:
        metadata = nbformat.read(notebook, as_version=4).metadata
        assert metadata == portable_metadata(metadata), notebook.name


def _code_cells(paths) -> list[tuple[str, str, str]]:
    """(notebook, cell id, source without IPython magics) of every committed code cell."""
    cells = []
    for path in study_notebooks(paths):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                source = "\n".join(line for line in cell.source.splitlines()
                                   if not line.lstrip().startswith(("%", "!")))
                cells.append((path.name, cell.get("id", ""), source))
    return cells


def test_notebooks_narrate_and_call_only_the_public_api(repo_paths):
    """No function or class is defined in a notebook, and no private name is used."""
    import ast

    found = []
    for notebook, cell, source in _code_cells(repo_paths):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.append((notebook, cell, f"defines {node.name}"))
            names = ([a.name for a in node.names] if isinstance(node, ast.ImportFrom) else
                     [node.attr] if isinstance(node, ast.Attribute) else [])
            module = getattr(node, "module", "") or ""
            found += [(notebook, cell, f"uses {name}") for name in names
                      if name.startswith("_") and not name.startswith("__")
                      and (isinstance(node, ast.Attribute) or module.startswith("lcstudy"))]
    assert found == []
    assert len(_code_cells(repo_paths)) > 10  # the notebooks were read


def test_every_lcstudy_name_a_notebook_uses_is_exported_and_documented(repo_paths):
    """``from lcstudy.x import name`` and ``lc.name``: in the module's ``__all__``, with a docstring.

    A submodule imported by name (``from lcstudy.compare import summaries``) is
    public too; a constant is documented by its ``#:`` comment, read here from
    the module's source.
    """
    import ast
    import importlib
    import importlib.util
    import inspect
    import re

    def documented(module, name: str) -> bool:
        value = getattr(module, name, None) or importlib.import_module(f"{module.__name__}.{name}")
        if inspect.ismodule(value) or callable(value):
            return bool(inspect.getdoc(value))
        lines = inspect.getsource(module).splitlines()
        at = [i for i, line in enumerate(lines) if re.match(rf"{name}\s*[:=]", line)]
        return bool(at) and at[0] > 0 and lines[at[0] - 1].startswith("#:")

    found = []
    for notebook, cell, source in _code_cells(repo_paths):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lcstudy"):
                module = importlib.import_module(node.module)
                used = [(module, a.name) for a in node.names]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "lc":
                used = [(importlib.import_module("lcstudy"), node.attr)]
            else:
                continue
            for module, name in used:
                submodule = importlib.util.find_spec(f"{module.__name__}.{name}") is not None \
                    if hasattr(module, "__path__") else False
                if not submodule and name not in getattr(module, "__all__", ()):
                    found.append((notebook, cell, f"{module.__name__}.{name} not in __all__"))
                elif not documented(module, name):
                    found.append((notebook, cell, f"{module.__name__}.{name} undocumented"))
    assert found == []


def test_a_writable_home_needs_no_runtime_folders(tmp_path):
    assert runtime_folders({"HOME": str(tmp_path)}) == {}


def test_an_unwritable_home_gets_runtime_folders_in_the_temporary_directory(tmp_path):
    """HOME under /dev/null: no folder can be made there, even by root (tests run as root)."""
    found = runtime_folders({"HOME": "/dev/null/home", "MPLCONFIGDIR": str(tmp_path)})
    assert sorted(found) == ["IPYTHONDIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"]  # set: kept
    assert all(Path(folder).is_dir() for folder in found.values())
    assert all(Path(folder).is_relative_to(tempfile.gettempdir()) for folder in found.values())


@pytest.mark.filterwarnings("ignore:IPython parent:UserWarning")  # this process's IPython
def test_a_notebook_runs_without_warnings_when_home_is_unwritable(tmp_path, monkeypatch):
    """Else IPython and matplotlib warn into the outputs (nbval fails), or the kernel dies."""
    monkeypatch.setenv("HOME", "/dev/null/home")
    for name in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        monkeypatch.delenv(name, raising=False)
    notebook = tmp_path / "n.ipynb"
    cell = nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nprint('ok')")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebook)
    execute_notebook(notebook, tmp_path)
    outputs = nbformat.read(notebook, as_version=4).cells[0].outputs
    assert [(o.output_type, o.get("name"), o.get("text")) for o in outputs] == [
        ("stream", "stdout", "ok\n")]


def _failing_notebook(path: Path, error: str) -> bytes:
    cell = nbformat.v4.new_code_cell(f"import errno, os\nraise {error}")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path.read_bytes()


def test_a_cell_the_disk_refuses_is_an_os_error_naming_the_notebook(tmp_path):
    """A full disk inside the kernel (simulated: the cell raises ENOSPC) is the same OSError
    as one in this process, so ``lcstudy reproduce`` gives one message, exit 2."""
    notebook = tmp_path / "n.ipynb"
    before = _failing_notebook(
        notebook, "OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), 'figures/fig.pdf')")
    with pytest.raises(OSError) as caught:
        execute_notebook(notebook, tmp_path)
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == "notebooks/n.ipynb"
    assert notebook.read_bytes() == before


def test_another_failing_cell_stays_a_cell_execution_error(tmp_path):
    notebook = tmp_path / "n.ipynb"
    _failing_notebook(notebook, "OSError(errno.ENOENT, 'gone', 'x')")
    with pytest.raises(CellExecutionError):
        execute_notebook(notebook, tmp_path)



def _shows_na(cell: dict) -> bool:
    """Whether a code cell's text/plain or text/html output shows a ``<NA>`` cell."""
    shown = "".join(str(output.get("data", {}).get(kind, ""))
                    for output in cell.get("outputs", []) for kind in ("text/plain", "text/html"))
    return "<NA>" in shown or "&lt;NA&gt;" in shown


@pytest.mark.parametrize(("data", "expected"), [
    ({"text/plain": "  a\n0 <NA>"}, True),
    ({"text/html": "<td>&lt;NA&gt;</td>"}, True),
    ({"text/plain": "  a\n0   ", "text/html": "<td></td>"}, False),
])
def test_shows_na_reads_what_a_cell_shows(data, expected):
    assert _shows_na({"outputs": [{"output_type": "execute_result", "data": data}]}) is expected


def test_no_shown_table_has_na_cells(repo_paths):
    """Empty cells of the tables the notebooks show are blank, never ``<NA>`` (issue 22)."""
    found = [(path.name, cell.get("id", "")) for path in study_notebooks(repo_paths)
             for cell in nbformat.read(path, as_version=4).cells
             if cell.cell_type == "code" and _shows_na(cell)]
    assert found == []

