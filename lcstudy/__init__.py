"""lcstudy: comparable, cited indicators for UNESCO learning cities.

Modules, one concept each: :mod:`~lcstudy.config` (paths),
:mod:`~lcstudy.schema` (raw tables), :mod:`~lcstudy.evidence` (loading),
:mod:`~lcstudy.spreadsheets` (what spreadsheets write), :mod:`~lcstudy.validate`, :mod:`~lcstudy.population`,
:mod:`~lcstudy.normalise`, :mod:`~lcstudy.scaling`, :mod:`~lcstudy.claims`,
:mod:`~lcstudy.network`, :mod:`~lcstudy.build`, :mod:`~lcstudy.datapackage`,
:mod:`~lcstudy.processed`, :mod:`~lcstudy.figures`, :mod:`~lcstudy.plots`,
:mod:`~lcstudy.maps`, :mod:`~lcstudy.timelines`, :mod:`~lcstudy.notebooks`,
:mod:`~lcstudy.reproduce`, :mod:`~lcstudy.outputs` (which files are the study's),
:mod:`~lcstudy.dictionary`, :mod:`~lcstudy.cli`.
"""

__version__ = "0.1.0"
