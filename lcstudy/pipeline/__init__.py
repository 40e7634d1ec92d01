"""The main job: processed tables built, notebooks run, outputs verified.

``build`` writes ``data/processed`` from ``data/raw``; ``outputs`` says which
files are the study's; ``notebooks`` runs a notebook in place without run
metadata; ``reproduce`` rebuilds and re-runs everything and verifies it;
``dictionary`` writes the data dictionary.
"""
