"""One vocabulary: the glossary of data/README.md names exactly the words the code uses."""

from __future__ import annotations

import re

from lcstudy.compare import comparability, dominance, factorial
from lcstudy.config import project_paths
from lcstudy.intervals import STATES


def _glossary() -> set[str]:
    readme = (project_paths().root / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    words: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            words |= set(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return words


def test_the_glossary_holds_every_state_and_verdict_and_nothing_else() -> None:
    used = (set(STATES) | set(comparability.VERDICTS) | set(dominance.VERDICTS)
            | set(factorial.PAIR_VERDICTS) | {"possibly_better", "possibly_worse"})
    assert _glossary() == used


def test_every_verdict_is_one_word_in_snake_case() -> None:
    for word in (*comparability.VERDICTS, *dominance.VERDICTS, *factorial.PAIR_VERDICTS):
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", word), word
