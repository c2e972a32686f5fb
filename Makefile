# Two commands: `make run` serves the archive at http://127.0.0.1:8000/, `make test` checks it.
# Both create .venv on first use and reinstall only when pyproject.toml changes.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
BOOTSTRAP_PYTHON := $(shell command -v python3.11 || command -v python3)

# Local development and CI only: debug on, so settings supply a development key and local hosts.
export DJANGO_DEBUG := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench score clean

$(PY):
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)

# The stamp is newer than pyproject.toml exactly when the install is up to date.
$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Every step is idempotent (load_roles adds only missing role categories), so a second
# `make run` adds nothing before serving.
run: $(INSTALLED)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_roles
	$(PY) manage.py load_gazetteer
	$(PY) manage.py import_stories --publish seeds/
	$(PY) manage.py ensure_editor
	$(PY) manage.py runserver 127.0.0.1:8000

# Both passes always run; the target fails if either does. The first pass ignores any
# DATABASE_URL in the environment, the second gets one from .ci/with-postgres.
test: $(INSTALLED) lint
	@sqlite=passed; postgresql=passed; \
	echo "=== Pass 1 of 2: SQLite"; \
	env -u DATABASE_URL $(VENV)/bin/pytest || sqlite=FAILED; \
	echo "=== Pass 2 of 2: PostgreSQL, throwaway cluster"; \
	.ci/with-postgres $(VENV)/bin/pytest || postgresql=FAILED; \
	echo "=== SQLite pass $$sqlite, PostgreSQL pass $$postgresql"; \
	[ $$sqlite = passed ] && [ $$postgresql = passed ]

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(INSTALLED)
	$(PY) -m tests.bench

score: $(INSTALLED)
	$(PY) -m tests.scoring

# Build and cache artefacts only: .venv and the local database (db.sqlite3) stay.
clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles *.egg-info
