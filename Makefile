# SmartPortal: `make run` sets everything up and serves the portal; `make test` runs the checks.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test bench serve load backup translations migrate demo messages lint lock clean

# The newest supported Python (3.11 to 3.13) on the PATH, unless PYTHON names one. Each candidate
# is run, not just looked up: a pyenv shim answers `command -v` for versions it cannot start.
PYTHON_SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c "$(PYTHON_SUPPORTED)" >/dev/null 2>&1 && echo $(p))))
endif
PYTHON_VERSION := $(if $(PYTHON),$(shell $(PYTHON) -c "import sys; print('%d.%d.%d' % sys.version_info[:3])" 2>/dev/null))

# .venv is complete only with this stamp, named for the interpreter's version: a .venv half made
# by a failed first run, or made by another Python, is removed and made again, never reused.
VENV_STAMP := $(VENV)/.complete-python-$(or $(PYTHON_VERSION),none)

$(VENV_STAMP):
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.11, 3.12 or 3.13 found (tried $(PYTHON_CANDIDATES))."; \
		echo "Install one, e.g. on Debian or Ubuntu: sudo apt install python3 python3-venv"; \
		echo "or name one: make PYTHON=/path/to/python3.12 ..."; exit 1; \
	elif ! $(PYTHON) -c "$(PYTHON_SUPPORTED)" 2>/dev/null; then \
		echo "PYTHON=$(PYTHON) is not Python 3.11, 3.12 or 3.13 ($(or $(PYTHON_VERSION),it does not start))."; \
		echo "Install one of those, or leave PYTHON unset to pick the newest found."; exit 1; \
	fi
	rm -rf $(VENV)
	@echo "Making $(VENV) with $(PYTHON) (Python $(PYTHON_VERSION))"
	@$(PYTHON) -m venv $(VENV) && $(PY) -m pip --version >/dev/null 2>&1 || { \
		rm -rf $(VENV); \
		echo "$(PYTHON) could not make a virtual environment with pip (no ensurepip)."; \
		echo "On Debian or Ubuntu: sudo apt install python3-venv (or python$(basename $(PYTHON_VERSION))-venv)"; \
		exit 1; }
	touch $@

# Installs only what the lock files pin, each file checked against its hash (README, "Dependencies").
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes

$(VENV)/.installed: $(VENV_STAMP) requirements.lock
	$(PIP_INSTALL) -r requirements.lock
	$(PY) -c "import matplotlib.font_manager"  # builds matplotlib's font cache once, not on the first chart
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev requirements-bench.lock
	$(PIP_INSTALL) -r requirements-bench.lock
	touch $@

# Writes the lock files from requirements*.txt with uv (pinned in requirements-dev.txt): one set of
# versions for every supported Python, each file's hashes as PyPI serves them. An existing pin is
# kept unless LOCK_ARGS says otherwise, e.g. LOCK_ARGS=--upgrade or --upgrade-package=django.
UV_COMPILE := $(VENV)/bin/uv pip compile --no-config --universal --fork-strategy fewest \
	--python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(VENV)/.installed-dev
	$(UV_COMPILE) -o requirements.lock requirements.txt
	$(UV_COMPILE) -c requirements.lock -o requirements-dev.lock requirements-dev.txt
	$(UV_COMPILE) -c requirements-dev.lock -o requirements-bench.lock requirements-bench.txt

# Compiles locale/*/LC_MESSAGES/django.po with Babel: no GNU gettext needed.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile --domain django --directory locale

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: translations demo
	@echo "SmartPortal at http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# PYTEST_ARGS passes options to pytest, e.g. PYTEST_ARGS=--ignore=tests/browser.
test: $(VENV)/.installed-dev translations lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Benchmarks on PostgreSQL (BENCH_DATABASE_URL; the database is created if missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/smartportal_bench
bench: $(VENV)/.installed translations
	$(PY) -c "import psycopg2, os; from urllib.parse import urlparse; u = urlparse('$(BENCH_DATABASE_URL)'); c = psycopg2.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname='postgres'); c.autocommit = True; cur = c.cursor(); cur.execute('SELECT 1 FROM pg_database WHERE datname = %s', [u.path[1:]]); cur.fetchone() or cur.execute('CREATE DATABASE ' + u.path[1:])"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/complaint_index.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/reports.py
	$(MAKE) --no-print-directory load

# Production settings under gunicorn on PostgreSQL, plain HTTP on 127.0.0.1:$(PORT) (LOCAL_HTTP):
# DATABASE_URL defaults to .../smartportal_serve, created if missing; see bench/serve.py.
serve: $(VENV)/.installed translations
	PORT=$(PORT) $(PY) bench/serve.py

# Load test (locust) of `make serve` on its own database (LOAD_DATABASE_URL, created if
# missing): LOAD_USERS users for LOAD_SECONDS seconds; exits non-zero on any error.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/smartportal_load
load: $(VENV)/.installed-bench translations
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) bench/load.py

# For developers changing texts (needs GNU gettext's xgettext): refresh the catalogs.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale az --locale en --locale ru --no-obsolete --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete

# PostgreSQL backup of DATABASE_URL (pg_dump, custom format) and of the uploads; README:
# "Backups" says how to restore with pg_restore.
BACKUP_DIR ?= backups
backup:
	@test -n "$(DATABASE_URL)" || { echo "Set DATABASE_URL=postgres://... (the database to back up)"; exit 2; }
	@mkdir -p "$(BACKUP_DIR)"
	@stamp=$$(date +%Y%m%d-%H%M%S); \
	pg_dump --format=custom --no-owner --file="$(BACKUP_DIR)/smartportal-$$stamp.dump" "$(DATABASE_URL)" && \
	echo "Database: $(BACKUP_DIR)/smartportal-$$stamp.dump"; \
	media=$$($(PY) -c "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'smartportal.settings.local'); import django; django.setup(); from django.conf import settings; print(settings.MEDIA_ROOT)" 2>/dev/null); \
	if [ -n "$$media" ] && [ -d "$$media" ] && [ -n "$$(ls -A "$$media")" ]; then \
		tar -czf "$(BACKUP_DIR)/media-$$stamp.tar.gz" -C "$$media" . && echo "Uploads: $(BACKUP_DIR)/media-$$stamp.tar.gz"; \
	fi
