# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint bench clean browser eval

$(BIN)/nqpf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@# an editable install leaves src uncompiled, and where PYTHONDONTWRITEBYTECODE is set every
	@# command would compile nqpf's modules again (a short command's start-up ~25 ms more)
	$(BIN)/python -m compileall -q src
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
	$(BIN)/nqpf index compute --from-db --db demo.duckdb
	@echo 'nqpf is installed in .venv: run `source .venv/bin/activate` to type nqpf anywhere (see README)'

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench tools

# DuckDB's Python bindings (nanobind) list the objects still alive when the interpreter exits,
# ~70 "nanobind: leaked ..." lines after each pytest run; they say nothing about nqpf, so the
# stderr of each run is printed without them (the run's exit status is kept).
NANOBIND_NOISE := ^(nanobind: |See https://nanobind| - (leaked|\.\.\. skipped))

test: lint browser
	@for args in tests/test_api_schemathesis.py --ignore=tests/test_api_schemathesis.py; do \
	  status=0; $(BIN)/python -m pytest $$args 2>.pytest-stderr || status=$$?; \
	  grep -v -E '$(NANOBIND_NOISE)' .pytest-stderr >&2 || true; rm -f .pytest-stderr; \
	  [ $$status = 0 ] || exit $$status; done

# The extraction score table on every development set (seeds, dev English and Chinese, work reports).
eval: $(VENV)/.dev
	$(BIN)/python tools/eval_dev.py --shared $(SHARED)

# Debian's Chromium for the browser tests; installed when running as root (as CI does),
# otherwise those tests skip with a message saying so.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: browser tests will be skipped"; \
	  else echo "chromium not installed and not root: browser tests will be skipped"; fi; }

bench: $(VENV)/.dev
	$(BIN)/python bench/extract.py --seeds $(SHARED)/seeds --docs 1000
	$(BIN)/python bench/longtext.py --seeds $(SHARED)/seeds --report $(SHARED)/dev/work-reports/anhui-2025.docx
	$(BIN)/python bench/ingest.py --seeds $(SHARED)/seeds --docs 1000
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/index.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
