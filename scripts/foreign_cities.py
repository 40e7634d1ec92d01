"""Make a copy of the project with two generated cities of other countries added.

For `make test-cities` (part of `make test`): the whole test suite, notebooks
included, must pass on data that is not the shipped study. This script

    python scripts/foreign_cities.py COPY              # copy, add two cities, reproduce
    python scripts/foreign_cities.py COPY --drop gongju  # then: gongju no longer a study city
    python scripts/foreign_cities.py COPY --drop last    # the checkout's last study city

copies the checkout's tracked files into COPY (nothing of .venv, _build or git),
adds to COPY/data/raw everything a study city needs (its own press release with
SHA-256, paragraphs and anchors, a statistics source, a population definition
of its own, two official population figures, GNLC membership, a partnership
with a shipped study city, visits, programmes, gardens), in a country that no
place of data/raw is in, and runs ``lcstudy --root COPY reproduce`` so that
COPY's processed data, notebooks and figures are what the code makes of it.
The names are generated and checked against every cell of data/raw, so they
cannot collide with the data however it grows. Only COPY is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import shutil
import subprocess
import sys
from pathlib import Path

from lcstudy.cli import main as lcstudy_main
from lcstudy.data.provenance import anchor, paragraphs

__all__ = ["copy_checkout", "add_cities", "drop_study_city", "main"]

CHECKOUT = Path(__file__).resolve().parents[1]

#: Countries to draw from (ISO code, English name); those already in places.csv are skipped.
_COUNTRIES = (("IE", "Ireland"), ("CL", "Chile"), ("KE", "Kenya"), ("PT", "Portugal"),
              ("NZ", "New Zealand"), ("GH", "Ghana"), ("UY", "Uruguay"), ("NO", "Norway"))
_SYLLABLES = ("ka", "lo", "mi", "ra", "ve", "tu", "no", "shi", "da", "qu", "ze", "bri")


def copy_checkout(copy: Path) -> None:
    """Copy the files git tracks (as they are in the work tree) into ``copy``."""
    listed = subprocess.run(["git", "-C", str(CHECKOUT), "ls-files", "-z"], check=True,
                            capture_output=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = CHECKOUT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _append(raw: Path, table: str, rows: list[dict[str, str]]) -> None:
    header, old = _read(raw / f"{table}.csv")
    unknown = {key for row in rows for key in row} - set(header)
    if unknown:
        raise SystemExit(f"{table}.csv has no column {sorted(unknown)}")
    _write(raw / f"{table}.csv", header, old + rows)


def _taken(raw: Path) -> str:
    """Every cell of every raw table, lower-cased, as one text to search."""
    return "\n".join(path.read_text(encoding="utf-8").lower() for path in sorted(raw.glob("*.csv")))


def _new_name(rng: random.Random, taken: str) -> str:
    """A made-up city name that occurs nowhere in ``taken``."""
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
        if name.lower() not in taken:
            return name


def _document(name: str, partner: str, visited: str) -> str:
    """The made-up press release of a generated city (its paragraphs are cited by line)."""
    return "\n".join([
        f"{name} signs a learning-city agreement with {partner.capitalize()}",
        "",
        f"The City of {name} joined the UNESCO Global Network of Learning Cities in June 2019.",
        f"On 12 May 2022 {name} and {partner.capitalize()} signed a learning-city agreement.",
        f"Experts from {name} visited {visited.capitalize()} at least twice in 2022.",
        f"In 2022 {name} ran about ten learning programmes for adults.",
        "Residents opened five community gardens in 2021 and 2022.",
        "This release is test data made by scripts/foreign_cities.py.",
    ]) + "\n"


def add_cities(root: Path, count: int = 2, seed: int = 22) -> list[str]:
    """Add ``count`` generated study cities of new countries to ``root``/data/raw.

    Returns the new cities' place ids.
    """
    raw = root / "data" / "raw"
    rng = random.Random(seed)
    _, places = _read(raw / "places.csv")
    used_countries = {row["country"] for row in places}
    countries = [c for c in _COUNTRIES if c[0] not in used_countries][:count]
    if len(countries) < count:
        raise SystemExit("no unused country left to draw from")
    study = [row for row in places if row["study_city"] == "true"]
    partner, visited = study[0]["place_id"], study[-1]["place_id"]
    held = {int(row["colour"]) for row in places if row["colour"]}
    colours = [n for n in range(1, 11) if n not in held]
    added = []
    for k, (iso, country_name) in enumerate(countries):
        taken = _taken(raw)
        name = _new_name(rng, taken)
        city, country = name.lower(), f"{name.lower()}-country"
        document = _document(name, partner, visited)
        text = paragraphs(document)
        doc_id, stats_id = f"{city}-2022-agreement-en", f"ref-{city}-statistics"
        definition = f"{city}_census_residents"
        (root / "documents").mkdir(exist_ok=True)
        (root / "documents" / f"{doc_id}.txt").write_text(document, encoding="utf-8")
        _append(raw, "sources", [
            {"source_id": doc_id, "title": f"{name} signs a learning-city agreement",
             "publisher": f"City of {name}", "language": "en", "published": "2022-05-13",
             "kind": "press_release", "voice": "city", "voice_place_id": city,
             "sha256": hashlib.sha256(document.encode("utf-8")).hexdigest(),
             "paragraphs": str(len(text)), "file": f"{doc_id}.txt",
             "note": "TEST DATA generated by scripts/foreign_cities.py."},
            {"source_id": stats_id, "title": f"{name} in figures (test data)",
             "publisher": "test data", "language": "en", "published": "2025",
             "kind": "statistics", "voice": "statistics",
             "note": "TEST DATA generated by scripts/foreign_cities.py."}])
        _append(raw, "population_definitions", [
            {"definition_id": definition, "counts_as": "all residents",
             "description": f"Census count of usual residents of {country_name} (test data)."}])
        _append(raw, "places", [
            {"place_id": country, "kind": "country", "name_en": country_name, "country": iso,
             "study_city": "false", "note": "TEST DATA."},
            {"place_id": city, "kind": "city", "name_en": name, "country": iso,
             "parent_id": country, "latitude": f"{-40 + 23 * k % 100:.3f}",
             "longitude": f"{-170 + (100 + 97 * k) % 340:.3f}", "coordinates_source_id": stats_id,
             "coordinates_confidence": "official", "land_area_km2": f"{150 + 40 * k}",
             "land_area_definition": "land only (test data)", "land_area_source_id": stats_id,
             "land_area_confidence": "official", "study_city": "true",
             "colour": str(colours[k]), "note": "TEST DATA generated by scripts/foreign_cities.py."}])
        _append(raw, "population", [
            {"place_id": city, "reference_date": date, "value": value, "definition": definition,
             "series": "official", "source_id": stats_id, "confidence": "official"}
            for date, value in (("2018-12-31", "81000"), ("2024-12-31", "86500"))])
        fact = {"place_id": city, "status": "happened", "date_inferred": "false",
                "source_id": doc_id, "confidence": "document"}
        facts = [
            {"claim": f"{city}-gnlc-membership", "indicator_id": "gnlc_membership",
             "label": f"{name} joins the GNLC", "qualifier": "exact", "period_start": "2019-06",
             "paragraph": "2"},
            {"claim": f"{city}-{partner}-agreement-2022", "indicator_id": "partnership_agreements",
             "partner_id": partner, "relation": "shared",
             "label": f"{name} and {partner} sign a learning-city agreement", "qualifier": "exact",
             "value": "1", "lower": "1", "upper": "1", "period_start": "2022-05-12",
             "paragraph": "3"},
            {"claim": f"{city}-{visited}-visits-2022", "indicator_id": "exchange_visits",
             "partner_id": visited, "relation": "made",
             "label": f"Experts from {name} visit {visited}", "qualifier": "at_least",
             "value": "2", "lower": "2", "period_start": "2022", "paragraph": "4"},
            {"claim": f"{city}-programmes-2022", "indicator_id": "learning_programmes",
             "label": f"{name} runs about ten programmes", "qualifier": "about", "value": "10",
             "lower": "8", "upper": "12", "period_start": "2022", "paragraph": "5"},
            {"claim": f"{city}-gardens-2021-2022", "indicator_id": "resident_gardens",
             "label": f"{name} residents open five gardens", "qualifier": "exact", "value": "5",
             "lower": "5", "upper": "5", "period_start": "2021", "period_end": "2022",
             "period_years": "2", "paragraph": "6"},
        ]
        _append(raw, "facts", [
            fact | row | {"fact_id": f"t-{city}-{n:03d}",
                          "anchor": anchor(text[int(row["paragraph"]) - 1])}
            for n, row in enumerate(facts, 1)])
        added.append(city)
    return added


def drop_study_city(root: Path, city: str) -> str:
    """Set ``study_city`` to false for ``city`` in ``root``/data/raw/places.csv.

    ``city`` ``"last"`` is the last study city of the checkout's own
    places.csv (so no city of the shipped data is named here). Returns the
    city dropped.
    """
    if city == "last":
        _, own = _read(CHECKOUT / "data" / "raw" / "places.csv")
        city = [row["place_id"] for row in own if row["study_city"].lower() == "true"][-1]
    path = root / "data" / "raw" / "places.csv"
    header, rows = _read(path)
    found = [row for row in rows if row["place_id"] == city]
    if len(found) != 1:
        raise SystemExit(f"{path}: no single place {city}")
    found[0]["study_city"] = "false"
    _write(path, header, rows)
    return city


def _reproduce(root: Path) -> None:
    try:
        lcstudy_main(["--root", str(root), "reproduce"])
    except SystemExit as stop:
        if stop.code:
            raise


def main(argv: list[str]) -> int:
    """``COPY`` (copy, add two cities, reproduce) or ``COPY --drop CITY`` (then reproduce)."""
    if len(argv) == 1:
        copy = Path(argv[0])
        copy_checkout(copy)
        print("added study cities:", ", ".join(add_cities(copy)))
    elif len(argv) == 3 and argv[1] == "--drop":
        copy = Path(argv[0])
        print(f"{drop_study_city(copy, argv[2])} is no longer a study city")
    else:
        sys.exit(__doc__)
    _reproduce(copy)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
