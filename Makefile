# ttdn — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/ttdn.duckdb
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
REPLICAS ?= 2
HOST ?= 127.0.0.1

.PHONY: install run db test lint format browser nginx serve bench bench-load eval-themes eval-extract clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(DB): $(STAMP) $(shell find data/plans data/reference -type f 2>/dev/null) ttdn/schema.sql
	$(BIN)/python -m ttdn build-default --db $(DB)

db: $(DB)

run: install db
	$(BIN)/streamlit run asgi.py --server.port $(PORT) --browser.gatherUsageStats false

browser:
	@test -x $(CHROMIUM) || (echo "Installing Chromium for the browser tests (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null)

nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (echo "Installing nginx for make serve (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null)

# N Streamlit replicas on 127.0.0.1 behind nginx on HOST:PORT (docs/deploy.md); Ctrl-C stops all
serve: install db nginx
	$(BIN)/python -m ttdn.serve --replicas $(REPLICAS) --port $(PORT) --host $(HOST) --db $(DB)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install browser nginx lint
	$(BIN)/pytest -q

bench: install db
	$(BIN)/python -m ttdn.bench

# concurrent sessions over Streamlit's websocket protocol, 1 process vs 2 replicas vs a
# bare page; hostile clients; writes bench-load.json (about 15 minutes)
bench-load: install nginx
	$(BIN)/python -m ttdn.bench.load_ws

eval-themes: install
	$(BIN)/python -m ttdn.eval.themes

# extract the seed texts (../shared/seeds) and compare with the gold workbooks in data/plans
eval-extract: install
	$(BIN)/python -m ttdn.extract.evaluate

clean:
	rm -rf $(VENV) $(DB) bench-results.json bench-load.json eval-themes.json eval-extract.json tests/screenshots
