"""Pairwise dominance between cities over the comparable indicators of a group.

No scale and no weights: for each indicator and ordered pair of cities
``(A, B)`` the two intervals say one of

- ``"surely_better"``: A's worst is better than B's best;
- ``"surely_worse"``: A's best is worse than B's worst;
- ``"equal"``: both are the same exact value;
- ``"undecided"``: the intervals overlap (A may be better, or worse, or both);
- ``"not_comparable"``: the comparability verdict (or a row's flag) excludes it;
- ``"not_reported"``: A or B has no value.

"Better" follows each indicator's ``direction`` (``higher`` or ``lower`` is
better). Only the first four are *compared* indicators. Two more flags per
indicator make the summaries exact: ``possibly_better`` (A's best beats B's
worst) and ``possibly_worse`` (B's best beats A's worst). An indicator not
compared or not reported is unknown, not a tie: both flags are set, so it
can go either way in every summary.

Over a group's compared indicators, :func:`pairwise` counts the verdicts and
decides **necessary dominance** (in every realisation of the intervals and
every completion of the unknowns, A is at least as good on each indicator of
the group, and it is surely better on at least one: no ``possibly_worse``,
hence no refused indicator, at least one ``surely better``) and
**possible dominance** (in some realisation A is at least as good on each and
better on one: no ``surely worse``, at least one ``possibly_better``).

:func:`copeland` turns the pairs into Copeland scores (wins minus losses over
the opponents; A *wins* against B when more compared indicators favour A than
favour B) as intervals. Indicators are independent, so A **surely wins**
against B when ``surely_better > possibly_worse`` and **possibly wins** when
``possibly_better > surely_worse`` (losses likewise from B's side). The score
interval is ``[surely wins - possible losses, possible wins - sure losses]``:
every realisation's score lies inside. The ends need not be reached by one
realisation, since the pairs share the cities' values.

Worked example (higher is better), cities a, b, c on indicators x and y::

    x: a = 5, b = 3, c = 4..6        y: a = 1, b = 2, c = 0

- a v b: x surely better, y surely worse: 1 to 1 in every case, a draw.
- a v c: x undecided (possibly better and possibly worse), y surely better:
  surely_better 1, possibly_worse 1, so not a sure win; possibly_better 2 >
  surely_worse 0, a possible win; possibly_worse 1 is not > surely_better 1,
  so a never loses. b v c: 1 to 1, a draw.
- Copeland: a ``[0, 1]``, b ``[0, 0]``, c ``[-1, 0]``. Indeed c's x below 5 or
  at 5 lets a win, above 5 gives a draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from lcstudy.arguments import check_argument, check_intervals

__all__ = ["VERDICTS", "copeland", "pair_verdicts", "pairwise", "tally"]

#: The verdicts of :func:`pair_verdicts`, in the order the counts are reported.
VERDICTS = ("surely_better", "surely_worse", "equal", "undecided", "not_comparable",
            "not_reported")
_COMPARED = VERDICTS[:4]


def _directions(frame: pd.DataFrame, indicator: str, direction: str) -> dict[str, str]:
    """One direction, ``higher`` or ``lower``, per indicator of ``frame``."""
    found: dict[str, str] = {}
    for name, values in frame.groupby(indicator, sort=False)[direction]:
        distinct = list(pd.unique(values.dropna()))
        check_argument(f"direction of {name!r}", distinct[0] if len(distinct) == 1 else distinct,
                       ("higher", "lower"), len(distinct) == 1 and distinct[0] in
                       ("higher", "lower"))
        found[str(name)] = str(distinct[0])
    return found


def _pair_comparable(pairs: pd.DataFrame, comparability: pd.DataFrame, indicator: str,
                     entity: str, by: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's verdict from ``comparability``, looked up in either order."""
    check_argument("comparability", sorted(comparability.columns),
                   f"a frame with columns {indicator}, {entity}, other_id, comparable",
                   {indicator, entity, "other_id", "comparable"} <= set(comparability.columns))
    reason = (comparability["reason"] if "reason" in comparability.columns
              else pd.Series("", index=comparability.index)).fillna("").astype(str)
    table = pd.DataFrame({**{b: comparability[b] for b in by},
                          "key_i": comparability[indicator], "key_a": comparability[entity],
                          "key_b": comparability["other_id"],
                          "comparable": comparability["comparable"].astype(bool),
                          "reason": reason})
    both = pd.concat([table, table.rename(columns={"key_a": "key_b", "key_b": "key_a"})])
    both = both.drop_duplicates([*by, "key_i", "key_a", "key_b"])
    found = pairs[[*by, indicator, entity, "other_id"]].merge(
        both, how="left", left_on=[*by, indicator, entity, "other_id"],
        right_on=[*by, "key_i", "key_a", "key_b"])
    missing = found["comparable"].isna().to_numpy()
    if missing.any():
        row = found.iloc[int(np.argmax(missing))]
        raise ValueError(f"comparability has no verdict for {indicator}={row[indicator]!r}, "
                         f"pair ({row[entity]!r}, {row['other_id']!r})")
    return found["comparable"].to_numpy(dtype=bool), found["reason"].to_numpy(dtype=object)


def pair_verdicts(
    frame: pd.DataFrame,
    *,
    framework: Mapping[str, Sequence[str]] | None = None,
    comparable: str | None = None,
    comparability: pd.DataFrame | None = None,
    lower: str = "lower",
    upper: str = "upper",
    direction: str = "direction",
    indicator: str = "indicator_id",
    entity: str = "place_id",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """The verdict of every indicator of every group on every ordered pair of cities.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city and indicator: ``lower``/``upper`` (``upper`` may
        be ``inf``; NaN when not reported) and ``direction``. A city with no
        row for an indicator has not reported it.
    framework : mapping of str to sequence of str, optional
        Groups and their indicators; default one group ``"overall"`` of every
        indicator in ``frame``.
    comparable : str, optional
        Column of booleans: a row marked False makes all its pairs not comparable.
    comparability : pandas.DataFrame, optional
        Pair verdicts: ``indicator``, ``entity``, ``other_id``, ``comparable``
        (bool) and optionally ``reason``, for each unordered pair (either
        order). Every compared pair must have a row.
    lower, upper, direction, indicator, entity : str
        Column names.
    by : sequence of str
        Columns splitting ``frame`` into separate problems, e.g. ``("run",)``;
        ``comparability`` may carry them too (a verdict per run).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``group``, ``indicator``, ``entity``, ``other_id``, ``verdict`` (one
        of :data:`VERDICTS`), ``reason`` (for the two excluded verdicts),
        ``possibly_better`` and ``possibly_worse``.

    Raises
    ------
    ValueError
        For a direction other than higher/lower, duplicated rows, reversed
        intervals, or a missing pair in ``comparability``.

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["a", "b"], "indicator_id": ["x", "x"],
    ...     "lower": [5.0, 1.0], "upper": [np.inf, 3.0], "direction": ["lower", "lower"]})
    >>> pair_verdicts(data)["verdict"].tolist()
    ['surely_worse', 'surely_better']
    """
    by = list(by)
    check_intervals(frame, [*by, entity, indicator], lower, upper)
    if framework is None:
        framework = {"overall": list(pd.unique(frame[indicator]))}
    ways = _directions(frame, indicator, direction)
    places = frame[[*by, entity]].drop_duplicates()
    members = pd.DataFrame([(str(g), i) for g, names in framework.items()
                            for i in dict.fromkeys(names)], columns=["group", indicator])
    if by:
        grid = places[by].drop_duplicates().merge(members, how="cross").merge(places, on=by)
    else:
        grid = members.merge(places, how="cross")
    columns = [*by, entity, indicator, lower, upper] + ([comparable] if comparable else [])
    cells = grid.merge(frame[columns], how="left", on=[*by, entity, indicator])
    flip = cells[indicator].map(ways).eq("lower").to_numpy(dtype=bool)
    lo, hi = cells[lower].to_numpy(dtype=float), cells[upper].to_numpy(dtype=float)
    cells["_lo"], cells["_hi"] = np.where(flip, -hi, lo), np.where(flip, -lo, hi)
    cells["_ok"] = cells[comparable].fillna(True).astype(bool) if comparable else True
    keep = [*by, "group", indicator, entity, "_lo", "_hi", "_ok"]
    pairs = cells[keep].merge(cells[keep].rename(columns={entity: "other_id", "_lo": "_olo",
                                                          "_hi": "_ohi", "_ok": "_ook"}),
                              on=[*by, "group", indicator])
    pairs = pairs[pairs[entity] != pairs["other_id"]].reset_index(drop=True)
    a_lo, a_hi = pairs["_lo"].to_numpy(), pairs["_hi"].to_numpy()
    b_lo, b_hi = pairs["_olo"].to_numpy(), pairs["_ohi"].to_numpy()
    ok = pairs["_ok"].to_numpy(dtype=bool) & pairs["_ook"].to_numpy(dtype=bool)
    flagged = np.where(pairs["_ok"].to_numpy(dtype=bool), pairs["other_id"], pairs[entity])
    reason = np.where(ok, "", [f"{city} flagged not comparable" for city in flagged])
    reason = reason.astype(object)
    if comparability is not None:
        pair_ok, pair_reason = _pair_comparable(pairs, comparability, indicator, entity,
                                                [b for b in by if b in comparability.columns])
        reason = np.where(ok & ~pair_ok, pair_reason, reason)
        ok &= pair_ok
    reported = ~np.isnan(a_lo) & ~np.isnan(b_lo)
    missing = np.where(np.isnan(a_lo), pairs[entity], pairs["other_id"])
    verdict = np.select(
        [~ok, ~reported, (a_lo == a_hi) & (b_lo == b_hi) & (a_lo == b_lo), a_lo > b_hi,
         a_hi < b_lo],
        ["not_comparable", "not_reported", "equal", "surely_better", "surely_worse"],
        "undecided")
    reason = np.where(ok & ~reported, [f"{m} not reported" for m in missing], reason)
    compared = ok & reported
    return pd.DataFrame({
        **{b: pairs[b] for b in by},
        "group": pairs["group"], indicator: pairs[indicator], entity: pairs[entity],
        "other_id": pairs["other_id"], "verdict": verdict, "reason": reason.astype(str),
        # not comparable or not reported is unknown, not a tie: either order is possible
        "possibly_better": ~compared | (a_hi > b_lo), "possibly_worse": ~compared | (a_lo < b_hi),
    })


def pairwise(frame: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """Verdict counts and dominance for every group and ordered pair of cities.

    Parameters
    ----------
    frame : pandas.DataFrame
        As for :func:`pair_verdicts`.
    **kwargs
        Passed to :func:`pair_verdicts` (``framework``, ``comparable``,
        ``comparability``, column names).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``group``, the entity column, ``other_id``, one count column per
        verdict (``surely_better`` ... ``not_reported``), ``possibly_better``,
        ``possibly_worse``, ``n_compared``, ``necessary`` and ``possible``
        (dominance of the first city over the second, see the module notes).

    Examples
    --------
    >>> data = pd.DataFrame({"place_id": ["a", "b", "a", "b"], "indicator_id": list("xxyy"),
    ...     "lower": [5.0, 3.0, 2.0, 2.0], "upper": [5.0, 3.0, 2.0, 2.0],
    ...     "direction": ["higher"] * 4})
    >>> pairwise(data)[["place_id", "surely_better", "equal", "necessary"]].to_numpy().tolist()
    [['a', 1, 1, True], ['b', 0, 1, False]]
    """
    return tally(pair_verdicts(frame, **kwargs), by=kwargs.get("by", ()),
                 entity=kwargs.get("entity", "place_id"))


def tally(verdicts: pd.DataFrame, *, by: Sequence[str] = (), entity: str = "place_id"
          ) -> pd.DataFrame:
    """Verdict counts and dominance per group and ordered pair, from verdicts already drawn.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        One row per group, indicator and ordered pair, as :func:`pair_verdicts`
        returns them (``verdict``, ``possibly_better``, ``possibly_worse``).
    by : sequence of str
        Key columns of separate problems.
    entity : str
        The column of the first city.

    Returns
    -------
    pandas.DataFrame
        As :func:`pairwise`.
    """
    by = list(by)
    keys = [*by, "group", entity, "other_id"]
    names = [v.replace(" ", "_") for v in VERDICTS]
    tally = verdicts[keys].assign(**{name: verdicts["verdict"] == v
                                     for name, v in zip(names, VERDICTS, strict=True)},
                                  possibly_better=verdicts["possibly_better"],
                                  possibly_worse=verdicts["possibly_worse"])
    out = tally.groupby(keys, sort=False).sum().astype(int).reset_index()
    out["n_compared"] = out[[v.replace(" ", "_") for v in _COMPARED]].sum(axis=1)
    out["necessary"] = (out["n_compared"] > 0) & (out["possibly_worse"] == 0) & \
        (out["surely_better"] > 0)
    out["possible"] = (out["n_compared"] > 0) & (out["surely_worse"] == 0) & \
        (out["possibly_better"] > 0)
    return out


def copeland(pairs: pd.DataFrame) -> pd.DataFrame:
    """Copeland scores as intervals, from the output of :func:`pairwise`.

    Parameters
    ----------
    pairs : pandas.DataFrame
        What :func:`pairwise` returned.

    Returns
    -------
    pandas.DataFrame
        Per group and city: ``opponents``, ``uncompared`` (opponents with no
        compared indicator: neither a win nor a loss), ``surely_wins``,
        ``possible_wins``, ``surely_losses``, ``possible_losses`` and the score
        interval ``lower = surely_wins - possible_losses``,
        ``upper = possible_wins - surely_losses``.

    Examples
    --------
    The module's worked example:

    >>> data = pd.DataFrame({"place_id": list("abcabc"), "indicator_id": list("xxxyyy"),
    ...     "lower": [5.0, 3, 4, 1, 2, 0], "upper": [5.0, 3, 6, 1, 2, 0],
    ...     "direction": ["higher"] * 6})
    >>> copeland(pairwise(data))[["place_id", "lower", "upper"]].to_numpy().tolist()
    [['a', 0, 1], ['b', 0, 0], ['c', -1, 0]]
    """
    columns = list(pairs.columns)
    keys = columns[:columns.index("group") + 2]  # the by columns, group and the entity
    scored = pairs[keys].assign(
        opponents=1,
        uncompared=pairs["n_compared"] == 0,
        surely_wins=pairs["surely_better"] > pairs["possibly_worse"],
        possible_wins=pairs["possibly_better"] > pairs["surely_worse"],
        surely_losses=pairs["surely_worse"] > pairs["possibly_better"],
        possible_losses=pairs["possibly_worse"] > pairs["surely_better"],
    )
    out = scored.groupby(keys, sort=False).sum().astype(int).reset_index()
    out["lower"] = out["surely_wins"] - out["possible_losses"]
    out["upper"] = out["possible_wins"] - out["surely_losses"]
    return out
