"""Time each notebook against a bare kernel that imports the same libraries.

For every notebook of the project, in one run: the seconds to execute it in a
fresh kernel, and the seconds to execute a notebook made only of its import
lines (kernel start + imports: the floor no notebook can go under). Target:
each notebook at most twice its baseline. Nothing in the project is written:
notebooks run on a temporary copy.

Run: ``.venv/bin/python benchmarks/bench_notebooks.py`` (``make bench-notebooks``).
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

from lcstudy.build import build
from lcstudy.config import ProjectPaths, project_paths
from lcstudy.notebooks import execute_notebook, study_notebooks

TARGET_RATIO = 2.0
REPEATS = 2


def import_lines(notebook: Path) -> str:
    """The notebook's ``%matplotlib`` magics and import statements, in order, as one cell."""
    document = nbformat.read(notebook, as_version=4)
    kept = []
    for cell in document.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        kept += [line for line in lines if line.startswith("%matplotlib")]
        python = "\n".join(line for line in lines if not line.startswith(("%", "!")))
        kept += [ast.get_source_segment(python, node) or "" for node in ast.parse(python).body
                 if isinstance(node, ast.Import | ast.ImportFrom)]
    return "\n".join(kept)


def timed(notebook: Path, root: Path) -> float:
    """Best-of-:data:`REPEATS` seconds to execute a copy of ``notebook``."""
    best = float("inf")
    for _ in range(REPEATS):
        copy = notebook.with_name(f".bench-{notebook.name}")
        shutil.copyfile(notebook, copy)
        start = time.perf_counter()
        execute_notebook(copy, root)
        best = min(best, time.perf_counter() - start)
        copy.unlink()
    return best


def main() -> int:
    """Measure every notebook; print a table and a JSON summary."""
    source = project_paths()
    with tempfile.TemporaryDirectory(prefix="lcstudy-bench-") as folder:
        copy = ProjectPaths(Path(folder))
        shutil.copytree(source.raw, copy.raw)
        shutil.copytree(source.notebooks, copy.notebooks)
        copy.figures.mkdir()
        build(copy)
        rows = []
        for notebook in study_notebooks(copy):
            bare = notebook.with_name(f"bare-{notebook.name}")
            nbformat.write(nbformat.v4.new_notebook(cells=[
                nbformat.v4.new_code_cell(import_lines(notebook))]), bare)
            baseline = timed(bare, copy.root)
            bare.unlink()
            seconds = timed(notebook, copy.root)
            rows.append((notebook.name, seconds, baseline, seconds / baseline))
    print(f"{'notebook':40} {'seconds':>8} {'bare':>8} {'ratio':>6}")
    for name, seconds, baseline, ratio in rows:
        print(f"{name:40} {seconds:8.2f} {baseline:8.2f} {ratio:6.2f}")
    worst = max(rows, key=lambda row: row[3])
    summary = {
        "notebooks": len(rows),
        "seconds_total": round(sum(r[1] for r in rows), 3),
        "worst_notebook": worst[0],
        "worst_ratio_vs_bare_kernel": round(worst[3], 3),
    }
    missed = worst[3] > TARGET_RATIO
    if missed:
        print(f"target missed: {worst[0]} takes {worst[3]:.2f}x its bare kernel (max {TARGET_RATIO})")
    print(json.dumps(summary))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
