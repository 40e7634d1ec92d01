"""The data flows one way: no module of lcstudy imports one written later in the layout rules.

The order is read from the package docstring ("Layout rules for contributors",
its first rule), so the rule and its check cannot drift apart: a module may
import only modules written before it in that line (peers separated by commas
included, in the order written). Imports are read with :mod:`ast`, wherever
they stand (module level, inside functions, under ``TYPE_CHECKING``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lcstudy"
INIT = PACKAGE / "__init__.py"


def _layout_order() -> list[str]:
    """The modules named in the first layout rule, in the order written."""
    docstring = ast.get_docstring(ast.parse(INIT.read_text(encoding="utf-8")))
    assert docstring is not None
    rules = docstring.split("Layout rules for contributors", 1)[1]
    first_rule = rules.split("\n- ")[1]
    return re.findall(r"``([a-z_]+(?:\.[a-z_]+)?)``", first_rule)


ORDER = _layout_order()
#: Every module of the package, dotted below it (``data.schema``); packages left out.
MODULES = sorted(".".join(p.relative_to(PACKAGE).with_suffix("").parts)
                 for p in PACKAGE.rglob("*.py") if p.stem != "__init__")
#: The subpackages: each a stage of the layout.
PACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))

#: Departures from the written order in the code as it stands: each is a defect to
#: fix (in the code or the docstring), not a part of the rule. strict: an entry
#: that no longer fails makes the test fail, so it is removed when fixed.
UNPLACED: dict[str, str] = {}
UPSTREAM_IMPORTS: dict[str, str] = {}


def _imports(module: str) -> list[tuple[int, str]]:
    """(line, module) of every lcstudy module ``module`` imports."""
    tree = ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from .x import y
                base = "lcstudy" + (f".{node.module}" if node.module else "")
            else:
                base = node.module or ""
            inside = base.removeprefix("lcstudy").removeprefix(".")
            if base == "lcstudy" or inside in PACKAGES:
                # from lcstudy(.package) import x: the module x, or the facade/package itself
                prefix = f"{inside}." if inside else ""
                found += [(node.lineno, f"lcstudy.{prefix}{a.name}"
                           if f"{prefix}{a.name}" in MODULES else base) for a in node.names]
            else:
                found.append((node.lineno, base))
    return [(line, name.split(".", 1)[1] if "." in name else "lcstudy") for line, name in found
            if name == "lcstudy" or name.startswith("lcstudy.")]


def _known(module: str, known: dict[str, str]):
    if module in known:
        return pytest.param(module, marks=pytest.mark.xfail(strict=True, reason=known[module]))
    return module


def test_the_order_is_read_from_the_docstring():
    assert ORDER[:7] == ["config", "errors", "atomic", "arguments", "dates", "intervals",
                         "groups"]
    assert ORDER.index("data.schema") < ORDER.index("data.evidence") \
        < ORDER.index("pipeline.build") < ORDER.index("study") < ORDER.index("exhibits.plots")
    assert len(set(ORDER)) == len(ORDER)


@pytest.mark.parametrize("name", ORDER)
def test_every_module_named_in_the_order_exists(name):
    assert name in MODULES


@pytest.mark.parametrize("module", [_known(m, UNPLACED) for m in MODULES])
def test_every_module_has_its_place_in_the_order(module):
    assert module in ORDER


@pytest.mark.parametrize("module", [_known(m, UPSTREAM_IMPORTS) for m in ORDER])
def test_no_module_imports_one_further_down(module):
    position = ORDER.index(module)
    later = [(line, name) for line, name in _imports(module)
             if name not in ORDER[:position] and name in ORDER]
    assert later == [], f"lcstudy/{module}.py imports modules written after it: {later}"
    assert ("lcstudy" not in [name for _, name in _imports(module)]), \
        f"lcstudy/{module}.py imports the package facade"
    packages = [name for _, name in _imports(module) if name in PACKAGES]
    assert packages == [], f"lcstudy/{module}.py imports a subpackage, not its module: {packages}"


def test_each_stage_is_one_run_of_the_order_and_its_own_folder() -> None:
    """The modules of a subpackage stand together in the order: the folders are the stages."""
    stages = [name.split(".")[0] if "." in name else "" for name in ORDER]
    runs = [stage for i, stage in enumerate(stages) if stage and stages[i - 1] != stage]
    assert sorted(runs) == PACKAGES, runs


def test_the_layout_page_names_every_stage() -> None:
    docstring = ast.get_docstring(ast.parse(INIT.read_text(encoding="utf-8")))
    assert docstring is not None
    page = docstring.split("The layout", 1)[1].split("Layout rules", 1)[0]
    for package in PACKAGES:
        assert f":mod:`lcstudy.{package}`" in page, package


@pytest.mark.parametrize(("source", "expected"), [
    ("import lcstudy.dates\n", [(1, "dates")]),
    ("from lcstudy.pipeline.build import compute\n", [(1, "pipeline.build")]),
    ("from lcstudy.pipeline import build\n", [(1, "pipeline.build")]),
    ("from lcstudy import intervals\n", [(1, "intervals")]),
    ("from lcstudy import open_study\n", [(1, "lcstudy")]),
    ("from . import intervals\nfrom .study import Study\n", [(1, "intervals"), (2, "study")]),
    ("def f():\n    from lcstudy.exhibits.maps import network_map\n", [(2, "exhibits.maps")]),
    ("import pandas\nfrom typing import Any\n", []),
])
def test_imports_are_all_found(tmp_path, monkeypatch, source, expected):
    (tmp_path / "probe.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert _imports("probe") == expected


def _literals(value: object) -> list[str]:
    """Where ``value`` (a number, or a tuple of strings) is written in the package's code.

    Docstrings and comments are not code: they are left out.
    """
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List) and isinstance(value, tuple):
                items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                written = tuple(items) if len(items) == len(node.elts) else None
            elif isinstance(node, ast.Constant) and not isinstance(value, tuple):
                written = node.value if type(node.value) is type(value) else None
            else:
                continue
            if written == value:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_a_default_choice_is_written_once() -> None:
    """Changing a default (availability rule, aggregation or normalisation methods) is one edit.

    Each default is one constant of one module; every other module names the
    constant, so no copy of the value can be left behind. The method
    registries (name to function) are never copied as a list of their names.
    """
    from lcstudy.compare import aggregate, normalisation
    from lcstudy.compare.choices import BUILD_NORMALISATIONS

    for value in (aggregate.THRESHOLD, BUILD_NORMALISATIONS):
        assert len(_literals(value)) == 1, (value, _literals(value))
    for registry in (aggregate.METHODS, normalisation.METHODS):
        assert all(callable(method) for method in registry.values())
        assert _literals(tuple(registry)) == []


def test_literals_are_found_in_code_not_in_docstrings(tmp_path, monkeypatch):
    (tmp_path / "probe.py").write_text('"""0.65 and ("a", "b")."""\nX = 0.65\nY = ["a", "b"]\n'
                                       'Z = ("a", "b", "c")\n', encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert _literals(0.65) == ["probe.py:2"]
    assert _literals(("a", "b")) == ["probe.py:3"]


#: Where the project writes dotted lcstudy names for readers: the package's docstrings and
#: comments, the READMEs and the notebooks.
DOCUMENTS = [*sorted(PACKAGE.rglob("*.py")), PACKAGE.parent / "README.md",
             PACKAGE.parent / "data" / "README.md", PACKAGE.parent / "data" / "codebook.md",
             *sorted((PACKAGE.parent / "notebooks").glob("*.ipynb"))]


def _resolves(name: str) -> bool:
    """Whether a dotted name (``lcstudy.compare.factorial.FACTORS``) is a module or its attribute."""
    import importlib

    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(found, attribute):
                try:
                    found = importlib.import_module(f"{getattr(found, '__name__', '')}.{attribute}")
                except (ImportError, AttributeError):
                    return False
                continue
            found = getattr(found, attribute)
        return True
    return False


def test_every_dotted_name_the_documents_write_exists() -> None:
    """A moved or renamed function leaves no stale ``lcstudy.x.y`` behind in a docstring or README."""
    written = {(path.relative_to(PACKAGE.parent).as_posix(), name.rstrip("."))
               for path in DOCUMENTS
               for name in re.findall(r"\blcstudy(?:\.[A-Za-z_]\w*)+", path.read_text("utf-8"))}
    stale = sorted((file, name) for file, name in written
                   if not name.endswith((".py", ".csv")) and not _resolves(name))
    assert stale == []


def test_a_stale_dotted_name_is_found() -> None:
    assert _resolves("lcstudy.compare.factorial.FACTORS")
    assert _resolves("lcstudy.compare.design")
    assert not _resolves("lcstudy.scaling.scale")
    assert not _resolves("lcstudy.compare.variance.PAIR_VERDICTS")


def test_every_short_reference_of_a_docstring_names_something_of_its_module() -> None:
    """``:func:`name``` in a module names a function, class or constant that module has.

    A reference with a dot names another package's object (``numpy.select``)
    or one of the module's own (``Robustness.changed``); its first part must exist.
    """
    import builtins
    import importlib
    import importlib.util

    stale = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = importlib.import_module(".".join(p for p in parts if p != "__init__"))
        for role, name in re.findall(r":(func|data|class):`~?([A-Za-z_][\w.]*)`",
                                     path.read_text(encoding="utf-8")):
            head = name.split(".")[0]
            if head == "lcstudy" or hasattr(module, head) or hasattr(builtins, head):
                continue
            if "." in name and importlib.util.find_spec(head) is not None:
                continue
            stale.append(f"{path.relative_to(PACKAGE)}: :{role}:`{name}`")
    assert stale == []
