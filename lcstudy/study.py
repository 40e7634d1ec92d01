"""The study as one object: ``lc.open_study()`` and the comparisons drawn from it.

:func:`open_study` loads a project's valid evidence and gives everything a
notebook needs about it: the paths, the study cities and every place's name,
the indicator catalogue and the processed tables. :meth:`Study.compare`
returns a :class:`Comparison` of any selection of cities, indicators and
measures; :meth:`Study.with_choices` reruns the study under other analyst
choices (:class:`lcstudy.indicators.Choices`), in memory.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from lcstudy.build import compute, csv_text
from lcstudy.config import ProjectPaths, project_paths, raw_file
from lcstudy.evidence import Evidence
from lcstudy.indicators import MEASURES, Choices, coverage_table
from lcstudy.intervals import interval_table
from lcstudy.normalisation import normalise
from lcstudy.population import population_confidence
from lcstudy.processed import read_processed, typed_table
from lcstudy.validate import load_valid

__all__ = ["Comparison", "Study", "open_study"]

#: Which indicator attribute a measure other than the total needs.
_MEASURE_NEEDS = {"per_100k": "per_capita", "per_km2": "per_area"}


def _check_choice(parameter: str, values: Sequence[str], allowed: Sequence[str], where: str
                  ) -> None:
    """Raise a ValueError naming ``parameter``, the values not allowed and the allowed ones."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"{parameter}: {', '.join(map(repr, unknown))} not in {where}; "
                         f"expected one of {', '.join(allowed)}")


@dataclass(frozen=True)
class Comparison:
    """A selection of cities, indicators and measures, with every cell's interval and sources.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per measure, indicator and city (in that nesting): ``place_id``,
        ``indicator_id``, ``status`` (known, bounded, unknown), ``lower``,
        ``upper``, the provenance columns (``source_ids``, ``population_used``
        and, with it, ``population_confidence``: the confidences of the
        population figures divided by) and ``measure``.
    cities, indicators, measures : list of str
        The selection, in display order.
    study_cities : list of str
        The study's cities in their order (which fixes their colours in figures).
    names : mapping of str to str
        Display name of each city.
    labels : mapping of str to str
        Label of each indicator.
    """

    data: pd.DataFrame
    cities: list[str]
    indicators: list[str]
    measures: list[str]
    names: Mapping[str, str]
    labels: Mapping[str, str]
    study_cities: list[str] = field(default_factory=list)

    def table(self, *, decimals: int = 2) -> pd.DataFrame:
        """The comparison in interval notation: ``6``, ``2–4``, ``≥101``, ``?`` (not known).

        Rows are indicators (and measures, when several), columns the cities' names.
        """
        index = "indicator_id" if len(self.measures) == 1 else ["indicator_id", "measure"]
        ordered = self.panel_order()
        table = interval_table(ordered, index=index, columns="place_id", decimals=decimals)
        return table.rename(columns=dict(self.names))

    def ranks(self) -> pd.DataFrame:
        """Best and worst rank each known city can take (1 = highest), per indicator and measure."""
        known = self.data[self.data["status"] != "unknown"]
        ranked = normalise(known, "rank", by=("indicator_id", "measure"), direction=None)
        return ranked.assign(best_rank=ranked["normalised_lower"].astype(int),
                             worst_rank=ranked["normalised_upper"].astype(int))[
            ["indicator_id", "measure", "place_id", "best_rank", "worst_rank"]]

    def panel_order(self) -> pd.DataFrame:
        """``data`` ordered by indicator, then measure, then city."""
        rank = {indicator: n for n, indicator in enumerate(self.indicators)}
        return self.data.sort_values("indicator_id", key=lambda ids: ids.map(rank), kind="stable")


@dataclass(frozen=True)
class Study:
    """One copy of the project: its valid evidence, choices and processed tables.

    Create it with :func:`open_study`.

    Attributes
    ----------
    paths : ProjectPaths
        Where the project lives.
    evidence : Evidence
        The valid raw tables.
    choices : Choices
        The analyst's choices the tables follow.
    """

    paths: ProjectPaths
    evidence: Evidence
    choices: Choices = Choices()
    _computed: dict[str, pd.DataFrame] | None = field(default=None, repr=False, compare=False)

    @property
    def cities(self) -> list[str]:
        """The study cities, in the order of ``places.csv``."""
        return self.evidence.study_cities

    @property
    def names(self) -> pd.Series:
        """English name of every place, by ``place_id``."""
        return self.evidence.place_names

    @cached_property
    def catalogue(self) -> pd.DataFrame:
        """The indicator catalogue (``indicators.csv``), indexed by ``indicator_id``."""
        return self.evidence.indicators.set_index("indicator_id")

    @property
    def key_features(self) -> list[str]:
        """Indicators of UNESCO's Key Features (a direction: higher or lower is better)."""
        return self.catalogue.index[self.catalogue["direction"] != "none"].tolist()

    @property
    def per_capita(self) -> list[str]:
        """Indicators given per 100 000 residents."""
        return self.catalogue.index[self.catalogue["per_capita"]].tolist()

    def table(self, name: str) -> pd.DataFrame:
        """A processed table (``claims``, ``indicators``, ``comparison``, ``edges``, ``timeline``).

        Read from ``data/processed`` under the default choices, computed in
        memory under others; typed alike either way.
        """
        if self._computed is None:
            return read_processed(name, self.paths)
        return typed_table(f"{name}.csv", io.StringIO(csv_text(self._computed[f"{name}.csv"])))

    def compare(self, cities: Sequence[str] | None = None,
                indicators: Sequence[str] | None = None,
                measure: str | Sequence[str] = "total",
                keep: Sequence[str] = ("source_ids", "population_used")) -> Comparison:
        """Compare cities on indicators.

        Parameters
        ----------
        cities : sequence of str, optional
            Places to compare (default: the study cities), in display order.
        indicators : sequence of str, optional
            Indicators (default: the key features), in display order.
        measure : str or sequence of str
            ``total``, ``per_100k``, ``per_km2`` or ``per_year``, or several;
            a per-capita or per-area measure covers only the indicators
            defined so.
        keep : sequence of str
            Provenance columns of ``indicators.csv`` to carry along; with
            ``population_used`` comes ``population_confidence``.

        Returns
        -------
        Comparison

        Raises
        ------
        ValueError
            Naming a city, indicator or measure that is not in the data.

        Examples
        --------
        >>> study = open_study()  # doctest: +SKIP
        >>> study.compare(study.cities[:2], ["partnership_agreements"]).table()  # doctest: +SKIP
        """
        cities = list(self.cities if cities is None else cities)
        indicators = list(self.key_features if indicators is None else indicators)
        measures = [measure] if isinstance(measure, str) else list(measure)
        _check_choice("cities", cities, self.names.index.tolist(), raw_file("places.csv"))
        _check_choice("indicators", indicators, self.catalogue.index.tolist(),
                      raw_file("indicators.csv"))
        _check_choice("measure", measures, list(MEASURES), "the measures")
        tidy = self.table("indicators")
        carried = list(keep)
        confidence = "population_used" in carried
        if confidence and "population_source_ids" not in carried:
            carried.append("population_source_ids")
        parts = []
        for name in measures:
            chosen = indicators
            if name in _MEASURE_NEEDS:
                chosen = [i for i in indicators if self.catalogue.loc[i, _MEASURE_NEEDS[name]]]
            cells = coverage_table(tidy, cities=cities, indicator_ids=chosen, measure=name,
                                   keep=carried)
            if confidence:
                cells = cells.assign(
                    population_confidence=population_confidence(cells, self.evidence.population))
                if "population_source_ids" not in keep:
                    cells = cells.drop(columns="population_source_ids")
            parts.append(cells.assign(measure=name))
        return Comparison(data=pd.concat(parts, ignore_index=True), cities=cities,
                          indicators=indicators, measures=measures,
                          names=self.names.to_dict(), labels=self.catalogue["label"].to_dict(),
                          study_cities=list(self.cities))

    def with_choices(self, **changes: object) -> Study:
        """The same study under other analyst choices (fields of :class:`Choices`).

        Examples
        --------
        >>> open_study().with_choices(series="press").choices.series  # doctest: +SKIP
        'press'
        """
        choices = dataclasses.replace(self.choices, **changes)  # type: ignore[arg-type]
        computed = None if choices == Choices() else compute(self.evidence, choices)
        return Study(self.paths, self.evidence, choices, computed)


def open_study(root: str | Path | None = None) -> Study:
    """Open a copy of the project and check its raw data.

    Parameters
    ----------
    root : str or Path, optional
        The project folder (default: :func:`lcstudy.config.project_paths`).

    Returns
    -------
    Study

    Raises
    ------
    DataError
        If ``data/raw`` is invalid, listing every problem.
    """
    paths = project_paths(root)
    return Study(paths, load_valid(paths))
