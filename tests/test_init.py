"""The package's face: every public name resolves, and ``import lcstudy`` stays light and fast.

Import behaviour is measured in fresh interpreters (``sys.executable``), since
this test process has long imported pandas and matplotlib.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import lcstudy

#: Libraries that ``import lcstudy`` must leave for first use.
HEAVY = ("pandas", "numpy", "matplotlib", "geopandas", "shapely", "pyproj")

#: The import-time budget of issue 10, in seconds.
BUDGET = 0.5


def _fresh(code: str) -> str:
    """Run ``code`` in a new interpreter and return its stdout."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout


def _loaded_after(statement: str) -> set[str]:
    """Top-level modules (and lcstudy submodules) loaded after ``statement``."""
    code = (f"import sys\n{statement}\nimport json\n"
            "print(json.dumps(sorted({m if m.startswith('lcstudy.') else m.split('.')[0]"
            " for m in sys.modules})))")
    return set(json.loads(_fresh(code)))


@pytest.mark.parametrize(("statement", "absent"), [
    ("import lcstudy", HEAVY),
    ("import lcstudy; lcstudy.open_study", ("matplotlib", "geopandas", "shapely", "pyproj")),
    ("import lcstudy; lcstudy.dot_interval", ("geopandas", "shapely", "pyproj")),
])
def test_heavy_libraries_load_on_first_use(statement, absent):
    loaded = _loaded_after(statement)
    assert "lcstudy" in loaded
    assert not loaded & set(absent), statement


def test_import_lcstudy_loads_no_submodule():
    assert {m for m in _loaded_after("import lcstudy") if m.startswith("lcstudy.")} == set()


def test_the_lazy_names_do_load_their_libraries():
    # the check above could pass by never importing anything: see that it does
    assert {"matplotlib", "geopandas"} <= _loaded_after("import lcstudy; lcstudy.network_map")


def test_import_lcstudy_is_fast():
    # best of three fresh interpreters: the machine is shared, a slow run is noise
    code = ("import time\nstart = time.perf_counter()\nimport lcstudy\n"
            "print(time.perf_counter() - start)")
    best = min(float(_fresh(code)) for _ in range(3))
    assert best < BUDGET, f"import lcstudy took {best:.3f} s"


@pytest.fixture(scope="module")
def resolved() -> dict[str, list[bool]]:
    """Per public name, in a fresh interpreter: is ``lcstudy.<name>`` the object its module
    defines, used in the order of ``__all__``, and again once every module is imported?"""
    code = (
        "import importlib, json, lcstudy\n"
        "def same(name):\n"
        "    module = importlib.import_module('lcstudy.' + lcstudy._EXPORTS[name])\n"
        "    return getattr(lcstudy, name) is getattr(module, name)\n"
        "names = [n for n in lcstudy.__all__ if n != '__version__']\n"
        "first = {n: same(n) for n in names}\n"
        "for m in sorted(set(lcstudy._EXPORTS.values())):\n"
        "    importlib.import_module('lcstudy.' + m)\n"
        "print(json.dumps({n: [first[n], same(n)] for n in names}))\n"
    )
    return json.loads(_fresh(code))


@pytest.mark.parametrize("name", [(n) for n in lcstudy.__all__ if n != "__version__"])
def test_every_public_name_is_what_its_module_defines(resolved, name):
    assert resolved[name] == [True, True]


@pytest.mark.parametrize("name", lcstudy.__all__)
def test_every_public_name_resolves(name):
    value = getattr(lcstudy, name)
    assert value is not None
    if name != "__version__":
        module = importlib.import_module(f"lcstudy.{lcstudy._EXPORTS[name]}")
        assert name in module.__all__, f"{module.__name__} does not list {name}"


def test_the_public_names_are_what_dir_shows():
    assert dir(lcstudy) == sorted(lcstudy.__all__)
    assert len(set(lcstudy.__all__)) == len(lcstudy.__all__)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'compare_everything'"):
        _ = lcstudy.compare_everything
