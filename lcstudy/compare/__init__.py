"""The comparison: choices, indicators, the one comparability engine, summaries, robustness.

``choices`` holds the analyst's choices and ``indicators`` applies them to the
claims; ``periods`` gives each city its evidence period per indicator and
``comparability`` draws every pair's verdict over the years both cover (the
one engine), with its reason from ``reasons``; ``framework`` groups
indicators by KFLC area; ``normalisation`` puts intervals on one scale;
``relations`` tables the relations between places; ``sensitivity`` runs the
comparison under many choices at once; ``aggregate`` and ``dominance`` are
the composite-indicator steps, and ``summaries`` applies them per area;
``design`` lays out the full factorial of the choices, ``variance`` computes
each factor's exact effect shares over it, ``robustness`` runs the joint
factorial and ``factorial`` reports on its runs (rank and verdict summaries,
what each choice moves); ``findings`` writes the result sentences from the
verdicts and the factorial.
"""
