# SmartPortal: `make run` sets everything up and serves the portal; `make test` runs the checks.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test bench serve load backup translations migrate demo messages lint clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -c "import matplotlib.font_manager"  # builds matplotlib's font cache once, not on the first chart
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

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

test: $(VENV)/.installed-dev translations lint
	$(VENV)/bin/pytest

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
