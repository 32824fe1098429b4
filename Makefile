# NTM Portal — the one entry point. `make run` and `make test` need only Python 3.11, 3.12
# or 3.13: the newest found on the PATH is used (PYTHON=... picks another, VENV=... another
# virtualenv folder).
SUPPORTED_PYTHONS := python3.13 python3.12 python3.11 python3
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in $(SUPPORTED_PYTHONS); do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' \
	>/dev/null 2>&1 && { echo $$p; break; }; done)
endif
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check serve backup demo messages bench clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "NTM Portal needs Python 3.11, 3.12 or 3.13: none of $(SUPPORTED_PYTHONS) on the PATH is one of them. Install one (e.g. apt-get install python3.11) or run PYTHON=/path/to/python3.12 make ..."; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# A local .env with a generated SECRET_KEY, created once and kept (it is not in git).
.env:
	@$(PYTHON) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" > .env
	@echo "Created .env with a new SECRET_KEY."

# The demo on this computer: plain HTTP on 127.0.0.1, so no HTTPS redirect or secure cookies.
run: export HTTPS = 0
run: $(STAMP) .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py load_demo --if-empty
	@echo "NTM Portal is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# Production: gunicorn (workers from the CPU count, see ntm_portal/gunicorn_conf.py) after
# migrate and collectstatic, on SQLite or DATABASE_URL. HOST=0.0.0.0 to serve the LAN.
serve: $(STAMP) .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "NTM Portal (gunicorn) on http://$(HOST):$(PORT)/"
	HOST=$(HOST) PORT=$(PORT) exec $(BIN)/gunicorn --config ntm_portal/gunicorn_conf.py ntm_portal.wsgi

backup: $(STAMP) .env
	$(BIN)/python manage.py backup

demo: $(STAMP) .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(STAMP)
	SECRET_KEY=check-only $(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY=check-only $(BIN)/python manage.py check

# The suite runs in parallel (pyproject.toml); the browser journeys after it, one at a time.
test: lint check
	$(BIN)/pytest -m "not e2e"
	$(BIN)/pytest -m e2e -n 0

messages: $(STAMP)
	SECRET_KEY=messages-only $(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv
	SECRET_KEY=messages-only $(BIN)/python manage.py compilemessages --ignore=.venv

# Every benchmarks/*.py script prints its figures (see docs/PERFORMANCE.md).
bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Load test (benchmarks/load.sh): gunicorn + a temporary PostgreSQL database + wrk, 60 s per
# page at 20 connections; figures in docs/PERFORMANCE.md.
.PHONY: load
load: $(STAMP)
	VENV=$(VENV) benchmarks/load.sh
