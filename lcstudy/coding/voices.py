"""Source voices: whose documents each study city is seen through.

A city seen mostly through another city's releases (a partner announcing a
joint agreement) is seen through that partner's eyes; :func:`source_voices`
counts each city's claims by the voice of their sources (:data:`VOICE_LABELS`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["VOICE_LABELS", "source_voices"]


#: Whose documents a city is seen through, in display order.
VOICE_LABELS = {"own city": "its own city government", "another city": "another city's government",
                "press": "the press", "unesco": "UNESCO or UIL", "statistics": "statistical offices",
                "reference": "reference works"}


def source_voices(claims: pd.DataFrame, sources: pd.DataFrame, cities: Sequence[str]
                  ) -> pd.DataFrame:
    """Whose documents each study city is seen through: its claims by the voice of their sources.

    A city seen mostly through another city's releases (a partner announcing
    a joint agreement) is seen through that partner's eyes; a reviewer weighs
    its evidence accordingly.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims (:func:`lcstudy.coding.claims.claims`), each with its ``source_ids``.
    sources : pandas.DataFrame
        The raw ``sources`` table (``voice``, ``voice_place_id``).
    cities : sequence of str
        The study cities, in order.

    Returns
    -------
    pandas.DataFrame
        One row per city and voice (:data:`VOICE_LABELS`, in that order):
        ``place_id``, ``voice``, ``claims`` (how many of the city's claims a
        source of that voice codes; a claim coded by two voices counts for
        each), ``share``: percent of the city's (claim, voice) pairs, so the
        shares of a city add up to 100, and ``source_ids``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim": ["c1", "c2"], "place_id": ["a", "a"],
    ...     "source_ids": ["s1", "s1;s2"]})
    >>> sources = pd.DataFrame({"source_id": ["s1", "s2"], "voice": ["city", "unesco"],
    ...     "voice_place_id": ["b", None]})
    >>> source_voices(claims, sources, ["a"])[["voice", "claims", "share"]].values.tolist()
    [['another city', 2, 66.7], ['unesco', 1, 33.3]]
    """
    mine = claims[claims["place_id"].isin(cities)][["claim", "place_id", "source_ids"]]
    mine = mine.drop_duplicates(["claim", "place_id"])
    cited = mine.assign(source_id=mine["source_ids"].str.split(";")).explode("source_id")
    known = sources.set_index("source_id")
    voice = cited["source_id"].map(known["voice"])
    own = (cited["source_id"].map(known["voice_place_id"]).astype(object)
           == cited["place_id"].astype(object)).to_numpy(dtype=bool)
    cited = cited.assign(voice=voice.where(voice != "city",
                                           np.where(own, "own city", "another city")))
    grouped = cited.groupby(["place_id", "voice"])
    out = pd.DataFrame({"claims": grouped["claim"].nunique(),
                        "source_ids": grouped["source_id"].agg(lambda ids: ";".join(sorted(set(ids))))})
    out = out.reset_index()
    totals = out.groupby("place_id")["claims"].sum()
    out["share"] = (100 * out["claims"] / out["place_id"].map(totals)).round(1)
    rank = {v: n for n, v in enumerate(VOICE_LABELS)}
    city_rank = {c: n for n, c in enumerate(cities)}
    out = out.sort_values(["place_id", "voice"], key=lambda s: s.map(
        city_rank if s.name == "place_id" else rank), ignore_index=True)
    return out[["place_id", "voice", "claims", "share", "source_ids"]]
