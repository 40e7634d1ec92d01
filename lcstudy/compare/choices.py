"""The analyst's choices that change the comparison (:class:`Choices`).

A sensitivity run is "change a choice and regenerate": the population series
and definition that divide the per-capita indicators, the normalisation of
the totals across the study cities (:data:`BUILD_NORMALISATIONS`) and the
window that narrows the period each pair is compared over.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BUILD_NORMALISATIONS", "DEFAULT_NORMALISATION", "Choices"]


#: Normalisation methods the build can apply (those needing no reference city or goalposts).
BUILD_NORMALISATIONS = ("minmax", "zscore", "rank", "percentile")
#: The normalisation used unless the analyst chooses another (the build's totals and the
#: aggregates per KFLC area).
DEFAULT_NORMALISATION = BUILD_NORMALISATIONS[0]


@dataclass(frozen=True)
class Choices:
    """The analyst's choices that change the comparison.

    Parameters
    ----------
    series : {"official", "press"}
        Population figures to divide by.
    definition : str, optional
        Only population figures of this definition.
    normalisation : {"minmax", "zscore", "rank", "percentile"}
        Normalisation across the study cities of the totals written to
        ``indicators.csv`` (the methods that need no reference city or goalposts).
    window : tuple of int, optional
        The analyst's window, first and last year: it narrows the period each
        city and each pair is compared over (:mod:`lcstudy.compare.comparability`),
        and never widens one. Default: none, each pair over the years both
        cities' evidence covers.

    Raises
    ------
    ValueError
        For another normalisation method, or a window whose end precedes its start.
    """

    series: str = "official"
    definition: str | None = None
    normalisation: str = DEFAULT_NORMALISATION
    window: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.normalisation not in BUILD_NORMALISATIONS:
            raise ValueError(f"normalisation must be one of {', '.join(BUILD_NORMALISATIONS)},"
                             f" not {self.normalisation!r}")
        if self.window is not None and (len(self.window) != 2 or self.window[0] > self.window[1]):
            raise ValueError(f"window must be (first year, last year), not {self.window!r}")
