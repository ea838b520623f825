# SmartPortal: `make run` sets everything up and serves the portal; `make test` runs the checks.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test bench translations migrate demo messages lint clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -c "import matplotlib.font_manager"  # builds matplotlib's font cache once, not on the first chart
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
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

test: $(VENV)/.installed-dev translations lint
	$(VENV)/bin/pytest

# Benchmarks on PostgreSQL (BENCH_DATABASE_URL; the database is created if missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/smartportal_bench
bench: $(VENV)/.installed translations
	$(PY) -c "import psycopg2, os; from urllib.parse import urlparse; u = urlparse('$(BENCH_DATABASE_URL)'); c = psycopg2.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname='postgres'); c.autocommit = True; cur = c.cursor(); cur.execute('SELECT 1 FROM pg_database WHERE datname = %s', [u.path[1:]]); cur.fetchone() or cur.execute('CREATE DATABASE ' + u.path[1:])"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/complaint_index.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/reports.py

# For developers changing texts (needs GNU gettext's xgettext): refresh the catalogs.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale az --locale en --locale ru --no-obsolete --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete
