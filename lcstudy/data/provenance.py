"""Provenance a reader can check: the documents, their paragraphs and the facts' anchors.

The project never holds the documents' sentences. It holds, for each
document, its SHA-256 and number of paragraphs (``sources.csv``) and, for each
fact citing a paragraph, an *anchor*: the first 12 hex digits of the SHA-256
of that paragraph's text (UTF-8, surrounding whitespace stripped;
``facts.anchor``). Given a folder holding the documents, :func:`check_documents`
verifies all three, so a reader with the documents can confirm that every
fact cites the paragraph it was coded from.
:func:`lcstudy.data.registration.register_document` (``lcstudy sources add``)
records a document of one's own with these hashes.

A paragraph is a non-empty line (a line of only whitespace is empty), counted
from 1 for the first, as everywhere in the project.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

from lcstudy.config import raw_file
from lcstudy.data.evidence import Evidence
from lcstudy.errors import Problem

__all__ = ["ANCHOR_DIGITS", "paragraphs", "anchor", "find_documents", "check_documents"]

#: Hex digits of the paragraph hash kept as a fact's anchor.
ANCHOR_DIGITS = 12

_SOURCES = raw_file("sources.csv")
_FACTS = raw_file("facts.csv")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a document: its non-empty lines, stripped.

    Parameters
    ----------
    text : str
        The document as received.

    Returns
    -------
    list of str
        Paragraph 1 first.

    Examples
    --------
    >>> paragraphs("Title\\n\\n  \\nFirst line. \\r\\nSecond\\n")
    ['Title', 'First line.', 'Second']
    """
    return [line.strip() for line in text.split("\n") if line.strip()]


def anchor(paragraph: str) -> str:
    """The anchor of a paragraph: the first 12 hex digits of its SHA-256.

    Parameters
    ----------
    paragraph : str
        The paragraph's text (surrounding whitespace is stripped first).

    Returns
    -------
    str
        Twelve lower-case hex digits.

    Examples
    --------
    >>> anchor("  Hello  ")
    '185f8db32271'
    """
    return hashlib.sha256(paragraph.strip().encode("utf-8")).hexdigest()[:ANCHOR_DIGITS]


def _sha256(data: bytes) -> str:
    """SHA-256 of some bytes, as hex digits."""
    return hashlib.sha256(data).hexdigest()


def _documents_in(folder: Path) -> tuple[dict[Path, str], list[Problem]]:
    """The SHA-256 of each file in ``folder``, and a problem for each file not read.

    A symbolic link is followed only to a file inside ``folder``: one that
    leads out of it (a document is copied in, never linked from elsewhere)
    and a file that cannot be read are named as problems.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        return {}, [Problem(str(folder), 0, "-", "", f"a readable folder ({error.strerror})")]
    inside = folder.resolve()
    hashes, problems = {}, []
    for path in entries:
        target = path.resolve()
        if path.is_symlink() and not target.is_relative_to(inside):
            problems.append(Problem(str(path), 0, "-", str(path.readlink()),
                                    "a document inside the documents folder (this link leads "
                                    "out of it and is not followed)"))
        elif target.is_file():
            try:
                hashes[path] = _sha256(path.read_bytes())
            except OSError as error:
                problems.append(Problem(str(path), 0, "-", "",
                                        f"a readable file ({error.strerror})"))
    return hashes, problems


def find_documents(sources: pd.DataFrame, folder: Path) -> tuple[dict[str, Path], list[Problem]]:
    """Locate each hashed document in ``folder``, by its file name or else by its SHA-256.

    Parameters
    ----------
    sources : pandas.DataFrame
        The ``sources`` table (indexed by line).
    folder : Path
        The folder holding the documents.

    Returns
    -------
    found : dict of str to Path
        The file of each document found whose bytes have the recorded SHA-256.
    problems : list of Problem
        A document missing, a file of its name with other bytes, a file that
        cannot be read and a link leading out of ``folder``.
    """
    hashes, problems = _documents_in(folder)
    by_hash = {digest: path for path, digest in hashes.items()}
    found: dict[str, Path] = {}
    for line, row in sources.iterrows():
        if pd.isna(row["sha256"]):
            continue
        source, digest = row["source_id"], row["sha256"]
        named = folder / row["file"] if pd.notna(row["file"]) else None
        if named is not None and named in hashes and hashes[named] != digest:
            problems.append(Problem(_SOURCES, int(line), "sha256", digest,
                                    f"the SHA-256 of document {source}: its file {row['file']} "
                                    f"has {hashes[named]}"))
        elif digest in by_hash:
            found[source] = by_hash[digest]
        else:
            problems.append(Problem(_SOURCES, int(line), "file", "" if named is None else row["file"],
                                    f"document {source} in the documents folder, named so or "
                                    f"with SHA-256 {digest}"))
    return found, problems


def _text(path: Path) -> list[str] | str:
    """The paragraphs of a document file, or what it should be (readable, UTF-8 text)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"readable ({error.strerror})"
    try:
        return paragraphs(data.decode("utf-8"))
    except UnicodeDecodeError:
        return "as text encoded as UTF-8"


def _fact_problem(line: int, row: dict[str, Any], text: list[str]) -> Problem | None:
    """What is wrong with one fact's paragraph and anchor, if anything."""
    number = int(row["paragraph"])
    where = f"of {row['source_id']} (fact {row['fact_id']})"
    if number > len(text):
        return Problem(_FACTS, line, "paragraph", str(number),
                       f"a paragraph from 1 to {len(text)} {where}")
    wanted = anchor(text[number - 1])
    stated = "" if pd.isna(row["anchor"]) else row["anchor"]
    if stated != wanted:
        return Problem(_FACTS, line, "anchor", stated,
                       f"{wanted!r}, the anchor of paragraph {number} {where}")
    return None


def check_documents(evidence: Evidence, folder: Path) -> list[Problem]:
    """Verify the documents' hashes and paragraph counts and every fact's anchor.

    Parameters
    ----------
    evidence : Evidence
        Valid raw tables.
    folder : Path
        The folder holding the documents (named as in ``sources.file``, or
        any names: they are then matched by SHA-256).

    Returns
    -------
    list of Problem
        Every difference, naming the document, the fact and what differs;
        empty when all hold.

    Examples
    --------
    >>> from lcstudy.data.validate import load_valid
    >>> from lcstudy.config import project_paths
    >>> check_documents(load_valid(project_paths()), Path("documents"))  # doctest: +SKIP
    []
    """
    found, problems = find_documents(evidence.sources, folder)
    read = {source: _text(path) for source, path in found.items()}
    texts = {source: text for source, text in read.items() if isinstance(text, list)}
    for line, row in evidence.sources.iterrows():
        text = texts.get(row["source_id"])
        wrong = read.get(row["source_id"])
        if isinstance(wrong, str):
            problems.append(Problem(_SOURCES, int(line), "file", found[row["source_id"]].name,
                                    f"document {row['source_id']} {wrong}"))
        if text is not None and pd.notna(row["paragraphs"]) and len(text) != row["paragraphs"]:
            problems.append(Problem(_SOURCES, int(line), "paragraphs", str(int(row["paragraphs"])),
                                    f"{len(text)}, the paragraphs of document {row['source_id']} "
                                    f"({found[row['source_id']].name})"))
    facts = evidence.facts
    for line, row in zip(facts.index.tolist(), facts.to_dict("records"), strict=True):
        text = texts.get(row["source_id"])
        if text is not None and pd.notna(row["paragraph"]):
            problem = _fact_problem(line, row, text)
            if problem is not None:
                problems.append(problem)
    return sorted(problems)
