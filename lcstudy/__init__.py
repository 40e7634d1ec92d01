"""lcstudy: comparable, cited indicators for UNESCO learning cities.

Four lines compare any selection of cities::

    import lcstudy as lc
    study = lc.open_study()
    comparison = study.compare(cities=study.cities[:2], indicators=["partnership_agreements"])
    comparison.table()

The public names, re-exported flat (seaborn style):

- the study: :func:`open_study`, :class:`Study`, :class:`Comparison`, :class:`Choices`;
- the construction steps, each in the OECD/JRC Handbook's words:
  :func:`per_capita`, :func:`per_area`, :func:`annualise` (denomination),
  :func:`normalise` (normalisation across cities, module ``normalisation``);
- intervals: :func:`interval_label`, :func:`interval_table`, :func:`state_label` (what
  every exhibit writes for a value the model holds: ``≥ n`` for a lower bound);
- figures: :func:`paper_style`, :func:`new_figure`, :func:`save_figure`,
  :func:`show_saved`, :func:`city_colours` (each study city's colour), and the
  plots :func:`dot_interval`, :func:`range_plot`,
  :func:`coverage_matrix`, :func:`interval_legend`, :func:`comparison_grid`
  (the panel grid of a comparison), :func:`network_map`;
- bad data: :class:`DataError`.

Matplotlib, geopandas and the map code are imported on first use, so
``import lcstudy`` stays fast.

The layout
----------
The package is cut by the stages of the study, from a raw table to a figure:

1. shared helpers, at the top level: ``config`` (paths), ``errors``, ``atomic``
   (writes that are all or nothing), ``arguments``, ``dates``, ``intervals``
   (the states of knowledge and their labels), ``groups``;
2. :mod:`lcstudy.data`: the tables of ``data/raw`` read, checked and loaded
   into one ``Evidence``, and the processed tables described and read back;
3. :mod:`lcstudy.coding`: the coded facts as claims, the second coding and the
   agreement between the two;
4. :mod:`lcstudy.compare`: the analyst's choices, each city's evidence period,
   the one comparability engine (pair verdicts over the years both cities
   cover), the summaries per KFLC area, the joint factorial and the result
   sentences;
5. :mod:`lcstudy.pipeline`: ``data/processed`` built, notebooks run, outputs
   verified (the main job);
6. ``study``, at the top level: the study as readers use it (``open_study``);
7. :mod:`lcstudy.exhibits`: house style, figures, paper tables and maps;
8. ``cli`` and ``__main__``: the ``lcstudy`` command.

Layout rules for contributors
-----------------------------
- One module per concept, named in the field's words. Data flows one way,
  and no module imports one further down this line: ``config``, ``errors``,
  ``atomic``, ``arguments``, ``dates``, ``intervals``, ``groups`` (shared
  helpers) -> ``data.vocabularies`` (the values some columns allow) ->
  ``data.columns`` (how a table is declared) -> ``data.schema`` (raw tables)
  -> ``data.datapackage`` (processed tables) -> ``data.spreadsheets`` (what
  spreadsheets write) -> ``data.cell_checks`` (each cell against its column)
  -> ``data.csv_parser`` (a CSV file's structure) -> ``data.csv_reader``
  (reading raw CSV) -> ``data.csv_writer`` (deterministic CSV) ->
  ``data.evidence`` (loading) -> ``data.provenance`` (documents against their
  hashes) -> ``data.registration`` (a document of one's own) ->
  ``data.population`` -> ``data.checking`` (what the checks share)
  -> ``data.fact_checks``, ``data.list_checks``, ``data.place_checks`` (the rule
  groups) -> ``data.validate`` (every check) -> ``data.processed`` (processed
  tables read back) -> ``coding.codings`` (two codings as units) ->
  ``coding.agreement`` (how far they agree) -> ``coding.lists`` ->
  ``coding.claims`` -> ``coding.claim_sums`` (claims summed over periods) ->
  ``coding.denominate`` -> ``coding.voices`` (whose documents) ->
  ``compare.choices`` (the analyst's choices) -> ``compare.indicators`` ->
  ``compare.periods`` -> ``compare.reasons`` (why a pair gets its verdict) ->
  ``compare.comparability`` -> ``compare.framework``
  (the KFLC areas) -> ``compare.normalisation`` -> ``compare.relations`` ->
  ``compare.sensitivity`` -> ``compare.aggregate``, ``compare.dominance``,
  ``compare.design`` (the full factorial), ``compare.variance`` (exact effect
  shares) -> ``compare.summaries`` (per KFLC area) ->
  ``compare.factorial`` (its runs and what they show) -> ``compare.robustness``
  (the joint factorial run) -> ``compare.findings`` (result
  sentences) -> ``pipeline.build`` -> ``pipeline.outputs`` (which files are
  the study's) -> ``pipeline.notebooks`` -> ``pipeline.reproduce`` ->
  ``pipeline.dictionary`` -> ``study`` -> ``exhibits.style`` (house style) ->
  ``exhibits.figures`` (saving) -> ``exhibits.tables`` ->
  ``exhibits.paper_tables`` (the paper's tables) -> ``exhibits.plots``,
  ``exhibits.coverage_plot``, ``exhibits.comparability_plot``,
  ``exhibits.timeline_plot``, ``exhibits.gnlc_plot``,
  ``exhibits.population_plot``, ``exhibits.robustness_plot``, ``exhibits.geo``
  (map layers), ``exhibits.maps`` -> ``cli`` -> ``__main__``.
- Paths come from :mod:`lcstudy.config` only; "which are the study cities"
  from :attr:`lcstudy.data.evidence.Evidence.study_cities` only.
- Transforms take a DataFrame and return a new one; they never mutate their
  input. Plot functions are ``f(data, *, ..., ax=None, **kwargs) -> Axes`` and
  never show or save.
- Every public function has type hints and a numpydoc docstring; each module
  lists ``__all__``; private helpers start with ``_``.
- Bad data raises :class:`DataError` naming file, line, column, value and
  what was expected.
- A module's own tests are ``tests/test_<module>.py``; a concept tested end to
  end through one entry point keeps its tests there (the rule groups of
  ``data`` through ``validate`` in ``test_validate.py``, ``periods`` and
  ``reasons`` through the engine in ``test_comparability.py``).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it (imported on first use).
_EXPORTS = {
    "open_study": "study",
    "Study": "study",
    "Comparison": "study",
    "Choices": "compare.choices",
    "per_capita": "coding.denominate",
    "per_area": "coding.denominate",
    "annualise": "coding.denominate",
    "normalise": "compare.normalisation",
    "interval_label": "intervals",
    "interval_table": "intervals",
    "state_label": "intervals",
    "paper_style": "exhibits.style",
    "new_figure": "exhibits.style",
    "save_figure": "exhibits.figures",
    "show_saved": "exhibits.figures",
    "city_colours": "exhibits.style",
    "dot_interval": "exhibits.plots",
    "range_plot": "exhibits.plots",
    "coverage_matrix": "exhibits.coverage_plot",
    "interval_legend": "exhibits.plots",
    "comparison_grid": "exhibits.plots",
    "network_map": "exhibits.maps",
    "DataError": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'lcstudy' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"lcstudy.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
