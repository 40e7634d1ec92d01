"""Build the study as a static HTML book from the committed notebooks (``make book``).

Usage: python scripts/build_book.py [--out DIR]   (default: _build/book)

Nothing is executed: the notebooks are rendered with the outputs they were
committed with. The book's sources are laid out in a staging folder beside the
output (README as the landing page, data/README.md with the data dictionary,
data/codebook.md, every notebook, a chapter of the paper figures and tables,
and the source list generated from data/raw), so the work tree is never
written. SOURCE_DATE_EPOCH is fixed and the build starts from nothing each
time, so two builds give byte-identical pages.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lcstudy.config import project_paths

#: A fixed date for everything Sphinx would stamp with the build time.
SOURCE_DATE_EPOCH = "1577836800"
#: The generated chapter every source id and fact id links to.
SOURCES_PAGE = "sources"
CONF = Path(__file__).resolve().parent.parent / "book" / "conf.py"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _sources_page(raw: Path) -> tuple[str, dict[str, str]]:
    """The source list: one section per source, with the facts coded from it."""
    sources = _read_csv(raw / "sources.csv")
    facts = _read_csv(raw / "facts.csv")
    anchors: dict[str, str] = {}
    lines = [
        "# Sources",
        "",
        "Every source of the evidence base (`data/raw/sources.csv`), and for each the facts coded",
        "from it (`data/raw/facts.csv`) with the paragraph they cite and its anchor (the first 12",
        "hex digits of the SHA-256 of the paragraph's text). Source ids and fact ids elsewhere in",
        "the book link here.",
        "",
    ]
    for source in sources:
        sid = source["source_id"]
        anchors[sid] = sid
        lines += [f"({sid})=", f"## `{sid}`", ""]
        for key in ("title", "publisher", "language", "published", "kind", "translation_of", "version_of", "paragraphs", "note"):
            if source.get(key):
                lines.append(f"- **{key}**: {_cell(source[key])}")
        if source.get("url"):
            lines.append(f"- **url**: <{source['url']}>")
        own = [f for f in facts if f["source_id"] == sid]
        if own:
            lines += ["", "| fact | ¶ | anchor | label |", "|---|---:|---|---|"]
            for fact in own:
                fid, paragraph = fact["fact_id"], fact["paragraph"]
                anchors[fid] = f"fact-{fid}"
                targets = f'<span id="fact-{fid}"></span>'
                if paragraph and f"{sid} ¶{paragraph}" not in anchors:
                    # "espoo-2015-award-en ¶18" in the prose links to the first fact citing it.
                    anchors[f"{sid} ¶{paragraph}"] = f"{sid}-p{paragraph}"
                    targets += f'<span id="{sid}-p{paragraph}"></span>'
                lines.append(f'| {targets}{fid} | {paragraph} | `{fact["anchor"]}` | {_cell(fact["label"])} |')
        lines.append("")
    return "\n".join(lines), anchors


def _figures_page(figures: Path) -> str:
    """Every paper figure (PNG shown, PDF, SVG and plotted numbers linked) and every table."""
    lines = ["# Figures and tables", "", "The paper's exhibits as committed in `figures/`.", "", "## Figures", ""]
    for png in sorted(figures.glob("fig*.png")):
        stem = png.stem
        lines += [f"### {stem}", "", f"```{{image}} figures/{png.name}", f":alt: {stem}", ":width: 100%", "```", ""]
        downloads = [f"{{download}}`{suffix} <figures/{stem}.{suffix}>`" for suffix in ("pdf", "svg", "csv") if (figures / f"{stem}.{suffix}").exists()]
        lines += ["Files: " + " · ".join(downloads), ""]
    lines += ["## Tables", ""]
    for table in sorted(figures.glob("tab*.md")):
        stem = table.stem
        lines += [f"### {stem}", "", f"```{{include}} figures/{table.name}", "```", ""]
        downloads = [f"{{download}}`{suffix} <figures/{stem}.{suffix}>`" for suffix in ("csv", "tex", "xlsx") if (figures / f"{stem}.{suffix}").exists()]
        lines += ["Files: " + " · ".join(downloads), ""]
    return "\n".join(lines)


def _toctree(notebooks: list[str]) -> str:
    entries = "\n".join(["data/README", "data/codebook", *notebooks, "figures", SOURCES_PAGE])
    return f"\n\n```{{toctree}}\n:hidden:\n:maxdepth: 2\n\n{entries}\n```\n"


def stage(root: Path, staging: Path) -> None:
    """Lay out the book's sources in ``staging`` (emptied first)."""
    paths = project_paths(root)
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "data").mkdir(parents=True)
    (staging / "notebooks").mkdir()
    shutil.copy2(CONF, staging / "conf.py")
    notebooks = sorted(p for p in paths.notebooks.glob("*.ipynb"))
    for notebook in notebooks:
        shutil.copy2(notebook, staging / "notebooks" / notebook.name)
    readme = (root / "README.md").read_text(encoding="utf-8")
    (staging / "index.md").write_text(readme + _toctree([f"notebooks/{p.stem}" for p in notebooks]), encoding="utf-8")
    for name in ("README.md", "codebook.md"):
        shutil.copy2(root / "data" / name, staging / "data" / name)
    shutil.copytree(paths.figures, staging / "figures")
    (staging / "figures.md").write_text(_figures_page(paths.figures), encoding="utf-8")
    page, anchors = _sources_page(paths.raw)
    (staging / f"{SOURCES_PAGE}.md").write_text(page, encoding="utf-8")
    provenance = {"page": SOURCES_PAGE, "anchors": anchors}
    (staging / "provenance.json").write_text(json.dumps(provenance, indent=1, sort_keys=True), encoding="utf-8")


def build(root: Path, out: Path) -> None:
    """Stage the sources and run Sphinx into ``out`` (emptied first); warnings are errors."""
    staging = out.parent / f".{out.name}-src"
    stage(root, staging)
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "-E",
               "-d", str(staging / ".doctrees"), str(staging), str(out)]
    subprocess.run(command, check=True, env=env)
    # Sphinx's record of the configuration used, not part of the book.
    (out / ".buildinfo").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("_build/book"), help="output folder (default: _build/book)")
    args = parser.parse_args(argv)
    root = project_paths().root
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    try:
        build(root, out)
    except subprocess.CalledProcessError as error:
        print(f"The book did not build (sphinx exit status {error.returncode}); see the messages above.", file=sys.stderr)
        return 1
    print(f"The book: {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
