# Branchwork: `make run` and `make test` work on a machine with only python3 (3.11) and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BW := $(BIN)/branchwork
HOST ?= 127.0.0.1
# Test processes (pytest-xdist); browser tests run in one process.
TEST_WORKERS ?= auto
PORT ?= 8000
export BRANCHWORK_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run test test-unit test-e2e lint format messages catalogs bench clean ci

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

# Compile the translation catalogs (.po -> .mo) with polib; no gettext needed.
messages: $(BIN)/.installed
	$(BW) compile_catalogs --check

# Update the .po catalogs from the source (maintainers; needs GNU gettext's xgettext).
catalogs: $(BIN)/.installed
	cd src/branchwork && ../../$(BW) makemessages --locale zh_Hans --locale en --no-obsolete --no-location
	$(BW) compile_catalogs --fill-english

run: $(BIN)/.installed messages
	$(BW) migrate --noinput
	$(BW) demo
	@echo
	@echo "  Branchwork is at http://$(HOST):$(PORT)/  (sign in as secretary / branchwork-demo)"
	@echo "  Data lives in $(BRANCHWORK_DATA_DIR). Stop with Ctrl+C."
	@echo
	$(BW) runserver --noreload $(HOST):$(PORT)

test: test-unit test-e2e

test-unit: $(BIN)/.installed messages
	$(BIN)/pytest -m "not e2e" -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup

test-e2e: $(BIN)/.installed messages
	$(BIN)/pytest -m e2e -q -p no:cacheprovider

# mypy (django-stubs) covers core and every app's rules, services and selectors.
TYPED := src/branchwork/core $(filter-out src/branchwork/core/%,$(wildcard src/branchwork/*/rules.py src/branchwork/*/services.py src/branchwork/*/selectors.py))

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)
	$(BW) makemigrations --check --dry-run

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var build src/*.egg-info test-artifacts
