"""Sphinx configuration of the study's book (``make book``, ``scripts/build_book.py``).

The book is built from a staging copy that ``scripts/build_book.py`` lays out:
README as ``index``, the data documentation, the committed notebooks with their
stored outputs (never executed here), and generated chapters for the figures,
the tables and the source list. Everything the pages load is bundled: no CDN.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

project = "lcstudy: Espoo, Osan and Gongju as UNESCO learning cities"
author = "lcstudy authors"
copyright = "lcstudy authors"  # no year: a rebuild must not depend on the date
root_doc = "index"

extensions = ["myst_nb"]
# The notebooks are shown as committed: their stored outputs, no kernel.
nb_execution_mode = "off"
nb_merge_streams = True
# Widgets would load require.js and the widget manager from a CDN.
nb_ipywidgets_js: dict = {}
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]
suppress_warnings = ["myst.header"]
exclude_patterns = ["_build", "figures/tab*.md", "**.ipynb_checkpoints"]

html_theme = "furo"
html_title = "lcstudy"
html_last_updated_fmt: str | None = None
html_show_sourcelink = False
html_copy_source = False
# Math is not used; if it ever is, MathJax must be bundled, not fetched.
mathjax_path = "none-bundled-mathjax.js"

_PROVENANCE = json.loads((Path(__file__).parent / "provenance.json").read_text(encoding="utf-8"))
_IDS: dict[str, str] = _PROVENANCE["anchors"]
# Longest first, so that "source ¶5" wins over "source"; a source id with a paragraph
# links to that paragraph's first fact when a fact cites it, else to the source.
_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(i) for i in sorted(_IDS, key=len, reverse=True)) + r")(?![\w-])"
)
_SKIP = (nodes.literal_block, nodes.literal, nodes.raw, nodes.reference, nodes.title, nodes.target)


def _link_provenance(app, doctree, docname) -> None:  # noqa: ANN001
    """Turn each source id and fact id in the prose into a link to the source list."""
    if docname == _PROVENANCE["page"]:
        return
    uri = app.builder.get_relative_uri(docname, _PROVENANCE["page"])
    for text in list(doctree.findall(nodes.Text)):
        if any(isinstance(parent, _SKIP) for parent in _ancestors(text)):
            continue
        value = str(text)
        pieces: list[nodes.Node] = []
        last = 0
        for match in _PATTERN.finditer(value):
            pieces.append(nodes.Text(value[last : match.start()]))
            ref = nodes.reference("", match.group(1), internal=True, refuri=f"{uri}#{_IDS[match.group(1)]}")
            ref["classes"].append("provenance")
            pieces.append(ref)
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(value[last:]))
            text.parent.replace(text, pieces)


def _ancestors(node: nodes.Node):  # noqa: ANN202
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app):  # noqa: ANN001, ANN201
    app.connect("doctree-resolved", _link_provenance)
    return {"parallel_read_safe": True}
