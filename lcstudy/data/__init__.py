"""The tables: ``data/raw`` read, checked and loaded, and ``data/processed`` described.

``vocabularies`` holds the values some columns allow, ``columns`` how a table
is declared; ``schema`` declares every raw table and ``datapackage`` every
processed one; ``spreadsheets`` knows what spreadsheet programs do to a CSV;
``cell_checks`` checks each cell against its column, ``csv_parser`` reads a
CSV file's structure and ``csv_reader`` reads a raw CSV with both; ``evidence`` loads the raw tables into one :class:`~lcstudy.data.evidence.Evidence`;
``provenance`` checks documents against their hashes and ``registration``
registers new ones;
``population`` reads the populations; ``checking`` holds what the rule groups
share, ``fact_checks``, ``list_checks`` and ``place_checks`` are the rule
groups, and ``validate`` runs every check; ``csv_writer`` writes deterministic
CSV and ``processed`` reads the processed tables back.
"""
