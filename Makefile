# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint bench clean

$(BIN)/nqpf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(BIN)/nqpf
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/nqpf
	$(BIN)/nqpf extract demo/corpus --format table
	rm -f demo.duckdb demo.duckdb.wal
	$(BIN)/nqpf ingest demo/corpus --db demo.duckdb
	$(BIN)/nqpf regions --db demo.duckdb
	$(BIN)/nqpf overlap --crowded --top 5 --db demo.duckdb

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench tools

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/nqpf
	$(BIN)/python bench/extract.py --seeds $(SHARED)/seeds --docs 1000
	$(BIN)/python bench/ingest.py --seeds $(SHARED)/seeds --docs 1000
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/index.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
