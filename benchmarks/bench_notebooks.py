"""Time each notebook against a bare kernel that imports the same libraries.

For every notebook of the project, in one run:

- ``seconds``: executing the notebook in a fresh kernel;
- ``bare``: a fresh kernel that only imports the libraries the notebook uses,
  i.e. every module the notebook's run has loaded by its end (found in an
  untimed first run). Libraries load some modules on first use, e.g.
  matplotlib its PDF writer and fontTools on the first ``savefig`` to PDF;
  they count as imports here, not as the notebook's work;
- ``imports``: a fresh kernel that runs only the notebook's own import
  statements (and ``%matplotlib`` magics), shown for comparison.

Target: each notebook at most twice its ``bare`` time. Runs are interleaved
and the best of :data:`REPEATS` is kept, which damps the noise of a shared
machine. Nothing in the project is written: notebooks run on a temporary copy.

Run: ``.venv/bin/python benchmarks/bench_notebooks.py [NAME ...]`` (``make
bench-notebooks``); names (e.g. ``07_robustness``) limit the run to those notebooks.
The last line is one JSON object; the exit status is 1 if a target is missed.
"""

from __future__ import annotations

import ast
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from lcstudy.config import ProjectPaths, project_paths
from lcstudy.pipeline.build import build
from lcstudy.pipeline.notebooks import execute_notebook, study_notebooks

TARGET_RATIO = 2.0
REPEATS = 5

#: Cells added around a copy of the notebook to list the modules its run loads.
_BEFORE = "import sys as _sys\n_loaded_at_start = set(_sys.modules)"
_AFTER = ("print('\\n'.join(name for name, module in _sys.modules.items()\n"
          "                 if name not in _loaded_at_start\n"
          "                 and getattr(module, '__spec__', None) is not None))")


def magics(notebook: Path) -> list[str]:
    """The notebook's ``%matplotlib`` lines, which set up the plotting backend."""
    document = nbformat.read(notebook, as_version=4)
    return [line for cell in document.cells if cell.cell_type == "code"
            for line in cell.source.splitlines() if line.startswith("%matplotlib")]


def import_lines(notebook: Path) -> list[str]:
    """The notebook's import statements, in order."""
    document = nbformat.read(notebook, as_version=4)
    kept = []
    for cell in document.cells:
        if cell.cell_type != "code":
            continue
        python = "\n".join(line for line in cell.source.splitlines()
                           if not line.startswith(("%", "!")))
        kept += [ast.get_source_segment(python, node) or "" for node in ast.parse(python).body
                 if isinstance(node, ast.Import | ast.ImportFrom)]
    return kept


def loaded_modules(notebook: Path, root: Path) -> list[str]:
    """Every module the notebook's run loads beyond a fresh kernel's, in load order."""
    document = nbformat.read(notebook, as_version=4)
    document.cells = [nbformat.v4.new_code_cell(_BEFORE), *document.cells,
                      nbformat.v4.new_code_cell(_AFTER)]
    probe = notebook.with_name(f"probe-{notebook.name}")
    nbformat.write(document, probe)
    execute_notebook(probe, root)
    printed = nbformat.read(probe, as_version=4).cells[-1].outputs[0]["text"]
    probe.unlink()
    return printed.split()


def single_cell_notebook(path: Path, source: str) -> Path:
    """Write a notebook of one code cell."""
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    return path


def run_seconds(notebook: Path, root: Path) -> float:
    """Seconds to execute ``notebook`` in a fresh kernel (it is saved with its outputs)."""
    start = time.perf_counter()
    execute_notebook(notebook, root)
    return time.perf_counter() - start


def measure(notebook: Path, root: Path) -> dict[str, float]:
    """Best-of-:data:`REPEATS` seconds of the notebook and of its two baselines."""
    setup = magics(notebook)
    bare = single_cell_notebook(notebook.with_name(f"bare-{notebook.name}"), "\n".join(
        [*setup, "import importlib, sys", f"names = {loaded_modules(notebook, root)!r}",
         # A submodule imported on its own can meet a circular import that its
         # package's usual entry point avoids; the second pass loads what is left.
         "for name in names + names:",
         "    try:",
         "        importlib.import_module(name)",
         "    except ImportError:",
         "        pass",
         "print([name for name in names if name not in sys.modules])"]))
    imports = single_cell_notebook(notebook.with_name(f"imports-{notebook.name}"),
                                   "\n".join([*setup, *import_lines(notebook)]))
    runs: dict[str, list[float]] = {"bare": [], "seconds": [], "imports": []}
    for _ in range(REPEATS):
        for key, path in (("bare", bare), ("seconds", notebook), ("imports", imports)):
            runs[key].append(run_seconds(path, root))
    best = {key: min(times) for key, times in runs.items()}
    not_loaded = nbformat.read(bare, as_version=4).cells[0].outputs[0]["text"].strip()
    if not_loaded != "[]":
        raise RuntimeError(f"the bare kernel of {notebook.name} could not load {not_loaded}")
    bare.unlink()
    imports.unlink()
    return best


def main(names: list[str]) -> int:
    """Measure the named notebooks (all when none); print a table and a JSON summary."""
    source = project_paths()
    with tempfile.TemporaryDirectory(prefix="lcstudy-bench-") as folder:
        copy = ProjectPaths(Path(folder))
        shutil.copytree(source.raw, copy.raw)
        shutil.copytree(source.notebooks, copy.notebooks)
        copy.figures.mkdir()
        build(copy)
        rows = [(notebook.name, measure(notebook, copy.root))
                for notebook in study_notebooks(copy) if not names or notebook.stem in names]
    print(f"{'notebook':40} {'seconds':>8} {'bare':>6} {'ratio':>6} {'imports':>8} {'ratio':>6}")
    for name, t in rows:
        print(f"{name:40} {t['seconds']:8.2f} {t['bare']:6.2f} {t['seconds'] / t['bare']:6.2f}"
              f" {t['imports']:8.2f} {t['seconds'] / t['imports']:6.2f}")
    worst_name, worst = max(rows, key=lambda row: row[1]["seconds"] / row[1]["bare"])
    worst_ratio = worst["seconds"] / worst["bare"]
    summary = {
        "notebooks": len(rows),
        "seconds_total": round(sum(t["seconds"] for _, t in rows), 3),
        "worst_notebook": worst_name,
        "worst_ratio_vs_bare_kernel": round(worst_ratio, 3),
        "worst_ratio_vs_import_lines": round(
            max(t["seconds"] / t["imports"] for _, t in rows), 3),
    }
    missed = worst_ratio > TARGET_RATIO
    if missed:
        print(f"target missed: {worst_name} takes {worst_ratio:.2f}x its bare kernel "
              f"(max {TARGET_RATIO})")
    print(json.dumps(summary))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
