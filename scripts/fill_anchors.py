"""Print data/raw/facts.csv with the anchor of every cited paragraph filled in.

The anchors are computed from the documents themselves, which the project does
not hold; give their folder (files named as in sources.csv, or matched by
SHA-256). The output goes to standard output, for the coder to review and put
in place by hand (code never writes data/raw):

    .venv/bin/python scripts/fill_anchors.py DOCUMENTS > /tmp/facts.csv
    diff data/raw/facts.csv /tmp/facts.csv && mv /tmp/facts.csv data/raw/facts.csv

Then `lcstudy sources check DOCUMENTS` verifies them. Tests never run this script.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from lcstudy.config import project_paths
from lcstudy.data.evidence import load_evidence
from lcstudy.data.provenance import anchor, find_documents, paragraphs


def main(folder: Path) -> int:
    """Write the completed facts table to standard output; 2 if a document is missing."""
    paths = project_paths()
    evidence, _ = load_evidence(paths)
    found, problems = find_documents(evidence.sources, folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    texts = {source: paragraphs(path.read_text(encoding="utf-8")) for source, path in found.items()}
    with (paths.raw / "facts.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        text = texts.get(row["source_id"])
        if text is not None and row["paragraph"]:
            row["anchor"] = anchor(text[int(row["paragraph"]) - 1])
    writer = csv.DictWriter(sys.stdout, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
