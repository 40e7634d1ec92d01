"""environment.yml (conda, Binder), requirements.lock and pyproject.toml agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _normalised(name: str) -> str:
    """PEP 503 form of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines: list[str], where: str) -> dict[str, str]:
    """``name==version`` lines to a mapping; anything else is an error."""
    pins: dict[str, str] = {}
    for line in lines:
        match = _PIN.fullmatch(line.strip())
        assert match, f"{where}: {line!r} is not an exact pin name==version"
        name = _normalised(match.group(1))
        assert name not in pins, f"{where}: {name} pinned twice"
        pins[name] = match.group(2)
    return pins


def _lock() -> dict[str, str]:
    text = (REPOSITORY / "requirements.lock").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return _pins(lines, "requirements.lock")


def _environment() -> dict:
    return yaml.safe_load((REPOSITORY / "environment.yml").read_text(encoding="utf-8"))


def _pip_section(environment: dict) -> list[str]:
    sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment.yml needs exactly one pip: section"
    return [str(item) for item in sections[0]]


def test_environment_pins_equal_the_lock_exactly() -> None:
    pip = [item for item in _pip_section(_environment()) if not item.startswith("-")]
    environment_pins = _pins(pip, "environment.yml")
    lock = _lock()
    assert sorted(set(lock) - set(environment_pins)) == [], "in the lock, not in environment.yml"
    assert sorted(set(environment_pins) - set(lock)) == [], "in environment.yml, not in the lock"
    differing = {n: (environment_pins[n], lock[n]) for n in lock if environment_pins[n] != lock[n]}
    assert differing == {}, "versions differ (environment.yml, lock)"


def test_environment_installs_the_package_with_python_311() -> None:
    environment = _environment()
    pip = _pip_section(environment)
    assert "-e ." in pip, "environment.yml must install the package itself (-e .)"
    options = [item for item in pip if item.startswith("-")]
    assert options == ["-e ."], f"unexpected pip options {options}"
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    pythons = [d for d in conda if re.match(r"python\b", d)]
    assert pythons and all(re.fullmatch(r"python\s*=+\s*3\.11(\.\*|\.\d+)?", p) for p in pythons), \
        pythons
    assert "pip" in conda
    assert environment.get("channels") == ["conda-forge"]


def test_lock_pins_every_project_dependency() -> None:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = project["project"]["dependencies"]
    names = [_normalised(_NAME.match(r).group(0)) for r in requirements]
    missing = sorted(set(names) - set(_lock()))
    assert missing == [], f"pyproject dependencies not pinned in requirements.lock: {missing}"


def test_lock_pins_every_top_level_requirement() -> None:
    text = (REPOSITORY / "requirements.in").read_text(encoding="utf-8")
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    names = [_normalised(_NAME.match(line).group(0)) for line in lines if line]
    missing = sorted(set(names) - set(_lock()))
    assert missing == [], f"requirements.in entries not pinned in requirements.lock: {missing}"


def test_lock_satisfies_pyproject_lower_bounds() -> None:
    """A pin below a dependency's ``>=`` bound would make pip refuse the lock."""
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    lock = _lock()

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", text)[:3])

    for requirement in project["project"]["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9._-]+)\s*>=\s*([0-9.]+)", requirement)
        if match:
            name, bound = _normalised(match.group(1)), match.group(2)
            assert version(lock[name]) >= version(bound), (name, lock[name], bound)


def test_package_is_importable_and_declares_its_command() -> None:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["lcstudy"] == "lcstudy.cli:main"
    assert project["project"]["requires-python"].startswith(">=3.11")
