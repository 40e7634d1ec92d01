"""The analyst's choices (:class:`lcstudy.compare.choices.Choices`): defaults and the normalisations a build accepts."""

from __future__ import annotations

import pytest

from lcstudy.compare.choices import BUILD_NORMALISATIONS, Choices
from lcstudy.compare.normalisation import METHODS


def test_default_choices():
    assert Choices() == Choices(series="official", definition=None, normalisation="minmax")


@pytest.mark.parametrize("method", BUILD_NORMALISATIONS)
def test_choices_accept_every_build_normalisation(method):
    assert Choices(normalisation=method).normalisation == method


@pytest.mark.parametrize("method", [m for m in METHODS if m not in BUILD_NORMALISATIONS]
                         + ["min-max", ""])
def test_choices_refuse_other_normalisations(method):
    with pytest.raises(ValueError, match=f"normalisation must be one of .*not {method!r}"):
        Choices(normalisation=method)
