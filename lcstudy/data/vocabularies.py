"""The controlled vocabularies of the coding: the only values some raw columns take.

Each is declared once, here; :mod:`lcstudy.data.schema` names it as the
``allowed`` values of its columns and data/README.md explains every value.
"""

from __future__ import annotations

__all__ = [
    "CONFIDENCE",
    "QUALIFIERS",
    "NOT_STATED",
    "STATUSES",
    "RELATIONS",
    "INFERRED",
    "KFLC_LEVELS",
    "VOICES",
]

#: How far a figure can be trusted (see data/README.md).
CONFIDENCE = (
    "document",
    "official",
    "official-via-news",
    "official-via-secondary",
    "secondary",
    "news",
    "press",
    "weak",
    "uncertain-date",
)

#: How the text stated a quantity; each maps to a rule on value, lower and upper.
QUALIFIERS = ("exact", "at_least", "more_than", "about", "a_few", "several", "plural")

#: Whether what a fact states has happened: only ``happened`` is counted.
STATUSES = ("happened", "planned", "announced")

#: How a relation binds its two parties (see data/README.md).
RELATIONS = ("made", "shared", "hosted_by")

#: What part of a fact may be inferred rather than read (``facts.inferred``).
INFERRED = ("date", "place", "partner", "bound", "occurrence", "occasion", "count")

#: Levels of UNESCO's Key Features of Learning Cities, top first.
KFLC_LEVELS = ("area", "focus", "feature")

#: Whose voice a source is (``sources.voice``).
VOICES = ("city", "press", "unesco", "statistics", "reference")

#: The ``counts_as`` of a population definition whose figures say not whom they
#: count: comparable with none (see :data:`lcstudy.data.schema.POPULATION_DEFINITIONS`).
NOT_STATED = "not stated"
