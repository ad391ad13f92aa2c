# Two entry points for a fresh machine: `make run` and `make test`. Both create .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck audit bench clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null
	# torch is pinned to the CPU build in pyproject.toml; see README for machines without it on disk.
	$(BIN)/pip install --require-hashes --no-deps -r requirements/spacy-model.txt
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Sample catalog, demo accounts (development only; their sign-in details are printed), a year of synthetic
# casework for the demo agency (once; docs/demo-history.md) and the server.
run: install
	$(BIN)/wayfinder demo --history
	@echo "Demo sign-in details: printed above, and in docs/web-pages.md. Starting the server..."
	$(BIN)/wayfinder serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# Known vulnerabilities in installed dependencies (PyPI advisory data) and insecure patterns in our code.
audit: install
	# Needs PyPI's per-release JSON (or OSV); where neither is reachable it skips each package with a warning.
	$(BIN)/pip-audit --skip-editable --progress-spinner off
	$(BIN)/bandit -q -r api models matcher etl -c pyproject.toml

test: install lint typecheck audit
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .wayfinder .pytest_cache .mypy_cache .ruff_cache
