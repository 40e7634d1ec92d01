"""The README's library example prints what the README says it prints.

The README shows what the example prints on the shipped data, so this test runs
it on this checkout's own data/raw even when ``$LCSTUDY_ROOT`` names a copy with
other cities (``make test-cities``): on other data the README's claim does not apply.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

#: The checkout whose README and shipped data are checked.
CHECKOUT = Path(__file__).resolve().parents[1]
README = (CHECKOUT / "README.md").read_text(encoding="utf-8")


def test_the_four_line_example_prints_the_readme_text(monkeypatch) -> None:
    section = README.split("## The library in four lines", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S)
    shown = re.search(r"prints \(the shipped data\):\n\n```text\n(.*?)\n```", section, flags=re.S)
    assert code and shown, "the README keeps its four-line example and its output"
    *statements, last = [line for line in code.group(1).splitlines() if line.strip()]
    monkeypatch.setenv("LCSTUDY_ROOT", str(CHECKOUT))
    namespace: dict[str, object] = {}
    exec("\n".join(statements), namespace)  # noqa: S102 - the README's own code
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        printed = str(eval(last.split("#")[0], namespace))  # noqa: S307
    assert [line.rstrip() for line in printed.splitlines()] == shown.group(1).splitlines()
