"""Executed notebooks record nothing about the interpreter that ran them."""

from __future__ import annotations

import json

import nbformat
import pytest

from lcstudy.notebooks import execute_notebook, portable_metadata, study_notebooks


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
