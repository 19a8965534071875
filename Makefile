# A fresh machine has only Python: `make install` builds .venv from the pinned constraints.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME ?= $(CURDIR)/var/prefect

.PHONY: install run test lint bench eval soak clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: install
	mkdir -p $(PREFECT_HOME)
	$(BIN)/talkwatch run

# Two pytest workers (TEST_WORKERS=0 for one process): most end-to-end tests wait on subprocesses.
TEST_WORKERS ?= 2
test: install
	mkdir -p $(PREFECT_HOME)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist load

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/deptry .

bench: install
	mkdir -p $(PREFECT_HOME)
	$(BIN)/python -m benchmarks

# Every evaluation set's figures (dev, dev2 tune/untouched, probes, feed stress set); data from
# TALKWATCH_SHARED_DATA (default ../shared/data).
eval: install
	nice -n 10 $(BIN)/python -m benchmarks.eval_suite

soak: install
	mkdir -p $(PREFECT_HOME)
	TALKWATCH_SOAK_FULL=1 $(BIN)/python -m pytest -q -m reliability tests/reliability

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
