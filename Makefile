# Two commands: `make run` serves the archive at http://127.0.0.1:8000/, `make test` checks it.
# Both create .venv on first use and reinstall only when pyproject.toml changes. `make serve`
# serves it as in production: debug off, gunicorn and WhiteNoise (README, "Deploying").

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

.PHONY: run serve test lint bench score load clean

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
	$(PY) manage.py rebuild_search_index --missing
	$(PY) manage.py ensure_editor
	$(PY) manage.py runserver 127.0.0.1:8000

# Debug off whatever the environment says (DJANGO_DEBUG is unset, not just overridden), as an
# operator deploys: collectstatic builds WhiteNoise's manifest, without which every page is a 500.
# The secret key is $DJANGO_SECRET_KEY or else var/secret_key, written once with a random key
# (var/ is not tracked); the hosts are $DJANGO_ALLOWED_HOSTS or else the loopback names.
BIND ?= 127.0.0.1:8000
SECRET_KEY_FILE := var/secret_key
# Gunicorn speaks plain HTTP: no redirect to HTTPS and no Secure-only cookies, unless the
# environment asks for them (behind a TLS proxy).
SERVE_ENV = env -u DJANGO_DEBUG \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}" \
	DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-0}"

serve: $(INSTALLED) $(if $(DJANGO_SECRET_KEY),,$(SECRET_KEY_FILE))
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	exec $(SERVE_ENV) $(VENV)/bin/gunicorn --config archive/gunicorn.conf.py --bind $(BIND) \
	    archive.wsgi

$(SECRET_KEY_FILE): | $(PY)
	mkdir -p $(@D)
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' >$@

# The suite runs on every core (pytest-xdist); a file's tests stay on one worker, since the
# browser and live-server files share a server per module. PYTEST_PARALLEL= runs it serially.
PYTEST_PARALLEL ?= -n auto --dist loadfile

# Both passes always run; the target fails if either does. The first pass ignores any
# DATABASE_URL in the environment, the second gets one from .ci/with-postgres. Before them,
# .ci/ensure-browser installs chromium and a CJK font for tests/test_browser.py when missing.
test: $(INSTALLED) lint
	@.ci/ensure-browser
	@sqlite=passed; postgresql=passed; \
	echo "=== Pass 1 of 2: SQLite"; \
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_PARALLEL) || sqlite=FAILED; \
	echo "=== Pass 2 of 2: PostgreSQL, throwaway cluster"; \
	.ci/with-postgres $(VENV)/bin/pytest $(PYTEST_PARALLEL) || postgresql=FAILED; \
	echo "=== SQLite pass $$sqlite, PostgreSQL pass $$postgresql"; \
	[ $$sqlite = passed ] && [ $$postgresql = passed ]

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Prints and keeps in var/bench/ the import's speed against bare jieba.cut and the pages'
# server times over the seeds, then over the scale corpus of BENCH_PAGES pages (built once
# by the real importer and cached in var/load/, as for `make load`; long the first time).
BENCH_PAGES ?= 25000
bench: $(INSTALLED)
	mkdir -p var/bench
	{ $(PY) -m tests.bench && $(PY) -m tests.bench_scale --pages $(BENCH_PAGES); } 2>&1 \
	    | tee var/bench/$$(date +%Y%m%d-%H%M%S).txt

score: $(INSTALLED)
	$(PY) -m tests.scoring

# Not part of `make test`: the public pages under LOAD_USERS connections for LOAD_SECONDS,
# served as `make serve` does, over the scale corpus of LOAD_PAGES pages. The first run of a
# page count builds its database (long at the default) and caches it in var/load/.
LOAD_PAGES ?= 25000
LOAD_SEED ?= 1
LOAD_SECONDS ?= 60
LOAD_USERS ?= 32
load: $(INSTALLED)
	$(PY) -m tests.load.run --pages $(LOAD_PAGES) --seed $(LOAD_SEED) \
	    --seconds $(LOAD_SECONDS) --users $(LOAD_USERS)

# Build and cache artefacts only: .venv and the local database (db.sqlite3) stay.
clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles test-output *.egg-info build dist
