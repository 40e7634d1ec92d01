"""How a raw table is declared: :class:`lcstudy.data.columns.Table` and its columns."""

from __future__ import annotations

from lcstudy.data.columns import Column, Table


def test_table_column_lookup():
    table = Table("t", "d", (Column("a", "id", "first"), Column("b", "text", "second")))
    assert table.column("b").description == "second"
