"""The data dictionary documents every declared column, and data/README.md carries it."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from lcstudy.data.datapackage import PROCESSED
from lcstudy.data.schema import RAW_TABLES
from lcstudy.pipeline.dictionary import MARKER, data_dictionary, update_readme

REPO = Path(__file__).resolve().parents[1]
_PIPE = re.compile(r"(?<!\\)\|")


def _sections() -> dict[str, str]:
    """Dictionary text by heading (``data/raw/facts.csv`` ...)."""
    parts = data_dictionary().split("\n### ")[1:]
    return {part.split("\n", 1)[0]: part for part in parts}


def test_one_section_per_table():
    assert list(_sections()) == [f"data/raw/{t.file_name}" for t in RAW_TABLES] + [
        f"data/processed/{name}" for name in PROCESSED]


@pytest.mark.parametrize("table", RAW_TABLES, ids=[t.name for t in RAW_TABLES])
def test_every_raw_column_documented(table):
    section = _sections()[f"data/raw/{table.file_name}"]
    assert table.description in section
    for column in table.columns:
        required = "yes" if column.required else "no"
        assert f"| `{column.name}` | {column.type} | {required} |" in section, column.name
    if table.key:
        assert f"Unique key: {', '.join(table.key)}." in section


@pytest.mark.parametrize("name", list(PROCESSED))
def test_every_processed_column_documented(name):
    section = _sections()[f"data/processed/{name}"]
    for field in PROCESSED[name].columns:
        assert f"| `{field.name}` | {field.type} | {field.unit} |" in section, field.name
    if name == "comparison.csv":
        assert "`<city>_lower` and `<city>_upper`" in section


def test_table_rows_have_the_header_cell_count():
    rows = [line for line in data_dictionary().splitlines() if line.startswith("|")]
    assert rows
    width = 0
    for line in rows:
        cells = len(_PIPE.split(line))
        if line.startswith("| column |"):
            width = cells
        assert cells == width, line


def test_allowed_values_and_bounds_documented():
    facts = _sections()["data/raw/facts.csv"]
    assert "`exact`, `at_least`, `more_than`, `about`, `a_few`, `several`" in facts
    assert "an id in `places.place_id`" in facts
    population = _sections()["data/raw/population.csv"]
    assert "min 1990; max 2030" in population


def test_readme_is_up_to_date():
    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert text.count(MARKER) == 1
    assert text.endswith(MARKER + "\n\n" + data_dictionary())


def test_update_readme_leaves_an_up_to_date_file_alone(project_copy):
    readme = project_copy.root / "data" / "README.md"
    before = readme.read_bytes()
    assert update_readme(readme) is False
    assert readme.read_bytes() == before


def test_update_readme_rewrites_below_the_marker_only(project_copy):
    readme = project_copy.root / "data" / "README.md"
    head = readme.read_text(encoding="utf-8").split(MARKER)[0]
    readme.write_text(head + MARKER + "\n\nstale dictionary\n", encoding="utf-8")
    readme.chmod(0o644)
    assert update_readme(readme) is True
    assert readme.read_text(encoding="utf-8") == head + MARKER + "\n\n" + data_dictionary()
    assert stat.S_IMODE(readme.stat().st_mode) & 0o044 == 0o044  # still readable by others


def test_update_readme_needs_the_marker(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Data\n", encoding="utf-8")
    with pytest.raises(ValueError, match="data dictionary"):
        update_readme(readme)
    assert readme.read_text(encoding="utf-8") == "# Data\n"
