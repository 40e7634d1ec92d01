"""Shared fixtures: a throw-away copy of the project, figures closed after each test, and
the hand-made data that the tests of several modules read (a fresh axes, a tiny raw table,
places and relations, a KFLC framework, units of a coding).

The tests of the shipped study read the project named by ``$LCSTUDY_ROOT`` when
it is set (e.g. a copy with a city added: ``LCSTUDY_ROOT=COPY pytest tests/...``),
else this checkout; they derive what they expect from its ``data/raw``.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from lcstudy.coding.codings import CODING  # noqa: E402
from lcstudy.config import ProjectPaths, project_paths  # noqa: E402
from lcstudy.data.columns import Column, Table  # noqa: E402
from lcstudy.data.csv_reader import read_table  # noqa: E402
from lcstudy.data.evidence import Evidence  # noqa: E402
from lcstudy.data.validate import load_valid  # noqa: E402
from lcstudy.errors import Problem  # noqa: E402

#: The project whose study the tests check (read, never written, by the tests):
#: ``$LCSTUDY_ROOT`` if set, else the checkout the tests sit in.
REPO = project_paths().root


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Close every matplotlib figure a test left open."""
    yield
    plt.close("all")


@pytest.fixture
def ax() -> Axes:
    """A fresh axes (tests of the plot functions)."""
    return plt.figure().add_subplot()


@pytest.fixture(scope="session")
def repo_paths() -> ProjectPaths:
    """The shipped project (read only)."""
    return ProjectPaths(REPO)


CopyProject = Callable[[Path], ProjectPaths]


def _copy_project(root: Path) -> ProjectPaths:
    """Copy data/ (raw, processed, README), notebooks/ and figures/ into ``root``."""
    ignore = shutil.ignore_patterns(".*", "__pycache__")
    for folder in ("data", "notebooks", "figures"):
        source = REPO / folder
        if source.is_dir():
            shutil.copytree(source, root / folder, ignore=ignore)
        else:
            (root / folder).mkdir(parents=True)
    return ProjectPaths(root)


@pytest.fixture(scope="session")
def copy_project() -> CopyProject:
    """The copying function itself, for module-scoped fixtures: ``copy_project(root)``."""
    return _copy_project


@pytest.fixture
def project_copy(tmp_path: Path) -> ProjectPaths:
    """A copy of the project whose root is ``tmp_path``."""
    return _copy_project(tmp_path)


SetCells = Callable[..., int]


@pytest.fixture
def set_cells() -> SetCells:
    """Edit one row of a raw CSV table (in a copy!) with the csv module.

    ``set_cells(paths, "facts", "fact_id", "f003", lower="", upper="")`` changes
    the row whose ``fact_id`` is ``f003`` and returns its line number as a text
    editor shows it. Files are written back with ``\\n`` line ends.
    """

    def edit(paths: ProjectPaths, table: str, key: str, key_value: str, **changes: str) -> int:
        path = paths.raw / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            rows, lines = [], []
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num - (sum(c.count("\n") for c in row)))
        header = rows[0]
        found = [i for i, row in enumerate(rows[1:], 1) if row[header.index(key)] == key_value]
        assert len(found) == 1, f"{key}={key_value} matches {len(found)} rows of {path.name}"
        for column, value in changes.items():
            rows[found[0]][header.index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows(rows)
        return lines[found[0]]

    return edit


# --- a tiny raw table: tests of data.csv_parser, data.cell_checks, data.csv_reader and -----
# --- data.spreadsheets, which read files of it with read_table ---------------------------


class TinyCsv:
    """A small table with one column of each kind of rule, and files of it read.

    :meth:`row` is one CSV line of the good row with some cells changed;
    :meth:`read` writes a file of the table in ``folder`` and reads it with
    :func:`lcstudy.data.csv_reader.read_table`, its problems naming :attr:`file`.
    """

    #: The declaration.
    table = Table(
        "tiny",
        "A row of test cells.",
        (
            Column("key", "id", "An id.", required=True),
            Column("count", "integer", "An integer.", minimum=1),
            Column("amount", "number", "A number.", minimum=0),
            Column("flag", "boolean", "A boolean."),
            Column("when", "partial_date", "A partial date.", minimum=1990, maximum=2030),
            Column("day", "date", "A full date."),
            Column("kind", "text", "An enumeration.", allowed=("a", "b")),
            Column("url", "text", "A patterned text.", pattern=r"https?://\S+"),
            Column("note", "text", "Free text."),
        ),
    )
    #: Its header line, a good row (cell by column) and the file its problems name.
    header = "key,count,amount,flag,when,day,kind,url,note"
    good = {"key": "k-1", "count": "12", "amount": "3.5", "flag": "true", "when": "2021-10",
            "day": "2021-10-08", "kind": "a", "url": "https://example.org/x", "note": "fine"}
    file = "data/raw/tiny.csv"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def row(self, **changes: str) -> str:
        """One CSV line (quoted where needed) of the good row with some cells changed."""
        stream = io.StringIO()
        csv.writer(stream, lineterminator="\n").writerow({**self.good, **changes}.values())
        return stream.getvalue().removesuffix("\n")

    def read(self, content: str | bytes) -> tuple[pd.DataFrame, list[Problem]]:
        """Write ``content`` (text as UTF-8) as the table's file and read it."""
        path = self.folder / "tiny.csv"
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return read_table(self.table, path, self.file)


@pytest.fixture
def tiny_csv(tmp_path: Path) -> TinyCsv:
    """The tiny table (:class:`TinyCsv`), its file written in ``tmp_path``:
    ``tiny_csv.read(f"{tiny_csv.header}\\n{tiny_csv.row(count='x')}\\n")``."""
    return TinyCsv(tmp_path)


# --- hand-made places and relations: tests of exhibits.geo and exhibits.maps ---------------


@pytest.fixture
def places() -> pd.DataFrame:
    """Two study cities, a partner, a network anchored at it, and unlocatable places."""
    return pd.DataFrame({
        "place_id": ["north", "south", "partner", "net", "region", "lost-net"],
        "kind": ["city", "city", "city", "network", "country", "network"],
        "name_en": ["North", "South", "Partner", "The Network", "Region", "Lost"],
        "latitude": [60.0, 36.5, 22.0, None, None, None],
        "longitude": [25.0, 127.0, -101.0, None, None, None],
        "coordinates_source_id": ["s1", "s2", "s3", None, None, None],
        "map_anchor_id": [None, None, None, "partner", None, "region"],
        "study_city": [True, True, False, False, False, False],
    })


@pytest.fixture
def edges() -> pd.DataFrame:
    """Relations: one short, two across the Pacific, one to an unlocated party."""
    return pd.DataFrame({
        "party": ["north", "south", "south", "south"],
        "partner": ["south", "partner", "net", "region"],
        "kind": ["exchange_visits", "partnership_agreements", "partnership_agreements",
                 "international_events"],
        "date": ["2019", "2025-04", "2025-04", "2025-04"],
        "claim": ["c1", "c2", "c3", "c4"],
        "source_ids": ["d1", "d2", "d2", "d2"],
    })


# --- a hand-made KFLC framework: tests of compare.framework and compare.summaries ----------


@pytest.fixture
def kflc() -> pd.DataFrame:
    """A KFLC framework: areas kf1 and kf2 with an area of focus each, kf3 with none."""
    return pd.DataFrame({"kflc_id": ["kf1", "kf1-1", "kf2", "kf2-1", "kf3"],
                         "level": ["area", "focus", "area", "focus", "area"],
                         "parent_id": [None, "kf1", None, "kf2", None]})


@pytest.fixture
def catalogue() -> pd.DataFrame:
    """Indicators on :func:`kflc`'s areas of focus: x and y (per capita) on kf1-1, z on
    kf2-1, w (direction none) on none."""
    return pd.DataFrame({"indicator_id": ["x", "y", "z", "w"],
                         "kflc_id": ["kf1-1", "kf1-1", "kf2-1", None],
                         "direction": ["higher", "higher", "higher", "none"],
                         "per_capita": [False, True, False, False]})


# --- units of a coding: tests of coding.codings and coding.agreement -----------------------


@pytest.fixture(scope="module")
def evidence(repo_paths: ProjectPaths) -> Evidence:
    """The shipped project's evidence, validated (read only; through ``repo_paths``, so a
    test using it is marked ``shipped_data``). A test module may declare its own."""
    return load_valid(repo_paths)


CodingUnit = Callable[..., dict[str, object]]


@pytest.fixture(scope="session")
def coding_unit() -> CodingUnit:
    """One unit of a coding: what a paragraph of espoo-2021-osan-en says of a place.

    ``coding_unit(7, "exchange_visits", "at_least", 4, None, place="osan")``: the row
    a coding gives it (source, paragraph, indicator, place, qualifier, bounds, status
    and period).
    """

    def unit(paragraph: int, indicator: str, qualifier: str, lower: float | None,
             upper: float | None, status: str = "happened", start: str | None = "2021",
             end: str | None = None, place: str = "espoo") -> dict[str, object]:
        return {"source_id": "espoo-2021-osan-en", "paragraph": paragraph,
                "indicator_id": indicator, "place_id": place, "qualifier": qualifier,
                "lower": lower, "upper": upper, "status": status, "period_start": start,
                "period_end": end}

    return unit


WriteCoding = Callable[[Path, list[dict[str, object]]], None]


@pytest.fixture(scope="session")
def write_coding() -> WriteCoding:
    """Write units (rows of :func:`coding_unit`) as a coding's CSV file, in the columns of
    :data:`lcstudy.coding.codings.CODING`: ``write_coding(path, rows)``."""
    columns = [c.name for c in CODING.columns]

    def write(path: Path, rows: list[dict[str, object]]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame(rows).reindex(columns=columns)
        frame.to_csv(path, index=False, float_format="%g")

    return write


#: Test modules marked ``slow`` as a whole (``make test-fast`` leaves them out): each
#: rebuilds or reproduces a project copy, runs subprocesses or fresh interpreters,
#: executes notebooks or drives a browser.
SLOW_MODULES = frozenset({
    "test_add_city", "test_atomic", "test_atomic_kill", "test_bad_inputs", "test_book",
    "test_cli", "test_fuzz", "test_init", "test_install", "test_notebooks", "test_permutation",
    "test_reproduce", "test_template",
})
#: Single tests marked ``slow``: the joint factorial run whole (seconds each).
SLOW_TESTS = frozenset({
    "test_robustness.py::test_every_variant_runs_through_the_one_engine",
    "test_robustness.py::test_every_run_has_every_city_group_and_pair",
})
#: Modules that check the shipped study against rules derived from data/raw
#: (they also run on a copy named by ``$LCSTUDY_ROOT``): marked ``shipped_data``.
SHIPPED_DATA_MODULES = frozenset({"test_exhibits", "test_processed", "test_datapackage"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``slow`` and ``shipped_data`` tests (see the sets above), and every test
    reading the shipped project through the ``repo_paths`` fixture ``shipped_data``."""
    for item in items:
        module = item.path.stem
        name = f"{item.path.name}::{item.originalname if isinstance(item, pytest.Function) else item.name}"
        if module in SLOW_MODULES or name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if module in SHIPPED_DATA_MODULES or "repo_paths" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shipped_data)
