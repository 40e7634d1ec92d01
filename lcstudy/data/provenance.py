"""Provenance a reader can check: the documents, their paragraphs and the facts' anchors.

The project never holds the documents' sentences. It holds, for each
document, its SHA-256 and number of paragraphs (``sources.csv``) and, for each
fact citing a paragraph, an *anchor*: the first 12 hex digits of the SHA-256
of that paragraph's text (UTF-8, surrounding whitespace stripped;
``facts.anchor``). Given a folder holding the documents, :func:`check_documents`
verifies all three, so a reader with the documents can confirm that every
fact cites the paragraph it was coded from. :func:`register_document` (``lcstudy
sources add``) records a document of one's own: the one command that writes
``data/raw``, run by the user, atomically and only when the result is valid.

A paragraph is a non-empty line (a line of only whitespace is empty), counted
from 1 for the first, as everywhere in the project.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from lcstudy.atomic import staging_folder, swap_in
from lcstudy.config import ProjectPaths, raw_file
from lcstudy.data.evidence import Evidence
from lcstudy.errors import DataError, Problem

__all__ = ["ANCHOR_DIGITS", "paragraphs", "anchor", "find_documents", "check_documents",
           "Registered", "register_document"]

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


@dataclass(frozen=True)
class Registered:
    """What :func:`register_document` wrote.

    Attributes
    ----------
    source_id : str
        The document's id in ``sources.csv``.
    line : int
        Its line in ``sources.csv``.
    added : bool
        Whether the row is new (else the row was there with the same SHA-256).
    anchored : list of str
        The ``fact_id`` of each fact whose anchor was filled in.
    checked : int
        The facts citing a paragraph of the document, every anchor checked.
    """

    source_id: str
    line: int
    added: bool
    anchored: list[str]
    checked: int


def _records(text: str) -> list[tuple[list[str], str]]:
    """Each CSV record of ``text`` with its exact text (line ends included)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    records, start = [], 0
    for cells in reader:
        records.append((cells, "".join(lines[start:reader.line_num])))
        start = reader.line_num
    return records


def _line_end(text: str) -> str:
    """The line end a table's text uses (that of its header)."""
    first = text.splitlines(keepends=True)[0] if text else "\n"
    return "\r\n" if first.endswith("\r\n") else "\r" if first.endswith("\r") else "\n"


def _record_text(cells: list[str], end: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=end).writerow(cells)
    return buffer.getvalue()


def _first_line(records: list[tuple[list[str], str]], index: int) -> int:
    """The line (as an editor shows it) where record ``index`` starts; 1 is the header."""
    return 1 + sum(len(text.splitlines()) for _, text in records[:index])


def register_document(paths: ProjectPaths, document: Path, *,
                      validator: Callable[[ProjectPaths], list[Problem]], source_id: str,
                      language: str, published: str, title: str, publisher: str, kind: str,
                      voice: str, voice_place_id: str = "", version_of: str = "",
                      translation_of: str = "", url: str = "", note: str = "") -> Registered:
    """Register a document of one's own: its ``sources.csv`` row and the anchors citing it.

    The row records the document's SHA-256, its paragraphs and its file name;
    every fact citing a paragraph of it gets that paragraph's anchor where its
    ``anchor`` is empty, and every stated anchor is checked. Then the whole of
    ``data/raw`` as it would be is validated, and only if it is valid are
    ``sources.csv`` and ``facts.csv`` replaced, together (the raw folder is
    staged and swapped in whole, :mod:`lcstudy.atomic`): on any problem nothing
    is written. Rows the command does not change keep their bytes. Running it
    again for the same document (same id and SHA-256, the same cells where
    given) adds no row and fills the anchors of facts added since.

    Parameters
    ----------
    paths : ProjectPaths
        The project.
    document : Path
        The document as received: UTF-8 text, one paragraph a non-empty line.
    validator : callable
        Every problem of a project's raw data: :func:`lcstudy.data.validate.validate`
        (given, since validation sits above this module in the layout).
    source_id, language, published, title, publisher, kind, voice : str
        Its cells in ``sources.csv`` (see the data dictionary).
    voice_place_id, version_of, translation_of, url, note : str
        Optional cells (empty: not given).

    Returns
    -------
    Registered

    Raises
    ------
    DataError
        Naming file, line, column, value and what was expected: a document
        that cannot be read or is not UTF-8 text, an id held by another
        document, a paragraph the document does not have, a stated anchor
        that differs, and every problem of the resulting ``data/raw``.

    Examples
    --------
    >>> from lcstudy.data.validate import validate
    >>> register_document(ProjectPaths(Path(".")), Path("cork-2024-en.txt"),  # doctest: +SKIP
    ...     validator=validate, source_id="cork-2024-en", language="en", published="2024-05-02",
    ...     title="Cork hosts a learning festival", publisher="Cork City Council",
    ...     kind="press_release", voice="city", voice_place_id="cork")
    Registered(source_id='cork-2024-en', line=43, added=True, anchored=['c001'], checked=1)
    """
    name = str(document)
    try:
        data = document.read_bytes()
    except OSError as error:
        raise DataError([Problem(name, 0, "-", "", f"a readable file ({error.strerror})")]) from None
    try:
        text = paragraphs(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise DataError([Problem(name, line, "-", repr(data[error.start:error.end])[2:-1],
                                 "text encoded as UTF-8")]) from None
    if not text:
        raise DataError([Problem(name, 0, "-", "", "a document with at least one paragraph "
                                 "(a non-empty line)")])
    digest = hashlib.sha256(data).hexdigest()
    sources_text = (paths.raw / "sources.csv").read_text(encoding="utf-8")
    facts_text = (paths.raw / "facts.csv").read_text(encoding="utf-8")
    sources, facts = _records(sources_text), _records(facts_text)
    header = sources[0][0]
    row = {"source_id": source_id, "title": title, "publisher": publisher, "language": language,
           "published": published, "kind": kind, "voice": voice,
           "voice_place_id": voice_place_id, "translation_of": translation_of,
           "version_of": version_of, "url": url, "sha256": digest, "paragraphs": str(len(text)),
           "file": document.name, "note": note}
    held = [i for i, (cells, _) in enumerate(sources[1:], 1)
            if dict(zip(header, cells, strict=False)).get("source_id") == source_id]
    if held:
        index = held[0]
        stated = dict(zip(header, sources[index][0], strict=False))
        if stated.get("sha256") != digest:
            raise DataError([Problem(_SOURCES, _first_line(sources, index), "sha256",
                                     stated.get("sha256", ""),
                                     f"{digest}, the SHA-256 of {document.name}: {source_id} is "
                                     "another document (choose another --id)")])
        differing = [Problem(_SOURCES, _first_line(sources, index), column, given,
                             f"{stated.get(column, '')!r}, as {source_id} is registered "
                             "(edit sources.csv to change it)")
                     for column, given in row.items()
                     if given and column in stated and stated[column] != given]
        if differing:
            raise DataError(differing)
        new_sources = sources_text
    else:
        index = len(sources)
        end = _line_end(sources_text)
        joined = sources_text if sources_text.endswith(("\n", "\r")) else sources_text + end
        new_sources = joined + _record_text([row.get(column, "") for column in header], end)
    problems, anchored, checked = [], [], 0
    columns = facts[0][0]
    pieces = [facts[0][1]]
    for number, (cells, raw_text) in enumerate(facts[1:], 1):
        fact = dict(zip(columns, cells, strict=False))
        if fact.get("source_id") != source_id or not fact.get("paragraph", "").isdigit():
            pieces.append(raw_text)
            continue
        line, paragraph = _first_line(facts, number), int(fact["paragraph"])
        checked += 1
        if not 1 <= paragraph <= len(text):
            problems.append(Problem(_FACTS, line, "paragraph", fact["paragraph"],
                                    f"a paragraph from 1 to {len(text)} of {source_id} "
                                    f"(fact {fact.get('fact_id', '')})"))
            pieces.append(raw_text)
            continue
        wanted = anchor(text[paragraph - 1])
        if fact.get("anchor", "") == "":
            cells = [wanted if column == "anchor" else cell
                     for column, cell in zip(columns, cells, strict=False)]
            anchored.append(fact.get("fact_id", ""))
            ending = raw_text[len(raw_text.rstrip("\r\n")):]  # the record's own line end
            pieces.append(_record_text(cells, "\n")[:-1] + ending)
        else:
            if fact["anchor"] != wanted:
                problems.append(Problem(_FACTS, line, "anchor", fact["anchor"],
                                        f"{wanted!r}, the anchor of paragraph {paragraph} of "
                                        f"{source_id} (fact {fact.get('fact_id', '')})"))
            pieces.append(raw_text)
    if problems:
        raise DataError(problems)
    with staging_folder(paths.raw) as stage:
        staged = ProjectPaths(stage)
        shutil.copytree(paths.raw, staged.raw, symlinks=True)
        (staged.raw / "sources.csv").write_text(new_sources, encoding="utf-8", newline="")
        (staged.raw / "facts.csv").write_text("".join(pieces), encoding="utf-8", newline="")
        found = validator(staged)
        if found:
            raise DataError(found)
        swap_in([(staged.raw, paths.raw)])
    return Registered(source_id, _first_line(sources, index), not held, anchored, checked)
