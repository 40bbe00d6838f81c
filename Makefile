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
	@echo "make test-configs  the chapters under strict nbval in other numerical set-ups (part of make test)"
	@echo "make notebooks  re-execute every chapter and the explorer gallery in place (maintainers)"
	@echo "make check-notebooks  re-execute them and fail if git sees any change (maintainers)"
	@echo "make student    write the student edition (exercises emptied) into student/"
	@echo "make bench      print the performance figures (benchmarks/)"
	@echo "make html       render the chapters, with their stored outputs, to static pages in site/"
	@echo "make clean      remove .venv, caches, site/ and student/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install only when pyproject.toml changes.
$(VENV)/.base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(VENV)/.base $@

# Jupyter refuses to run as root unless told; containers (Binder, Docker, CI) often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(VENV)/.base
	$(BIN)/jupyter lab notebooks/ $(ALLOW_ROOT)

test: $(VENV)/.test
	$(BIN)/python -m pytest tests notebooks $(NBVAL)
	$(MAKE) --no-print-directory test-configs

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
$(VENV)/.html: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[html]"
	touch $(VENV)/.base $@

html: $(VENV)/.html
	rm -rf site
	$(BIN)/python -m coursekit.release html notebooks/ site/

bench: $(VENV)/.test
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_widgets.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis site student
