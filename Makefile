# litgraph: `make demo` and `make test` each set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev
DEMO_STORE ?= .litgraph-demo
DEMO_OUT ?= demo-out

.PHONY: setup demo test test-fast lint types pytest browser eval bench review clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Headless Chromium for the browser tests of the HTML views (Debian package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (Debian package) for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; fi; }

demo: setup
	$(PY) -m litgraph.demo --store embedded:$(DEMO_STORE) --out $(DEMO_OUT)

lint: setup
	$(VENV)/bin/ruff check src tests bench corpus
	$(VENV)/bin/ruff format --check src tests bench corpus

types: setup
	$(VENV)/bin/mypy

# exit code 5 is pytest's "no tests collected" (e.g. a -k filter matching nothing): not a failure
pytest: setup browser
	$(PY) -m pytest -q $(PYTEST_ARGS) || [ $$? -eq 5 ]

test: lint types pytest

# the quick loop: lint, types and every test not marked slow (`make test` runs them all)
test-fast: lint types setup browser
	$(PY) -m pytest -q -m "not slow" $(PYTEST_ARGS) || [ $$? -eq 5 ]

PDF_ENGINE ?= pdfminer
eval: setup
	$(PY) bench/eval_extraction.py ../shared/devset ../shared/devset/gold.jsonl --pdf-engine $(PDF_ENGINE)
	$(PY) bench/eval_header.py ../shared/devset/pdfs ../shared/devset/header-gold.jsonl --pdf-engine $(PDF_ENGINE)

# the forty questions of the scholars' review, asked again (prints the answers)
review: setup
	$(PY) bench/review_answers.py

bench: setup
	$(PY) bench/bench_build.py
	$(PY) bench/bench_queries.py

clean:
	rm -rf $(VENV) .litgraph $(DEMO_STORE) $(DEMO_OUT) test-artifacts .pytest_cache .mypy_cache .ruff_cache
