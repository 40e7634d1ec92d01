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
