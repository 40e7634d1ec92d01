"""The study as one object: ``lc.open_study()`` and the comparisons drawn from it.

:func:`open_study` loads a project's valid evidence and gives everything a
notebook needs about it: the paths, the study cities and every place's name,
the indicator catalogue and the processed tables. :meth:`Study.compare`
returns a :class:`Comparison` of any selection of cities, indicators and
measures; :meth:`Study.with_choices` reruns the study under other analyst
choices (:class:`lcstudy.compare.choices.Choices`), in memory.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument
from lcstudy.coding.claim_sums import COMPARED_MEASURES
from lcstudy.compare.choices import Choices
from lcstudy.config import ProjectPaths, project_paths, raw_file
from lcstudy.data.csv_writer import csv_text
from lcstudy.data.evidence import Evidence
from lcstudy.data.processed import read_processed, typed_table
from lcstudy.data.validate import load_valid
from lcstudy.intervals import state_label
from lcstudy.pipeline.build import compute

__all__ = ["Comparison", "Study", "open_study"]


def _check_choice(parameter: str, values: Sequence[str], allowed: Sequence[str], where: str
                  ) -> None:
    """Raise a ValueError naming ``parameter``, the values not allowed and the allowed ones."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"{parameter}: {', '.join(map(repr, unknown))} not in {where}; "
                         f"expected one of {', '.join(allowed)}")


def _checked_choices(choices: Choices, changes: Mapping[str, object],
                    population: pd.DataFrame) -> Choices:
    """``choices`` with ``changes``, if they name fields of :class:`Choices` (else a
    TypeError) and a series and definition that ``population`` has figures of (else a
    ValueError), naming the options."""
    fields = [f.name for f in dataclasses.fields(Choices)]
    for name in changes:  # a TypeError, as for any unexpected keyword, naming the fields
        if name not in fields:
            raise TypeError(f"with_choices() got an unexpected keyword {name!r}; the fields of "
                            f"Choices are {', '.join(map(repr, fields))}")
    chosen = dataclasses.replace(choices, **changes)  # type: ignore[arg-type]
    check_argument("series", chosen.series, list(dict.fromkeys(population["series"].dropna())))
    if chosen.definition is not None:
        figures = population.loc[population["series"] == chosen.series, "definition"]
        check_argument("definition", chosen.definition, list(dict.fromkeys(figures.dropna())))
    return chosen


@dataclass(frozen=True)
class Comparison:
    """A selection of cities, indicators and measures, as the comparability model holds it.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per measure, indicator and city (in that nesting), the city's
        value over the period its own evidence covers (``knowledge.csv``):
        ``place_id``, ``indicator_id``, ``measure``, ``period``, ``rounds``,
        ``state``, ``lower``, ``upper`` (``inf``: a lower bound) and the kept
        provenance columns (``source_ids``).
    pairs : pandas.DataFrame
        One row per measure, indicator and pair of the selected cities
        (``comparability.csv``): the ``period`` compared, both sides' states
        and intervals in it, the ``verdict``, ``better``, ``reason_code`` and
        ``reason``.
    cities, indicators, measures : list of str
        The selection, in display order.
    names : mapping of str to str
        Display name of each city.
    labels : mapping of str to str
        Label of each indicator.
    study_cities : list of str
        The study's cities in their order (which fixes their colours in figures).
    """

    data: pd.DataFrame
    pairs: pd.DataFrame
    cities: list[str]
    indicators: list[str]
    measures: list[str]
    names: Mapping[str, str]
    labels: Mapping[str, str]
    study_cities: list[str] = field(default_factory=list)

    def table(self, *, decimals: int = 2) -> pd.DataFrame:
        """The comparison exactly as the model holds it, in interval notation.

        One row per indicator (and measure, when several): each city's value
        over its own period (``≥7 (2013-2021)``, ``0`` a known zero, ``?`` not
        reported), then each pair's verdict over the period both cover
        (``Osan ahead, 2017-2024: 0 vs 1``, ``undecided, 2018-2021: ≥1 vs ≥2``)
        or its refusal with the reason (``not comparable: no common period:
        ...``). Never an ordering the model does not draw.
        """
        index = "indicator_id" if len(self.measures) == 1 else ["indicator_id", "measure"]
        keys = ["indicator_id", "measure"]
        ordered = self.panel_order()
        values = ordered.assign(_label=[
            state_label(s, lo, hi, decimals=decimals) + _period_note(p, r)
            for s, lo, hi, p, r in zip(ordered["state"], ordered["lower"], ordered["upper"],
                                       ordered["period"], ordered["rounds"], strict=True)])
        table = values.pivot_table(index=keys, columns="place_id", values="_label",
                                   aggfunc="first", sort=False)[self.cities]
        table.columns = [self.names.get(c, c) for c in self.cities]
        for row in self.pairs.itertuples(index=False):
            name = f"{self.names.get(row.city_a, row.city_a)} vs {self.names.get(row.city_b, row.city_b)}"
            table.loc[(row.indicator_id, row.measure), name] = _verdict_label(
                row, self.names, decimals)
        table = table.reset_index()
        if isinstance(index, str):
            table = table.drop(columns="measure")
        return table.set_index(index).fillna("")

    def panel_order(self) -> pd.DataFrame:
        """``data`` ordered by indicator, then measure, then city."""
        rank = {indicator: n for n, indicator in enumerate(self.indicators)}
        return self.data.sort_values("indicator_id", key=lambda ids: ids.map(rank), kind="stable")


def _period_note(period: object, rounds: object) -> str:
    """`` (2017-2024, 4 rounds)``, `` (2013-2021)``, or nothing without a period."""
    if not isinstance(period, str) or not period:
        return ""
    counted = f", {int(rounds)} rounds" if isinstance(rounds, float) and rounds == rounds else ""
    return f" ({period}{counted})"


def _verdict_label(row: object, names: Mapping[str, str], decimals: int) -> str:
    """A pair's verdict as a table cell: its order and period, or the refusal and its reason."""
    get = row.__getattribute__
    if get("verdict") == "not_comparable":
        return f"not comparable: {get('reason')}"
    sides = " vs ".join(state_label(get(f"{s}_state"), get(f"{s}_lower"), get(f"{s}_upper"),
                                    decimals=decimals) for s in ("a", "b"))
    rounds = get("rounds")
    period = get("period") + (f", {int(rounds)} rounds" if rounds == rounds else "")
    if get("verdict") in ("higher", "lower"):
        better = get("better")
        return f"{names.get(better, better)} ahead, {period}: {sides}"
    return f"{str(get('verdict'))}, {period}: {sides}"


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
        memory under others; typed alike either way. The coding's agreement
        tables (``agreement``, ``disagreements``) depend on no choice and are
        always read.
        """
        if self._computed is None or f"{name}.csv" not in self._computed:
            return read_processed(name, self.paths)
        return typed_table(f"{name}.csv", io.StringIO(csv_text(self._computed[f"{name}.csv"])))

    def compare(self, cities: Sequence[str] | None = None,
                indicators: Sequence[str] | None = None,
                measure: str | Sequence[str] = "total",
                keep: Sequence[str] = ("source_ids",)) -> Comparison:
        """Compare cities on key features, as the comparability model holds them.

        Parameters
        ----------
        cities : sequence of str, optional
            Study cities to compare (default: all), in display order.
        indicators : sequence of str, optional
            Key features (default: all), in display order.
        measure : str or sequence of str
            ``total`` or ``per_100k`` (the measures the model compares), or
            both; ``per_100k`` covers the per-capita indicators only.
        keep : sequence of str
            Provenance columns of ``knowledge.csv`` to carry along.

        Returns
        -------
        Comparison

        Raises
        ------
        ValueError
            Naming a city, indicator, measure or column that is not in the model.

        Examples
        --------
        >>> study = open_study()  # doctest: +SKIP
        >>> study.compare(study.cities[:2], ["partnership_agreements"]).table()  # doctest: +SKIP
        """
        cities = list(self.cities if cities is None else cities)
        indicators = list(self.key_features if indicators is None else indicators)
        measures = [measure] if isinstance(measure, str) else list(measure)
        _check_choice("cities", cities, self.cities, "the study cities (study_city in "
                      + raw_file("places.csv") + ")")
        _check_choice("indicators", indicators, self.key_features,
                      "the key features (a direction in " + raw_file("indicators.csv") + ")")
        _check_choice("measure", measures, list(COMPARED_MEASURES), "the compared measures")
        cells = self.table("knowledge")
        _check_choice("keep", list(keep), list(cells.columns), "knowledge.csv")
        chosen = cells["place_id"].isin(cities) & cells["indicator_id"].isin(indicators) \
            & cells["measure"].isin(measures)
        columns = ["place_id", "indicator_id", "measure", "period", "rounds", "state", "lower",
                   "upper", *[k for k in keep if k not in ("place_id", "indicator_id")]]
        data = cells.loc[chosen, list(dict.fromkeys(columns))]
        order = {(i, m, c): n for n, (m, i, c) in enumerate(
            (m, i, c) for m in measures for i in indicators for c in cities)}
        data = data.iloc[np.argsort([order[k] for k in zip(
            data["indicator_id"], data["measure"], data["place_id"], strict=True)],
            kind="stable")].reset_index(drop=True)
        pairs = self.table("comparability")
        pairs = pairs[pairs["city_a"].isin(cities) & pairs["city_b"].isin(cities)
                      & pairs["indicator_id"].isin(indicators) & pairs["measure"].isin(measures)]
        return Comparison(data=data, pairs=pairs.reset_index(drop=True), cities=cities,
                          indicators=indicators, measures=measures,
                          names=self.names.to_dict(), labels=self.catalogue["label"].to_dict(),
                          study_cities=self.cities)

    def with_choices(self, **changes: object) -> Study:
        """The same study under other analyst choices (fields of :class:`Choices`).

        Raises
        ------
        TypeError
            For a field :class:`Choices` does not have, naming the fields.
        ValueError
            For a ``series`` without
            figures in ``population.csv``, or a ``definition`` without figures
            of the series chosen, naming the valid options (and as
            :class:`Choices` raises for ``normalisation`` and ``window``).

        Examples
        --------
        >>> open_study().with_choices(series="press").choices.series  # doctest: +SKIP
        'press'
        """
        choices = _checked_choices(self.choices, changes, self.evidence.population)
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
