"""How a raw table is declared: its columns, their types, allowed values and keys.

:mod:`lcstudy.data.schema` declares every table of ``data/raw`` with these;
the validator, the loader and the data dictionary read the declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Column", "Table", "TYPES"]

#: Column types understood by the validator.
TYPES = ("id", "text", "integer", "number", "date", "partial_date", "boolean")


@dataclass(frozen=True)
class Column:
    """One column of a raw table.

    Parameters
    ----------
    name : str
        Header as it appears in the CSV file.
    type : str
        One of ``id`` (lower-case letters, digits, ``-`` and ``_``), ``text``,
        ``integer``, ``number``, ``date`` (``YYYY-MM-DD``), ``partial_date``
        (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or ``boolean``
        (``true``/``false``, in any case: spreadsheets write ``TRUE``/``FALSE``).
    description : str
        Meaning of the column, for the data dictionary.
    required : bool
        Whether every row must have a value.
    unit : str
        Unit of the values, empty when not a quantity.
    allowed : tuple of str
        The only values allowed, when the column is an enumeration.
    references : str
        ``"table.column"`` that every value must exist in, if any.
    minimum, maximum : float, optional
        Inclusive bounds for numbers, integers and (as years) dates.
    pattern : str
        Regular expression a text value must match in full.
    unique : bool
        Whether values must be unique within the table.
    """

    name: str
    type: str
    description: str
    required: bool = False
    unit: str = ""
    allowed: tuple[str, ...] = ()
    references: str = ""
    minimum: float | None = None
    maximum: float | None = None
    pattern: str = ""
    unique: bool = False


@dataclass(frozen=True)
class Table:
    """One CSV file of ``data/raw``.

    Parameters
    ----------
    name : str
        Table name, also the file stem (``facts`` is ``facts.csv``).
    description : str
        What one row says.
    columns : tuple of Column
        Columns in file order.
    key : tuple of str
        Columns whose combination must be unique.
    may_be_empty : bool
        Whether a study may have no rows in it (a header only).
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = field(default_factory=tuple)
    may_be_empty: bool = False

    @property
    def file_name(self) -> str:
        """The CSV file name."""
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return next(c for c in self.columns if c.name == name)
