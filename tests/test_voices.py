"""Source voices (:mod:`lcstudy.coding.voices`): whose documents each study city is seen through."""

from __future__ import annotations

import pandas as pd


def test_source_voices_tell_a_citys_own_releases_from_a_partners():
    from lcstudy.coding.voices import source_voices
    claims = pd.DataFrame({"claim": ["c1", "c2", "c3"], "place_id": ["a", "b", "b"],
                           "source_ids": ["rel", "rel", "rel;un"]})
    sources = pd.DataFrame({"source_id": ["rel", "un"], "voice": ["city", "unesco"],
                            "voice_place_id": ["a", None]})
    out = source_voices(claims, sources, ["a", "b"])
    assert out[["place_id", "voice", "claims", "share"]].values.tolist() == [
        ["a", "own city", 1, 100.0], ["b", "another city", 2, 66.7], ["b", "unesco", 1, 33.3]]
