"""The one exception for bad data, and the problems it reports."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Problem", "DataError", "REFUSED_WRITES"]

#: Error numbers of a file system that refuses what is written (full, over quota,
#: read-only, not ours): the commands report them in one message, exit status 2.
REFUSED_WRITES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as a text editor shows it.

    Parameters
    ----------
    file : str
        File name relative to the project root, e.g. ``data/raw/facts.csv``.
    line : int
        Line number (1 is the header of a CSV file); 0 when the whole file is meant.
    column : str
        Column name, or ``-`` when the problem is not about one column.
    value : str
        The offending value as written (``''`` for an empty cell).
    expected : str
        What was expected instead.

    Examples
    --------
    >>> str(Problem("data/raw/facts.csv", 7, "lower", "3,5", "a number such as 3.5"))
    "data/raw/facts.csv:7: lower: '3,5': expected a number such as 3.5"
    """

    file: str
    line: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.value!r}: expected {self.expected}"


class DataError(ValueError):
    """Raised when input data is invalid; carries every problem found.

    Parameters
    ----------
    problems : iterable of Problem
        The problems, reported in file and line order.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
