"""Benchmark lcstudy's normalisation pipeline against plain pandas/numpy.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_normalise.py``).

The pipeline is the one a network-scale study would run::

    per_capita(facts, population) -> annualise -> normalise(..., "minmax", by=("indicator_id", "year"))

on deterministic synthetic data: 500 cities x 50 indicators x 20 years, with
population figures for every other year (half the fact years need
interpolation), open upper bounds (``inf``), unknowns (``lower`` missing) and
missing period lengths. A hand-written pandas/numpy baseline does the same
arithmetic; the two must agree numerically, or the script fails (status 2).

Output: a short table, then, as the last line, one JSON object
``{"facts", "seconds", "ratio_vs_pandas", "scaling_10x"}``. The exit status is
1 when a target (:data:`TARGETS`) is missed, 0 otherwise.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from lcstudy.coding.denominate import annualise, per_capita
from lcstudy.compare.normalisation import normalise

SEED = 20240601
N_CITIES, N_INDICATORS = 500, 50
YEARS = np.arange(2005, 2025)  # 20 fact years
FIGURE_YEARS = np.arange(2004, 2025, 2)  # every other year: odd fact years are interpolated
SIZES = (100_000, 1_000_000)
REPEATS = 3
PER = 100_000
BY = ["indicator_id", "year"]
#: Targets on the reference 2-core machine.
TARGETS = {"seconds": 2.0, "ratio_vs_pandas": 1.25, "scaling_10x": 12.0}


# --------------------------------------------------------------------------- data


def make_population(rng: np.random.Generator) -> pd.DataFrame:
    """Raw population table: one definition, official figures every other year.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id``, ``reference_date``, ``value``, ``definition``, ``series``.
    """
    base = rng.uniform(5e4, 5e6, N_CITIES)
    growth = rng.normal(0.005, 0.01, N_CITIES)
    steps = FIGURE_YEARS - FIGURE_YEARS[0]
    value = np.rint(base[:, None] * (1 + growth[:, None]) ** steps[None, :])
    return pd.DataFrame(
        {
            "place_id": np.repeat([f"city{i:03d}" for i in range(N_CITIES)], len(FIGURE_YEARS)),
            "reference_date": np.tile([f"{y}-12-31" for y in FIGURE_YEARS], N_CITIES),
            "value": value.ravel().astype("int64"),
            "definition": "registered_residents",
            "series": "official",
        }
    )


def make_facts(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Facts sampled from the city x indicator x year grid.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    n : int
        Number of facts; drawn without repetition when the grid is large enough.

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id``, ``indicator_id``, ``year`` (Int64), ``lower``,
        ``upper`` (``inf`` when open; both missing when unknown),
        ``period_years`` (some missing) and ``direction``.
    """
    grid = N_CITIES * N_INDICATORS * len(YEARS)
    cell = rng.choice(grid, size=n, replace=n > grid)
    city, rest = np.divmod(cell, N_INDICATORS * len(YEARS))
    indicator, year = np.divmod(rest, len(YEARS))
    lower = rng.integers(0, 5_000, n).astype(float)
    kind = rng.random(n)  # < .5 exact, < .85 closed interval, else open
    upper = np.where(kind < 0.5, lower, lower + rng.integers(1, 500, n))
    upper[kind >= 0.85] = np.inf
    unknown = rng.random(n) < 0.10
    lower[unknown] = upper[unknown] = np.nan
    period = rng.choice([1.0, 2.0, 3.0, 5.0], n)
    period[rng.random(n) < 0.15] = np.nan
    cities = np.array([f"city{i:03d}" for i in range(N_CITIES)], dtype=object)
    indicators = np.array([f"ind{i:02d}" for i in range(N_INDICATORS)], dtype=object)
    # 3 indicators in 10 are "lower is better", the same ones at every size.
    directions = np.where(np.arange(N_INDICATORS) % 10 < 3, "lower", "higher").astype(object)
    return pd.DataFrame(
        {
            "place_id": pd.array(cities[city], dtype="str"),
            "indicator_id": pd.array(indicators[indicator], dtype="str"),
            "year": pd.array(YEARS[year], dtype="Int64"),
            "lower": lower,
            "upper": upper,
            "period_years": period,
            "direction": pd.array(directions[indicator], dtype="str"),
        }
    )


# ----------------------------------------------------------------------- pipelines


def run_lcstudy(facts: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Per capita, per year, then min-max scaled per indicator and year, with lcstudy.

    Parameters
    ----------
    facts, population : pandas.DataFrame
        From :func:`make_facts` and :func:`make_population`.

    Returns
    -------
    pandas.DataFrame
        lcstudy's output, including ``population``, ``lower_per_year``,
        ``upper_per_year``, ``normalised_lower`` and ``normalised_upper``.
    """
    table = per_capita(facts, population)
    # annualise divides ``lower``/``upper``: point them at the per-capita interval.
    table = annualise(table.assign(lower=table["lower_per_100k"], upper=table["upper_per_100k"]))
    return normalise(table, "minmax", lower="lower_per_year", upper="upper_per_year", by=BY)


def run_baseline(facts: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """The same arithmetic in plain pandas/numpy.

    Assumes what the synthetic data guarantee: every fact is dated and the
    population has one definition. The population is the figure of the year,
    else a linear interpolation between the place's nearest earlier and later
    figures, never an extrapolation.

    Parameters
    ----------
    facts, population : pandas.DataFrame
        From :func:`make_facts` and :func:`make_population`.

    Returns
    -------
    pandas.DataFrame
        Columns ``population``, ``lower_per_year``, ``upper_per_year``,
        ``normalised_lower``, ``normalised_upper``, aligned with ``facts``.
    """
    # Population of each distinct (place, year): search the figures, sorted by
    # (place, year), for the first at or after it; exact if it is that year,
    # else interpolate from the one before if both belong to the place.
    fig = population[population["series"] == "official"]
    fig = pd.DataFrame(
        {"place_id": fig["place_id"], "year": fig["reference_date"].str[:4].astype("int64"),
         "value": fig["value"].astype(float)}
    ).sort_values(["place_id", "year"], ignore_index=True)
    places = pd.Index(fig["place_id"].unique())
    fig_place, fig_year = places.get_indexer(fig["place_id"]), fig["year"].to_numpy()
    value = fig["value"].to_numpy()
    pairs = facts[["place_id", "year"]].drop_duplicates().astype({"year": "int64"})
    place, year = places.get_indexer(pairs["place_id"]), pairs["year"].to_numpy()
    at = np.searchsorted(fig_place * 10_000 + fig_year, place * 10_000 + year)
    after, before = np.minimum(at, len(fig) - 1), np.maximum(at - 1, 0)
    exact = (fig_place[after] == place) & (fig_year[after] == year)
    between = ((at > 0) & (at < len(fig)) & (fig_place[before] == place)
               & (fig_place[after] == place))
    with np.errstate(divide="ignore", invalid="ignore"):  # used only where ``between``
        share = (year - fig_year[before]) / (fig_year[after] - fig_year[before])
    interpolated = value[before] + (value[after] - value[before]) * share
    pairs["population"] = np.where(exact, value[after], np.where(between, interpolated, np.nan))
    pop = facts[["place_id", "year"]].astype({"year": "int64"}).merge(
        pairs, on=["place_id", "year"], how="left")["population"].to_numpy()

    # Per 100 000 residents, then per year; non-positive divisors give NaN.
    per = np.where(pop > 0, pop / PER, np.nan)
    years = facts["period_years"].to_numpy(dtype=float)
    years = np.where(years > 0, years, np.nan)
    lower = facts["lower"].to_numpy(dtype=float) / per / years
    upper = facts["upper"].to_numpy(dtype=float) / per / years

    # Min-max to 0..100 per (indicator, year) over the finite bounds.
    ends = pd.DataFrame({"lo": np.where(np.isfinite(lower), lower, np.nan),
                         "hi": np.where(np.isfinite(upper), upper, np.nan),
                         "known": ~np.isnan(lower)})
    grouped = ends.groupby([facts[c] for c in BY], sort=False)
    low, high = grouped[["lo", "hi"]].transform("min"), grouped[["lo", "hi"]].transform("max")
    g_min = np.fmin(low["lo"].to_numpy(), low["hi"].to_numpy())
    g_max = np.fmax(high["lo"].to_numpy(), high["hi"].to_numpy())
    n_known = grouped["known"].transform("sum").to_numpy()
    span = g_max - g_min
    slope = np.where((span > 0) & (n_known >= 2), 100 / span, np.nan)
    flip = (facts["direction"] == "lower").to_numpy(dtype=bool)
    with np.errstate(invalid="ignore"):
        up_lo, up_hi = (lower - g_min) * slope, (upper - g_min) * slope
        down_lo, down_hi = (g_max - upper) * slope, (g_max - lower) * slope
    known = ~np.isnan(lower)
    return pd.DataFrame(
        {"population": pop, "lower_per_year": lower, "upper_per_year": upper,
         "normalised_lower": np.where(known, np.where(flip, down_lo, up_lo), np.nan),
         "normalised_upper": np.where(known, np.where(flip, down_hi, up_hi), np.nan)}
    )


# ------------------------------------------------------------------------- harness


def best_of(fns: dict[str, Callable[[], pd.DataFrame]], repeats: int = REPEATS
            ) -> tuple[dict[str, float], dict[str, pd.DataFrame]]:
    """Best wall time of ``repeats`` calls of each function, and their last results.

    The functions take turns within each repeat, so that a burst of load on
    the machine hits them alike; garbage is collected before each call.

    Parameters
    ----------
    fns : dict of callable
        Functions of no arguments, by name.
    repeats : int
        Number of calls of each.

    Returns
    -------
    seconds : dict of float
        Shortest ``time.perf_counter`` interval of each.
    results : dict of pandas.DataFrame
        What the last call of each returned.
    """
    seconds = dict.fromkeys(fns, float("inf"))
    results: dict[str, pd.DataFrame] = {}
    for _ in range(repeats):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            results[name] = fn()
            seconds[name] = min(seconds[name], time.perf_counter() - start)
    return seconds, results


def disagreements(ours: pd.DataFrame, theirs: pd.DataFrame) -> list[str]:
    """Columns where lcstudy and the baseline differ numerically.

    Parameters
    ----------
    ours, theirs : pandas.DataFrame
        lcstudy's and the baseline's outputs, row-aligned.

    Returns
    -------
    list of str
        One message per differing column (empty when all agree); ``NaN`` and
        same-signed ``inf`` must sit in the same rows.
    """
    problems = []
    for column in theirs.columns:
        a = ours[column].to_numpy(dtype=float)
        b = theirs[column].to_numpy(dtype=float)
        same = np.isclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)
        if not same.all():
            row = int(np.flatnonzero(~same)[0])
            problems.append(f"{column}: {int((~same).sum())} rows differ, e.g. row {row}: "
                            f"lcstudy {a[row]!r}, baseline {b[row]!r}")
    return problems


def main() -> int:
    """Time both pipelines at both sizes, check agreement and targets.

    Returns
    -------
    int
        0 when every target is met, 1 when one is missed, 2 when lcstudy and
        the baseline disagree.
    """
    rng = np.random.default_rng(SEED)
    population = make_population(rng)
    times: dict[tuple[str, int], float] = {}
    for n in SIZES:
        facts = make_facts(rng, n)
        seconds, results = best_of({"lcstudy": partial(run_lcstudy, facts, population),
                                    "baseline": partial(run_baseline, facts, population)})
        times.update({(name, n): value for name, value in seconds.items()})
        theirs = results["baseline"]
        problems = disagreements(results["lcstudy"], theirs)
        if problems:
            print(f"lcstudy and the baseline disagree at {n:,} facts:", *problems,
                  sep="\n  ", file=sys.stderr)
            return 2
        known = int(np.isfinite(theirs["normalised_lower"]).sum())
        print(f"{n:>9,} facts: results agree ({known:,} scaled, "
              f"{int(np.isinf(theirs['upper_per_year']).sum()):,} open)")

    small, large = SIZES
    print(f"\n{'pipeline':<10}{f'{small:,}':>12}{f'{large:,}':>12}   (best of {REPEATS}, s)")
    for name in ("lcstudy", "baseline"):
        print(f"{name:<10}{times[name, small]:>12.3f}{times[name, large]:>12.3f}")
    result = {
        "facts": large,
        "seconds": round(times["lcstudy", large], 3),
        "ratio_vs_pandas": round(times["lcstudy", large] / times["baseline", large], 3),
        "scaling_10x": round(times["lcstudy", large] / times["lcstudy", small], 3),
    }
    missed = [f"{key} = {result[key]} > {limit}" for key, limit in TARGETS.items()
              if result[key] > limit]
    for miss in missed:
        print(f"TARGET MISSED: {miss}")
    print(json.dumps(result))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
