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

Layout rules for contributors
-----------------------------
- One module per concept, named in the field's words. Data flows one way,
  and no module imports one further down this line: ``config``, ``errors``,
  ``atomic``, ``arguments``, ``dates``, ``intervals``, ``groups`` (shared
  helpers) -> ``schema`` (raw tables) -> ``spreadsheets`` (what spreadsheets
  write) -> ``cell_checks`` (each cell against its column) -> ``csv_reader``
  (reading raw CSV) -> ``evidence`` (loading) ->
  ``provenance`` (documents against their hashes) -> ``population`` ->
  ``checking`` (what the checks share) -> ``fact_checks``, ``list_checks``,
  ``place_checks`` (the rule groups) -> ``validate`` (every check) ->
  ``codings`` (two codings as units) -> ``agreement`` (how far they agree) -> ``lists`` -> ``claims`` ->
  ``denominate`` -> ``datapackage`` -> ``choices`` (the analyst's choices) ->
  ``indicators`` -> ``periods`` -> ``claim_sums`` (claims summed over periods) ->
  ``comparability`` -> ``voices`` (whose
  documents), ``framework`` (the KFLC areas) -> ``normalisation`` ->
  ``relations`` -> ``csv_writer`` (deterministic CSV) -> ``build`` ->
  ``sensitivity`` -> ``aggregate``, ``dominance``, ``variance`` (summaries
  and robustness) -> ``summaries`` (per KFLC area) -> ``robustness`` (the
  joint factorial) -> ``findings`` (result sentences from the verdicts and the
  factorial) ->
  ``processed`` -> ``study`` -> ``tables``, ``style`` (house style),
  ``figures`` (saving) ->
  ``plots``, ``coverage_plot``, ``comparability_plot``, ``timeline_plot``, ``gnlc_plot``,
  ``population_plot``, ``robustness_plot``,
  ``geo`` (map layers), ``maps``; then ``notebooks``, ``outputs`` (which files are the study's),
  ``reproduce``, ``dictionary``, ``cli`` and ``__main__`` run the study.
- Paths come from :mod:`lcstudy.config` only; "which are the study cities"
  from :attr:`lcstudy.evidence.Evidence.study_cities` only.
- Transforms take a DataFrame and return a new one; they never mutate their
  input. Plot functions are ``f(data, *, ..., ax=None, **kwargs) -> Axes`` and
  never show or save.
- Every public function has type hints and a numpydoc docstring; each module
  lists ``__all__``; private helpers start with ``_``.
- Bad data raises :class:`DataError` naming file, line, column, value and
  what was expected; tests mirror modules (``tests/test_<module>.py``).
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
    "Choices": "choices",
    "per_capita": "denominate",
    "per_area": "denominate",
    "annualise": "denominate",
    "normalise": "normalisation",
    "interval_label": "intervals",
    "interval_table": "intervals",
    "state_label": "intervals",
    "paper_style": "style",
    "new_figure": "style",
    "save_figure": "figures",
    "show_saved": "figures",
    "city_colours": "style",
    "dot_interval": "plots",
    "range_plot": "plots",
    "coverage_matrix": "coverage_plot",
    "interval_legend": "plots",
    "comparison_grid": "plots",
    "network_map": "maps",
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
