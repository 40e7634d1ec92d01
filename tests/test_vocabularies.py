"""The controlled vocabularies of the coding (:mod:`lcstudy.data.vocabularies`)."""

from __future__ import annotations

from lcstudy.data.vocabularies import QUALIFIERS


def test_qualifiers_are_the_seven_documented_ones():
    assert set(QUALIFIERS) == {"exact", "at_least", "more_than", "about", "a_few", "several",
                               "plural"}
