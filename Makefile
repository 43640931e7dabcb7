# ttdn — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/ttdn.duckdb
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: install run db test lint format browser bench eval-themes eval-extract clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(DB): $(STAMP) $(shell find data/plans data/reference -type f 2>/dev/null) ttdn/schema.sql
	$(BIN)/python -m ttdn build-default --db $(DB)

db: $(DB)

run: install db
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

browser:
	@test -x $(CHROMIUM) || (echo "Installing Chromium for the browser tests (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install browser lint
	$(BIN)/pytest -q

bench: install db
	$(BIN)/python -m ttdn.bench

eval-themes: install
	$(BIN)/python -m ttdn.eval.themes

# extract the seed texts (../shared/seeds) and compare with the gold workbooks in data/plans
eval-extract: install
	$(BIN)/python -m ttdn.extract.evaluate

clean:
	rm -rf $(VENV) $(DB) bench-results.json eval-themes.json eval-extract.json tests/screenshots
