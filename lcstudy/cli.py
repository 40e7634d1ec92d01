"""The ``lcstudy`` command.

Exit status: 0 on success, 2 for invalid input data (every problem listed as
``file:line: column: value: expected ...``; also when ``sources check`` finds a
document, paragraph count or fact anchor that differs) or a disk that refuses
the outputs (full, read-only), 1 when ``verify`` finds a difference. Bad data
never produces a traceback; a traceback is a bug.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from lcstudy.config import ProjectPaths, project_paths
from lcstudy.errors import REFUSED_WRITES, DataError

__all__ = ["main"]

_EPILOG_ROOT = "Every command takes --root DIR (before the command name): a copy of the project."


#: Errors of a file system that cannot take what a command writes (full, read-only,
#: over quota, not ours): one message, exit status 2.
_CANNOT_WRITE = REFUSED_WRITES


def _reports_bad_data(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`DataError` into the problem list and exit status 2.

    A file system that refuses the outputs (a full disk, a read-only or
    foreign folder) is one message and exit status 2 as well: outputs are
    written into staging folders and swapped in whole, so none was changed.
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DataError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(error.problems)} problem(s): nothing was written.", err=True)
            sys.exit(2)
        except OSError as error:
            if error.errno not in _CANNOT_WRITE:
                raise
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"{where}{error.strerror}: the outputs were left as they were.", err=True)
            sys.exit(2)

    return wrapper


def _exit_on_terminate(signum: int, frame: object) -> None:
    """Exit on SIGTERM like on Ctrl-C, so staging folders are cleaned up."""
    raise SystemExit(128 + signum)


@click.group(epilog=_EPILOG_ROOT)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Project folder holding data/ and figures/ (default: this project).")
@click.pass_context
def main(context: click.Context, root: Path | None) -> None:
    """Comparable, cited indicators for UNESCO learning cities.

    \b
    Example:
      lcstudy validate
      lcstudy --root ../my-copy build
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_terminate)
    paths = project_paths(root)
    if not (paths.raw).is_dir():
        raise click.UsageError(f"no data/raw folder under the project root {paths.root}")
    context.obj = paths


@main.command()
@click.pass_obj
@_reports_bad_data
def validate(paths: ProjectPaths) -> None:
    """Check every raw table; list all problems (exit 2) or say it is valid.

    Text cells a spreadsheet would run as a formula are valid but named, as warnings.

    \b
    Example:
      lcstudy validate
    """
    from lcstudy.data.validate import check

    problems, warnings = check(paths)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if problems:
        raise DataError(problems)
    click.echo("data/raw is valid.")


@main.command()
@click.pass_obj
@_reports_bad_data
def build(paths: ProjectPaths) -> None:
    """Rebuild data/processed from data/raw (all or nothing).

    \b
    Example:
      lcstudy build
    """
    from lcstudy.pipeline.build import build as run_build

    tables = run_build(paths)
    click.echo(f"data/processed: {len(tables)} tables and datapackage.json written.")


@main.command()
@click.pass_obj
@_reports_bad_data
def reproduce(paths: ProjectPaths) -> None:
    """The main job: rebuild data, run every notebook, export every figure.

    Works in a staging copy and swaps the results in only when all succeeded.
    Shows a progress bar on a terminal.

    \b
    Example:
      lcstudy reproduce
    """
    from lcstudy.pipeline.reproduce import reproduce as run_reproduce

    for name in run_reproduce(paths):
        click.echo(f"{name}: not part of the study (nothing in it writes this file), kept")
    click.echo("data/processed, notebooks and figures/ regenerated.")


@main.command()
@click.option("--list", "show", is_flag=True, help="Also list the study's output files.")
@click.pass_obj
@_reports_bad_data
def verify(paths: ProjectPaths, show: bool) -> None:
    """Regenerate everything elsewhere and compare (exit 1 on a difference).

    The study's outputs are the files the rebuild writes (build's tables, the
    notebooks' figures), compared byte by byte, and the notebooks, whose
    cells' outputs are compared as nbval compares them (each difference names
    the notebook, the cell and the output type); --list names them. Other
    files in data/processed or figures/ are not part of the study: they are
    named and kept, not failed. A swap a killed run left unfinished is first
    completed or undone, and said so.

    \b
    Example:
      lcstudy verify
      lcstudy verify --list
    """
    from lcstudy.pipeline.reproduce import verify as run_verify

    result = run_verify(paths)
    for line in result.recovered:
        click.echo(line, err=True)
    if show:
        for name in result.study:
            click.echo(name)
    for name in result.others:
        click.echo(f"{name}: not part of the study (nothing in it writes this file), kept",
                   err=True)
    for line in result.differences:
        click.echo(line, err=True)
    if result.differences:
        click.echo(f"{len(result.differences)} of the study's {len(result.study)} output files "
                   "are not reproduced.", err=True)
        sys.exit(1)
    click.echo(f"data/processed, figures/ and notebooks/: the study's {len(result.study)} "
               "output files are reproduced (files byte for byte, notebook outputs as nbval "
               "compares them).")


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if data/README.md is out of date; write nothing.")
@click.pass_obj
def dictionary(paths: ProjectPaths, check: bool) -> None:
    """Regenerate the data dictionary at the end of data/README.md.

    \b
    Example:
      lcstudy dictionary --check
    """
    from lcstudy.pipeline.dictionary import MARKER, data_dictionary, update_readme

    readme = paths.root / "data" / "README.md"
    if check:
        text = readme.read_text(encoding="utf-8")
        if not text.endswith(MARKER + "\n\n" + data_dictionary()):
            click.echo("data/README.md: data dictionary out of date (run lcstudy dictionary)",
                       err=True)
            sys.exit(1)
        click.echo("data/README.md: data dictionary up to date.")
        return
    changed = update_readme(readme)
    click.echo("data/README.md " + ("updated." if changed else "already up to date."))


@main.command()
@click.pass_obj
@_reports_bad_data
def agreement(paths: ProjectPaths) -> None:
    """Agreement of the second coding with the first: alpha per indicator, disagreements.

    Matches data/raw/coding_b/facts.csv against data/raw/facts.csv unit by unit
    (document, paragraph, indicator, place; see data/codebook.md) and prints
    Krippendorff's alpha and percent agreement per indicator and overall for
    presence, qualifier, value, status and date, then every disagreement.
    Without a second coding it says so and exits 0; a bad row of it is named
    (exit 2).

    \b
    Example:
      lcstudy agreement
    """
    from lcstudy.coding.agreement import agreement as run_agreement
    from lcstudy.coding.codings import SECOND_CODING
    from lcstudy.data.validate import load_valid

    evidence = load_valid(paths)
    try:
        result = run_agreement(paths, evidence)
    except FileNotFoundError:
        click.echo(f"{SECOND_CODING}: no second coding yet (an independent coder makes it "
                   "from data/codebook.md); nothing to compare.")
        return
    table = result.table.assign(agreement=result.table["agreement"].map("{:.0%}".format),
                                alpha=result.table["alpha"].map(_alpha_text))
    click.echo(table.to_string(index=False))
    click.echo(f"\n{len(result.disagreements)} disagreement(s)"
               + (":" if len(result.disagreements) else "."))
    if len(result.disagreements):
        click.echo(result.disagreements.to_string(index=False))


def _alpha_text(alpha: float) -> str:
    """Alpha to three decimals; ``undefined`` where no variation allows it."""
    return "undefined" if alpha != alpha else f"{alpha:.3f}"


@main.group()
def sources() -> None:
    """Register documents of your own; check the coded evidence against the documents.

    \b
    Example:
      lcstudy sources add cork-2024-en.txt --id cork-2024-en --language en \\
          --published 2024-05-02 --title "Cork hosts a learning festival" \\
          --publisher "Cork City Council" --kind press_release --voice city --place cork
      lcstudy sources check path/to/documents
    """


@sources.command("add")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "source_id", required=True, help="Its source_id, cited by facts.")
@click.option("--language", required=True, help="ISO 639-1 code of its language.")
@click.option("--published", required=True, help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--title", required=True, help="Its title, in its language.")
@click.option("--publisher", required=True, help="Who published it.")
@click.option("--kind", required=True, help="press_release, news, statistics or reference.")
@click.option("--voice", required=True, help="city, press, unesco, statistics or reference.")
@click.option("--place", "voice_place_id", default="", help="The city, for --voice city.")
@click.option("--version-of", default="", help="Another language version's source_id.")
@click.option("--translation-of", default="", help="The original's source_id.")
@click.option("--url", default="", help="Where it was published.")
@click.option("--note", default="", help="Coder's note.")
@click.pass_obj
@_reports_bad_data
def sources_add(paths: ProjectPaths, document: Path, **cells: str) -> None:
    """Register DOCUMENT: its sources.csv row and the anchors of the facts citing it.

    Records the document's SHA-256, paragraphs and file name, fills the anchor
    of every fact citing a paragraph of it, checks every stated anchor, then
    validates the whole of data/raw as it would be: only if that is valid are
    sources.csv and facts.csv replaced, together (exit 2 and nothing written
    otherwise). Run it again after adding facts citing the same document: no
    row is added, their anchors are filled. The only command that writes data/raw.

    \b
    Example:
      lcstudy sources add ../my-documents/cork-2024-en.txt --id cork-2024-en \\
          --language en --published 2024-05-02 --title "Cork hosts a learning festival" \\
          --publisher "Cork City Council" --kind press_release --voice city --place cork
    """
    from lcstudy.data.registration import register_document
    from lcstudy.data.validate import validate

    done = register_document(paths, document, validator=validate, **cells)
    verb = "registered at" if done.added else "already registered (same SHA-256) at"
    click.echo(f"{done.source_id}: {verb} data/raw/sources.csv:{done.line}; "
               f"{len(done.anchored)} anchor(s) filled, {done.checked} fact(s) citing it checked.")


@sources.command("check")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
@_reports_bad_data
def sources_check(paths: ProjectPaths, folder: Path) -> None:
    """Verify each document's SHA-256 and paragraphs and each fact's anchor (exit 2 on a difference).

    FOLDER holds the documents, named as in sources.csv (column file) or
    matched by their SHA-256. Every difference names the document, the fact
    and what differs.

    \b
    Example:
      lcstudy sources check ../documents
    """
    from lcstudy.data.provenance import check_documents
    from lcstudy.data.validate import load_valid

    evidence = load_valid(paths)
    problems = check_documents(evidence, folder)
    if problems:
        raise DataError(problems)
    documents = int(evidence.sources["sha256"].notna().sum())
    anchored = int(evidence.facts["anchor"].notna().sum())
    click.echo(f"{documents} documents and {anchored} fact anchors check out.")
