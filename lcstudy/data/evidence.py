"""The evidence: a project's raw tables, loaded and cell-checked (:class:`Evidence`).

:func:`load_evidence` reads every raw table (:mod:`lcstudy.data.csv_reader`) into
one :class:`Evidence`; each frame is indexed by ``line``, the line of the CSV
file the row came from, as a text editor numbers it (the header is line 1).
Problems are collected, not raised one at a time, so a user sees all of them
in one run. :attr:`Evidence.study_cities` is the one answer to "which are the
study cities".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lcstudy.config import ProjectPaths
from lcstudy.data.csv_reader import read_raw_tables
from lcstudy.errors import Problem

__all__ = ["Evidence", "StudyCities", "load_evidence"]


class StudyCities(list[str]):
    """The study cities' ids in ``places.csv`` order, with their colour numbers.

    A plain list of ids, so every function taking the study cities takes it;
    ``colour_numbers`` holds the ``places.colour`` of the cities that give one,
    which :func:`lcstudy.exhibits.style.city_colours` follows.

    Examples
    --------
    >>> cities = StudyCities(["a", "b"], {"b": 1})
    >>> cities, cities.colour_numbers
    (['a', 'b'], {'b': 1})
    """

    def __init__(self, cities: Iterable[str] = (), colour_numbers: Mapping[str, int] | None = None
                 ) -> None:
        super().__init__(cities)
        self.colour_numbers: dict[str, int] = dict(colour_numbers or {})


@dataclass(frozen=True)
class Evidence:
    """The raw tables of one project, loaded and cell-checked.

    Attributes
    ----------
    sources, places, population, indicators, facts, award_winners : pandas.DataFrame
        One frame per table of :data:`lcstudy.data.schema.RAW_TABLES`, indexed by line.
    kflc, complete_lists, list_entries, population_definitions, searches : pandas.DataFrame
        The framework, the complete lists, the population definitions and the
        searches of reference works (empty when not given, as in hand-made
        test evidence).
    """

    sources: pd.DataFrame
    places: pd.DataFrame
    population: pd.DataFrame
    indicators: pd.DataFrame
    facts: pd.DataFrame
    award_winners: pd.DataFrame
    kflc: pd.DataFrame = field(default_factory=pd.DataFrame)
    complete_lists: pd.DataFrame = field(default_factory=pd.DataFrame)
    list_entries: pd.DataFrame = field(default_factory=pd.DataFrame)
    population_definitions: pd.DataFrame = field(default_factory=pd.DataFrame)
    searches: pd.DataFrame = field(default_factory=pd.DataFrame)
    _codes: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame:
        """Return the frame of the table called ``name``."""
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def codes(self, table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """One column as :func:`pandas.factorize` gives it, computed once.

        The checks across rows read the same columns many times; the frames
        are never changed once loaded (:func:`load_evidence` gives the codes
        of the text columns the readers found).

        Returns
        -------
        codes : numpy.ndarray
            Per row, the position of its value in ``distinct``; -1 where missing.
        distinct : numpy.ndarray
            The distinct values (object array), in the order they first appear.
        """
        key = (table, column)
        if key not in self._codes:
            cells = self.table(table)[column]
            # a text column through its objects (pd.NA missing): the same codes, found faster
            codes, distinct = pd.factorize(np.asarray(cells.array)
                                           if cells.dtype == "string" else cells)
            self._codes[key] = codes, np.asarray(distinct, dtype=object)
        return self._codes[key]

    @property
    def study_cities(self) -> StudyCities:
        """The compared cities: ``study_city`` true in ``places.csv``, in file order.

        The one answer to "which are the study cities" that every table,
        figure and check of the package follows. The list carries each city's
        ``colour`` number (:func:`lcstudy.exhibits.style.city_colours`).
        """
        chosen = self.places["study_city"].fillna(False).astype(bool)
        rows = self.places.loc[chosen]
        colours = rows["colour"] if "colour" in rows else pd.Series(pd.NA, index=rows.index)
        numbers = {p: int(n) for p, n in zip(rows["place_id"], colours, strict=True)
                   if pd.notna(n)}
        return StudyCities(rows["place_id"].tolist(), numbers)

    @property
    def counts_as(self) -> dict[str, str]:
        """Whom each population definition counts (``population_definitions.counts_as``).

        Per-capita values are compared only between definitions with the same
        ``counts_as`` that is not :data:`lcstudy.data.vocabularies.NOT_STATED`
        (:func:`lcstudy.compare.comparability.knowledge`).
        """
        table = self.population_definitions
        if table.empty:
            return {}
        return dict(zip(table["definition_id"], table["counts_as"], strict=True))

    @property
    def place_names(self) -> pd.Series:
        """English name of every place, indexed by ``place_id``."""
        return self.places.set_index("place_id")["name_en"]


def load_evidence(paths: ProjectPaths) -> tuple[Evidence, list[Problem]]:
    """Load every raw table of a project.

    Parameters
    ----------
    paths : ProjectPaths
        The project to read.

    Returns
    -------
    evidence : Evidence
        The typed tables (rows or cells with problems left out or missing).
    problems : list of Problem
        Structural and cell problems of every file.

    See Also
    --------
    lcstudy.data.validate.validate : adds the checks across rows and tables.
    """
    frames, problems, codes = read_raw_tables(paths)
    evidence = Evidence(**frames)
    evidence._codes.update(codes)  # the readers' codes of the text columns, as codes() finds
    return evidence, problems


