"""Registering a document of one's own: its ``sources.csv`` row and the anchors citing it.

:func:`register_document` (``lcstudy sources add``) is the one command that
writes ``data/raw``, run by the user: it records a document's SHA-256 and
paragraphs (:mod:`lcstudy.data.provenance`), fills the anchors of the facts
citing it, and replaces ``sources.csv`` and ``facts.csv`` together, only when
the whole of ``data/raw`` as it would be is valid. Rows it does not change
keep their bytes: the tables are edited record by record, as text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lcstudy.atomic import staging_folder, swap_in
from lcstudy.config import ProjectPaths, raw_file
from lcstudy.data.provenance import anchor, paragraphs
from lcstudy.errors import DataError, Problem

__all__ = ["Registered", "register_document"]

_SOURCES = raw_file("sources.csv")
_FACTS = raw_file("facts.csv")

#: A CSV table as records: each record's cells and its exact text (line ends included).
_Records = list[tuple[list[str], str]]


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
    data, text = _read_document(document)
    digest = hashlib.sha256(data).hexdigest()
    sources_text = (paths.raw / "sources.csv").read_text(encoding="utf-8")
    sources = _records(sources_text)
    row = {"source_id": source_id, "title": title, "publisher": publisher, "language": language,
           "published": published, "kind": kind, "voice": voice,
           "voice_place_id": voice_place_id, "translation_of": translation_of,
           "version_of": version_of, "url": url, "sha256": digest, "paragraphs": str(len(text)),
           "file": document.name, "note": note}
    index = _registered_row(sources, row, document.name)
    new_sources = sources_text if index is not None else _appended(sources_text, sources[0][0],
                                                                    row)
    facts = _records((paths.raw / "facts.csv").read_text(encoding="utf-8"))
    new_facts, anchored, checked = _anchored_facts(facts, source_id, text)
    _write_if_valid(paths, {"sources.csv": new_sources, "facts.csv": new_facts}, validator)
    line = _first_line(sources, len(sources) if index is None else index)
    return Registered(source_id, line, index is None, anchored, checked)


def _read_document(document: Path) -> tuple[bytes, list[str]]:
    """A document's bytes and paragraphs; a :class:`DataError` if it is not UTF-8 text."""
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
    return data, text


def _registered_row(sources: _Records, row: dict[str, str], file_name: str) -> int | None:
    """The record of ``sources`` already registering the document, ``None`` if there is none.

    Raises a :class:`DataError` when the id is another document's (another
    SHA-256) or a given cell differs from the registered one.
    """
    header = sources[0][0]
    held = [i for i, (cells, _) in enumerate(sources[1:], 1)
            if dict(zip(header, cells, strict=False)).get("source_id") == row["source_id"]]
    if not held:
        return None
    index = held[0]
    line = _first_line(sources, index)
    stated = dict(zip(header, sources[index][0], strict=False))
    if stated.get("sha256") != row["sha256"]:
        raise DataError([Problem(_SOURCES, line, "sha256", stated.get("sha256", ""),
                                 f"{row['sha256']}, the SHA-256 of {file_name}: "
                                 f"{row['source_id']} is another document (choose another --id)")])
    differing = [Problem(_SOURCES, line, column, given,
                         f"{stated.get(column, '')!r}, as {row['source_id']} is registered "
                         "(edit sources.csv to change it)")
                 for column, given in row.items()
                 if given and column in stated and stated[column] != given]
    if differing:
        raise DataError(differing)
    return index


def _appended(text: str, header: list[str], row: dict[str, str]) -> str:
    """A table's text with ``row`` added as its last record, in the table's line ends."""
    end = _line_end(text)
    joined = text if text.endswith(("\n", "\r")) else text + end
    return joined + _record_text([row.get(column, "") for column in header], end)


def _anchored_facts(facts: _Records, source_id: str, text: list[str]
                    ) -> tuple[str, list[str], int]:
    """``facts.csv`` with the anchors of the facts citing ``source_id`` filled in.

    Returns the new text, the ``fact_id`` of each fact anchored and how many
    facts cite a paragraph of the document; a :class:`DataError` names every
    paragraph the document lacks and every stated anchor that differs.
    """
    columns = facts[0][0]
    pieces, problems, anchored, checked = [facts[0][1]], [], [], 0
    for number, (cells, raw_text) in enumerate(facts[1:], 1):
        fact = dict(zip(columns, cells, strict=False))
        if fact.get("source_id") != source_id or not fact.get("paragraph", "").isdigit():
            pieces.append(raw_text)
            continue
        checked += 1
        line, paragraph = _first_line(facts, number), int(fact["paragraph"])
        of = f"{source_id} (fact {fact.get('fact_id', '')})"
        piece = raw_text
        if not 1 <= paragraph <= len(text):
            problems.append(Problem(_FACTS, line, "paragraph", fact["paragraph"],
                                    f"a paragraph from 1 to {len(text)} of {of}"))
        elif fact.get("anchor", "") == "":
            cells = [anchor(text[paragraph - 1]) if column == "anchor" else cell
                     for column, cell in zip(columns, cells, strict=False)]
            anchored.append(fact.get("fact_id", ""))
            ending = raw_text[len(raw_text.rstrip("\r\n")):]  # the record's own line end
            piece = _record_text(cells, "\n")[:-1] + ending
        elif fact["anchor"] != anchor(text[paragraph - 1]):
            problems.append(Problem(_FACTS, line, "anchor", fact["anchor"],
                                    f"{anchor(text[paragraph - 1])!r}, the anchor of paragraph "
                                    f"{paragraph} of {of}"))
        pieces.append(piece)
    if problems:
        raise DataError(problems)
    return "".join(pieces), anchored, checked


def _write_if_valid(paths: ProjectPaths, texts: dict[str, str],
                    validator: Callable[[ProjectPaths], list[Problem]]) -> None:
    """Replace raw tables by ``texts`` (by file name) together, if ``data/raw`` is then valid.

    The raw folder is copied to a staging folder, the tables written there and
    validated; only a valid folder is swapped in (:mod:`lcstudy.atomic`).
    """
    with staging_folder(paths.raw) as stage:
        staged = ProjectPaths(stage)
        shutil.copytree(paths.raw, staged.raw, symlinks=True)
        for name, text in texts.items():
            (staged.raw / name).write_text(text, encoding="utf-8", newline="")
        found = validator(staged)
        if found:
            raise DataError(found)
        swap_in([(staged.raw, paths.raw)])


def _records(text: str) -> _Records:
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
    """One CSV record of ``cells`` ending ``end``, quoted as :mod:`csv` quotes."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=end).writerow(cells)
    return buffer.getvalue()


def _first_line(records: _Records, index: int) -> int:
    """The line (as an editor shows it) where record ``index`` starts; 1 is the header."""
    return 1 + sum(len(text.splitlines()) for _, text in records[:index])
