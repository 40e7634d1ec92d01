"""Figure 7: verdict shares with their compared counts, for any number of cities."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from lcstudy.compare.factorial import FACTORS, Robustness
from lcstudy.exhibits.robustness_plot import VERDICT_COLOURS, robustness_data, robustness_figure

GROUPS = {"kf1": "Area one", "overall": "Overall"}


def _factorial(n_cities: int) -> Robustness:
    """Four runs (two windows, two normalisations); city i ranks i + 1 where ranked."""
    cities = [f"c{i}" for i in range(n_cities)]
    base = {factor: "x" for factor in FACTORS}
    runs = pd.DataFrame([{"run": r, **base, "window": w, "normalisation": m}
                         for r, (w, m) in enumerate(itertools.product(("own", "2021"),
                                                                      ("minmax", "rank")), 1)])
    pairs = pd.DataFrame([{"run": r, "group": g, "place_id": a, "other_id": b,
                           "verdict": "dominates" if r > 2 else "undecided",
                           "indicators": 3, "compared": 1 + (r > 2), "refused": 2 - (r > 2)}
                          for r in runs["run"] for g in GROUPS
                          for a, b in itertools.combinations(cities, 2)])
    ranks = pd.DataFrame([{"run": r, "group": g, "place_id": c, "best": float(i + 1),
                           "worst": float(i + 1), "copeland_lower": -1.0, "copeland_upper": 1.0,
                           "note": ""}
                          for r in runs["run"] for g in GROUPS for i, c in enumerate(cities)])
    comparisons = pd.DataFrame(columns=[*FACTORS[:4], "indicator_id", "measure", "city_a",
                                        "city_b", "period", "verdict", "reason_code"])
    return Robustness(runs=runs, ranks=ranks, pairs=pairs, comparisons=comparisons)


@pytest.mark.parametrize("n_cities", [3, 5, 10])
def test_every_pair_and_group_shows_its_shares_and_compared_count(n_cities: int) -> None:
    factorial = _factorial(n_cities)
    cities = sorted(set(factorial.ranks["place_id"]), key=lambda c: int(c[1:]))
    names = {c: c.upper() for c in cities}
    fig = robustness_figure(factorial, cities=cities, names=names, labels=GROUPS)
    ranks, shares, _ = fig.axes
    n_pairs = n_cities * (n_cities - 1) // 2
    assert [t.get_text() for t in shares.get_yticklabels()][:2] == ["C0 – C1", "C0 – C2"]
    assert len(shares.get_yticklabels()) == n_pairs
    assert [t.get_text() for t in shares.texts] == ["1–2 of 3"] * (n_pairs * len(GROUPS))
    drawn = [p for p in shares.patches if p.get_width() > 0]
    fills = {to_hex(p.get_facecolor()) for p in drawn}
    assert fills == {VERDICT_COLOURS["dominates"].lower(), VERDICT_COLOURS["undecided"].lower()}
    assert np.isclose(sum(p.get_width() for p in drawn), 0.9 * n_pairs * len(GROUPS))
    assert [t.get_text() for t in ranks.texts] == ["4 of 4"] * (n_cities * len(GROUPS))
    plt.close(fig)


def test_the_data_holds_every_run_with_ranks_verdicts_and_counts() -> None:
    data = robustness_data(_factorial(3), ["s2", "s1", ""])
    assert len(data) == 4 and list(data.columns[:len(FACTORS) + 1]) == ["run", *FACTORS]
    assert data.loc[0, "rank kf1 c0"] == "1" and data.loc[3, "verdict overall c0-c2"] == (
        "dominates")
    assert data["compared kf1 c1-c2"].tolist() == ["1 of 3", "1 of 3", "2 of 3", "2 of 3"]
    assert data["source_ids"].eq("s1;s2").all()
