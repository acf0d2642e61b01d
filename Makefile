# ipcredit — `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv system-deps clean demo

venv: $(STAMP)

# Re-install when the project's dependencies change.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip==25.3
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

# Debian packages the project needs (fonts, browser); a no-op when they are present.
system-deps:
	@bash scripts/system-deps.sh

HOST ?= 127.0.0.1
PORT ?= 8000

# The web application on the embedded SQLite database (./var) with demo data and logins.
run: venv
	$(BIN)/ipcredit keys init --if-missing
	$(BIN)/ipcredit db upgrade
	$(BIN)/ipcredit user demo
	$(BIN)/ipcredit serve --host $(HOST) --port $(PORT)

test: venv system-deps
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) var build dist test-artifacts .pytest_cache .hypothesis
