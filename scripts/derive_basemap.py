"""Derive the offline world basemap from the Natural Earth copy in a geopandas wheel.

Natural Earth 1:110m Admin 0 - Countries (public domain) ships inside the
geopandas 0.14.4 wheel on PyPI. This script extracts that shapefile, keeps the
columns the maps use, sorts the rows and writes a small GeoJSON file whose
bytes are the same on every run. Provenance: data/raw/basemap/PROVENANCE.md.

Usage::

    pip download --no-deps geopandas==0.14.4 -d DIR
    python scripts/derive_basemap.py DIR/geopandas-0.14.4-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio

WHEEL_DATASET_DIR = "geopandas/datasets/naturalearth_lowres/"
SHAPEFILE_STEM = "naturalearth_lowres"
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
COLUMNS = ["iso_a3", "name", "continent", "geometry"]
OUTPUT = (
    Path(__file__).resolve().parents[1]
    / "data/raw/basemap/naturalearth_110m_countries.geojson"
)
GEOJSON_OPTIONS = {"RFC7946": "YES", "COORDINATE_PRECISION": "4"}


def sha256(path: Path) -> str:
    """Return the hexadecimal SHA-256 digest of a file.

    Parameters
    ----------
    path : Path
        File to hash.

    Returns
    -------
    str
        Lower-case hexadecimal digest.
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_countries(wheel: Path, workdir: Path) -> gpd.GeoDataFrame:
    """Extract the Natural Earth countries from the wheel and tidy them.

    Parameters
    ----------
    wheel : Path
        The geopandas-0.14.4 wheel (a zip archive).
    workdir : Path
        Empty directory to extract the shapefile into.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per country with columns ``iso_a3``, ``name``, ``continent``
        and ``geometry``, sorted by ``iso_a3`` then ``name``, in EPSG:4326.
    """
    members = [WHEEL_DATASET_DIR + SHAPEFILE_STEM + part for part in SHAPEFILE_PARTS]
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(workdir, members=members)
    shapefile = workdir / WHEEL_DATASET_DIR / f"{SHAPEFILE_STEM}.shp"
    countries = gpd.read_file(shapefile, engine="pyogrio")[COLUMNS]
    return countries.sort_values(["iso_a3", "name"], ignore_index=True)


def main() -> None:
    """Derive the basemap from the wheel given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "wheel", type=Path, help="path to geopandas-0.14.4-py3-none-any.whl"
    )
    wheel = parser.parse_args().wheel

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    # The temporary directory sits next to the output so that os.replace is atomic;
    # the staged file keeps the final name, which GDAL writes as the layer "name".
    with tempfile.TemporaryDirectory(dir=OUTPUT.parent) as tmp:
        countries = read_countries(wheel, Path(tmp))
        staged = Path(tmp) / OUTPUT.name
        pyogrio.write_dataframe(
            countries, staged, driver="GeoJSON", layer_options=GEOJSON_OPTIONS
        )
        os.replace(staged, OUTPUT)

    print(f"wheel   sha256 {sha256(wheel)}  {wheel.name}")
    print(f"output  sha256 {sha256(OUTPUT)}  {OUTPUT.name} ({len(countries)} rows)")


if __name__ == "__main__":
    main()
