# Two commands do all set-up on a fresh machine with Python 3.11, 3.12 or 3.13 and make:
#   make reproduce   rebuild data/processed, run every notebook, export every figure
#   make test        the test suite (unit tests, nbval over every notebook, verify)
# Another Python: make test PYTHON=/path/to/python3.12 (after make clean-venv if .venv exists).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Outputs must not depend on the machine: fixed hash seed, one kernel PATH.
export PYTHONHASHSEED := 0
export PATH := $(CURDIR)/$(BIN):$(PATH)

CITE_VENV := .venv-citation

.PHONY: install reproduce test lint lab bench bench-notebooks lock clean-venv citation help \
	python-check book test-book test-fast test-cities

install: $(STAMP) ## create or update .venv from requirements.lock (every target does it first)

help: ## list the targets
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/  make \1\t\2/p' $(firstword $(MAKEFILE_LIST)) | expand -t 24
	@echo "Variables: PYTHON=python3.12 (the Python of a new .venv), PORT=8889 IP=0.0.0.0 (make lab)"

# Reinstall only when the lock or the project metadata changed. The script checks
# the Python version before creating anything and removes .venv if a step fails.
# PYTHON= given (command line or environment) while .venv has another Python: stop and say so.
$(STAMP): requirements.lock pyproject.toml scripts/install_venv.sh | python-check
	@scripts/install_venv.sh "$(PYTHON)" $(VENV) requirements.lock --project
	touch $(STAMP)

python-check:
	@$(if $(filter command line environment%,$(origin PYTHON)),scripts/install_venv.sh "$(PYTHON)" $(VENV) --same-python,:)

reproduce: $(STAMP) ## the main job: rebuild data/processed, run every notebook, export every figure
	$(BIN)/lcstudy reproduce
	$(BIN)/python scripts/build_book.py

test: $(STAMP) citation lint ## every test: lint, unit, bad inputs, nbval twice, verify, other cities
	$(BIN)/lcstudy validate
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval --nbval-current-env notebooks
	# The same outputs under another hash seed, time zone and locale.
	PYTHONHASHSEED=4321 TZ=Pacific/Auckland LC_ALL=C.UTF-8 LANG=C.UTF-8 \
	  $(BIN)/python -m pytest --nbval --nbval-current-env notebooks
	$(BIN)/lcstudy verify

# The suite on data that is not the shipped study (issue 22; CI runs it after make test,
# .ci/run): a temporary copy of the
# checkout with two generated cities of other countries added (scripts/foreign_cities.py,
# names checked against every cell of data/raw), reproduced, then every unit test with
# LCSTUDY_ROOT on the copy and nbval over the copy's notebooks; then the same copy with
# the checkout's last study city (Gongju in the shipped data) no longer one. One copy
# serves both (no second copy, one reproduce each).
# Trade-off: in the copy, test_add_city's own adapted-copy run (a further copy running the
# study tests, about 95 s) is left out, since the copy run is that check on more data;
# every other test runs, so each variant adds about 3.5 minutes to make test.
CITIES_SKIP := not test_the_study_tests_pass_on_the_adapted_copy
test-cities: $(STAMP) ## the suite, notebooks included, with two generated foreign cities, then without the last shipped study city
	@copy=$$(mktemp -d) && trap 'rm -rf "$$copy"' EXIT && \
	for step in "" "--drop last"; do \
	  $(BIN)/python scripts/foreign_cities.py "$$copy" $$step && \
	  LCSTUDY_ROOT="$$copy" $(BIN)/python -m pytest -q tests -k "$(CITIES_SKIP)" && \
	  (cd "$$copy" && LCSTUDY_ROOT="$$copy" $(CURDIR)/$(BIN)/python -m pytest -q --nbval \
	    --nbval-current-env notebooks) || exit 1; \
	done

# The unit tests without the slow ones (project copies rebuilt, subprocesses, notebooks):
# under a minute, for the edit-test loop. make test runs everything.
test-fast: $(STAMP) ## the unit tests without the slow ones (under a minute)
	$(BIN)/python -m pytest tests -m "not slow" -q

# The study as a static HTML book in _build/book (git-ignored), from the committed
# notebooks as they are: nothing is executed. Open _build/book/index.html.
book: $(STAMP) ## the study as an HTML book in _build/book (from the committed notebooks)
	$(BIN)/python scripts/build_book.py

# The book in headless Chromium (apt-get install chromium): pages, images, links.
# Also part of `pytest tests`, so of make test.
test-book: $(STAMP) ## the book in headless Chromium
	$(BIN)/python -m pytest tests/test_book.py

# Lint and types, as configured in pyproject.toml (also run by pre-commit).
lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check lcstudy tests benchmarks scripts book notebooks
	$(BIN)/mypy

# JupyterLab rooted at the project (data/ and figures/ browsable), opening notebooks/;
# PORT= and IP= choose where it listens (e.g. IP=0.0.0.0 in a container); as root
# (uid 0, as in many containers) it passes --allow-root, which Jupyter requires.
PORT ?=
IP ?=
lab: $(STAMP) ## JupyterLab on the project, opening notebooks/ (PORT=, IP=)
	$(BIN)/jupyter lab --notebook-dir=. --ContentsManager.preferred_dir=notebooks$(if $(PORT), --port=$(PORT))$(if $(IP), --ip=$(IP))$(if $(filter 0,$(shell id -u)), --allow-root)

citation: $(CITE_VENV)/.installed ## validate CITATION.cff
	$(CITE_VENV)/bin/cffconvert --validate -i CITATION.cff

$(CITE_VENV)/.installed: requirements-citation.lock scripts/install_venv.sh
	@scripts/install_venv.sh "$(PYTHON)" $(CITE_VENV) requirements-citation.lock
	touch $@

# The pipeline benchmark, then the kernel one; fails if either misses a target.
bench: $(STAMP) ## the pipeline and normalisation benchmarks
	status=0; $(BIN)/python benchmarks/bench_pipeline.py || status=$$?; \
	  $(BIN)/python benchmarks/bench_normalise.py && exit $$status

bench-notebooks: $(STAMP) ## each notebook against a bare kernel
	$(BIN)/python benchmarks/bench_notebooks.py

# Re-resolve the pins from requirements.in in a throw-away environment.
lock: ## re-resolve requirements.lock from requirements.in
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	{ echo '# Exact pins of every package the project installs (generated by `make lock` from requirements.in).'; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean-venv: ## remove .venv and .venv-citation
	rm -rf $(VENV) $(CITE_VENV)
