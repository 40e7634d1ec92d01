"""The book (``make book``) in a real browser: headless Chromium through playwright.

Builds the book twice from the work tree into temporary folders (the two must be
byte-identical), then opens every page from disk with the network cut off:
no console error, no failed request, every image decoded, every internal link
to a file and anchor that exist. A screenshot of the comparison notebook goes to
``_build/screenshots/`` (git-ignored). Chromium is Debian's (``apt-get install -y
chromium``); playwright never downloads a browser here.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LCSTUDY_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT = REPOSITORY / "_build" / "screenshots" / "03_city_comparison.png"
_ID = re.compile(r"""\b(?:id|name)=["']([^"']+)["']""")


def _build(out: Path) -> None:
    subprocess.run([sys.executable, str(REPOSITORY / "scripts" / "build_book.py"), "--out", str(out)],
                   check=True, cwd=REPOSITORY, capture_output=True, text=True)


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("book") / "book"
    try:
        _build(out)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"make book failed:\n{error.stdout}\n{error.stderr}")
    return out


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    if not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the book's browser test needs it. "
            "Install it with `apt-get install -y chromium` (Debian, as root), "
            "or point LCSTUDY_CHROMIUM at a Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_two_builds_are_byte_identical(book: Path, tmp_path: Path) -> None:
    again = tmp_path / "book"
    _build(again)
    first, second = _digests(book), _digests(again)
    assert sorted(set(first) ^ set(second)) == []
    assert [name for name in first if first[name] != second[name]] == []


def test_the_book_has_every_chapter_figure_and_table(book: Path) -> None:
    pages = {p.relative_to(book).as_posix() for p in book.rglob("*.html")}
    notebooks = sorted(p.stem for p in (REPOSITORY / "notebooks").glob("*.ipynb"))
    expected = {"index.html", "data/README.html", "data/codebook.html", "figures.html", "sources.html"}
    expected |= {f"notebooks/{stem}.html" for stem in notebooks}
    assert expected - pages == set()
    for stem in notebooks:
        stored = (REPOSITORY / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8").count('"image/png"')
        shown = (book / "notebooks" / f"{stem}.html").read_text(encoding="utf-8").count("<img ")
        assert shown == stored, f"{stem}: {stored} stored figures, {shown} in the book"
    figures = (book / "figures.html").read_text(encoding="utf-8")
    for exhibit in sorted((REPOSITORY / "figures").glob("fig*.png")) + sorted((REPOSITORY / "figures").glob("tab*.md")):
        assert exhibit.stem in figures, f"{exhibit.name} is not in the book's figures chapter"
    index = (book / "index.html").read_text(encoding="utf-8")
    assert "Espoo, Osan and Gongju as UNESCO learning cities" in index  # README's title
    assert "Data dictionary" in (book / "data" / "README.html").read_text(encoding="utf-8")


def test_source_ids_link_to_the_source_list(book: Path) -> None:
    codebook = (book / "data" / "codebook.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./sources\.html#espoo-2015-award-en(-p\d+)?"', codebook)


def _internal_targets(page: Path, hrefs: list[str]) -> list[tuple[Path, str]]:
    targets = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto") or parts.netloc:
            continue
        assert parts.scheme in ("", "file"), f"{page.name}: unexpected link {href}"
        path = Path(unquote(parts.path)) if parts.scheme == "file" else page.parent / unquote(parts.path)
        targets.append((path if parts.path else page, unquote(parts.fragment)))
    return targets


def test_every_page_loads_offline_with_its_images_and_links(book: Path, browser) -> None:  # noqa: ANN001
    pages = sorted(book.rglob("*.html"))
    assert len(pages) >= 10
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    current: list[str] = [""]
    page.on("console", lambda m: m.type == "error" and problems.append(f"{current[0]}: console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{current[0]}: script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{current[0]}: failed to load {r.url}"))

    def offline(route) -> None:  # noqa: ANN001
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            problems.append(f"{current[0]}: tried the network: {route.request.url}")
            route.abort()

    page.route("**/*", offline)
    for html in pages:
        current[0] = html.relative_to(book).as_posix()
        page.goto(html.as_uri(), wait_until="load")
        broken = page.evaluate(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        problems += [f"{current[0]}: image not loaded: {src}" for src in broken]
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        for target, fragment in _internal_targets(html, hrefs):
            if not target.exists():
                problems.append(f"{current[0]}: link to a missing file: {target}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(_ID.findall(target.read_text(encoding="utf-8")))
                if fragment not in ids[target]:
                    problems.append(f"{current[0]}: link to a missing anchor: {target.name}#{fragment}")
        if html.name == "03_city_comparison.html":
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
    context.close()
    assert problems == [], "\n".join(problems)
    assert SCREENSHOT.stat().st_size > 0
