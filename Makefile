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

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench tools

test: lint browser
	$(BIN)/python -m pytest tests/test_api_schemathesis.py
	$(BIN)/python -m pytest --ignore=tests/test_api_schemathesis.py

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
	$(BIN)/python bench/index.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
