"""The exhibits: house style, figures, tables and maps for papers.

``style`` holds the palettes, city colours, sizes and style context;
``figures`` saves a figure with its data; ``tables`` writes paper tables
(LaTeX, Markdown, CSV, XLSX) and ``paper_tables`` builds and saves tab1-tab6;
``plots`` draws intervals, ``coverage_plot``
the evidence matrix, ``comparability_plot`` fig3, ``timeline_plot`` fig4,
``gnlc_plot`` fig6, ``population_plot`` fig2 and ``robustness_plot`` fig7;
``geo`` loads the map layers and ``maps`` draws fig5.
"""
