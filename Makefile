# The course's commands. `make lab` and `make test` are all a newcomer needs:
# each creates .venv with the Python it finds when the venv is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
NBVAL  := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help lab test test-configs notebooks check-notebooks bench clean

help:
	@echo "make lab        install the course into $(VENV) and open it in JupyterLab"
	@echo "make test       install the test tools into $(VENV) and run every test"
	@echo "make test-fast  the unit tests only (no notebooks, no browser), in about a minute"
	@echo "make test-configs  the chapters under strict nbval in other numerical set-ups (part of make test)"
	@echo "make test-oldest  the tests (browser aside) on the oldest versions pyproject.toml allows"
	@echo "make notebooks  re-execute every chapter and the explorer gallery in place (maintainers)"
	@echo "make check-notebooks  re-execute them and fail if git sees any change (maintainers)"
	@echo "make student    write the student edition (exercises emptied) into student/"
	@echo "make grade SUBMISSIONS=dir  grade a class's notebooks into grades/ (docs/homework.md)"
	@echo "make bench      print the performance figures (benchmarks/)"
	@echo "make html       render the chapters, with their stored outputs, to static pages in site/"
	@echo "make slides     write a reveal.js deck per chapter into slides/ (works offline; docs/teaching.md)"
	@echo "make clean      remove .venv, caches, site/, slides/ and student/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install only when pyproject.toml changes.
$(VENV)/.base: pyproject.toml jupyter/overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(MAKE) --no-print-directory lab-settings
	touch $@

# The course's own JupyterLab defaults, inside the venv (never the user's home): no "get notified
# about Jupyter news?" box over the first chapter. JupyterLab reads overrides.json from there.
.PHONY: lab-settings
lab-settings: | $(BIN)/python
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json

$(VENV)/.test: pyproject.toml jupyter/overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(MAKE) --no-print-directory lab-settings
	touch $(VENV)/.base $@

# Jupyter refuses to run as root unless told; containers (Binder, Docker, CI) often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(VENV)/.base
	$(BIN)/jupyter lab notebooks/ $(ALLOW_ROOT)

test: $(VENV)/.test
	$(BIN)/python -m pytest tests notebooks $(NBVAL)
	$(MAKE) --no-print-directory test-configs

# Quick feedback while working: the unit tests, without the notebooks, the browser and anything
# marked slow (under a minute on 2 cores). `make test` stays the full gate.
.PHONY: test-fast
test-fast: $(VENV)/.test
	$(BIN)/python -m pytest tests -m "not slow and not browser and not notebook" -q

# Printed outputs are test references on every machine, so the chapters must print the same
# text whichever kernels the BLAS picks and however figures are shown. Each set-up runs the
# chapters under strict nbval: OpenBLAS forced to an old core type (other kernels, other
# round-off; harmless where numpy uses another BLAS), one thread, and a server's Agg backend.
NB_CONFIGS := OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=1 MPLBACKEND=Agg
test-configs: $(VENV)/.test
	@for config in $(NB_CONFIGS); do \
	    echo "== chapters under strict nbval with $$config"; \
	    env $$config $(BIN)/python -m pytest notebooks $(NBVAL) -q -p no:cacheprovider || exit 1; \
	done

# The oldest versions pyproject.toml allows, pinned in .ci/oldest-constraints.txt, under Python
# 3.10, in a venv of their own that is rebuilt from scratch whenever the pins or pyproject.toml
# change (an upgrade in place could keep a newer release). Everything `make test` runs but the
# browser test (marked browser).
PYTHON_OLDEST ?= python3.10
OLDEST := .venv-oldest

$(OLDEST)/.test: pyproject.toml .ci/oldest-constraints.txt
	@$(PYTHON_OLDEST) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null || { \
	    echo "make test-oldest needs Python 3.10, the oldest pyproject.toml allows, and '$(PYTHON_OLDEST)' is not one." >&2; \
	    echo "Name it: make test-oldest PYTHON_OLDEST=/path/to/python3.10 (with pyenv: PYENV_VERSION=3.10 make test-oldest)" >&2; \
	    exit 1; }
	rm -rf $(OLDEST)
	$(PYTHON_OLDEST) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -c .ci/oldest-constraints.txt -e ".[test]"
	touch $@

.PHONY: test-oldest
test-oldest: $(OLDEST)/.test
	$(OLDEST)/bin/python -m pytest tests notebooks $(NBVAL) -m "not browser"

notebooks: $(VENV)/.test
	$(BIN)/python -m coursekit.release execute notebooks/

# Re-executing unchanged notebooks must write the same bytes (no timing, ids or versions stored).
check-notebooks: notebooks
	git diff --exit-code --stat -- notebooks/

# Always rebuilt (phony, and student/ is removed first) so no stale or renamed chapter survives.
.PHONY: student
student: $(VENV)/.base
	rm -rf student
	$(BIN)/python -m coursekit.release student notebooks/ student/

# The offline edition: static pages from the stored outputs (nothing is executed), site/index.html
# first. Always rebuilt from scratch, like student/.
.PHONY: html
$(VENV)/.html: pyproject.toml jupyter/overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[html]"
	$(MAKE) --no-print-directory lab-settings
	touch $(VENV)/.base $@

html: $(VENV)/.html
	rm -rf site
	$(BIN)/python -m coursekit.release html notebooks/ site/

# Lecture slides: a reveal.js deck per chapter with slide tags, from the stored outputs, with
# reveal.js and MathJax (the html extra's) copied beside the decks. Always rebuilt from scratch.
.PHONY: slides
slides: $(VENV)/.html
	rm -rf slides
	$(BIN)/python -m coursekit.release slides notebooks/ slides/

# Grade a class: make grade SUBMISSIONS=folder (one folder per student); writes grades/.
SUBMISSIONS ?= submissions
.PHONY: grade
grade: $(VENV)/.base
	$(BIN)/python -m coursekit.grade $(SUBMISSIONS) --out grades/gradebook.csv

bench: $(VENV)/.test
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_digits.py

clean:
	rm -rf $(VENV) $(OLDEST) build *.egg-info .pytest_cache .hypothesis site student slides
