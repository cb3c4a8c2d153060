# Two commands on a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
# Prefer the newest interpreter that Django 6.1 supports; pyenv's shims count when present.
PYTHON_CANDIDATES := python3.13 python3.12 python3
# Tests never need secrets; they must not depend on a developer's .env either.
TEST_ENV := SECRET_KEY=test-only-not-secret DEBUG=false CACHE_URL=locmemcache://
# The demo is Tiên Yên district's registry: its office signs the demo's forms.
RUN_ENV := DEBUG=true OFFICE_NAME="Sở Nội vụ tỉnh Quảng Ninh"

.PHONY: run serve test lint check bench-tiny backup restore venv install lock migrate demo messages pictures clean

$(PY):
	@python=""; \
	for candidate in $(PYTHON_CANDIDATES); do \
	  if command -v $$candidate >/dev/null 2>&1 && \
	     $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    python=$$candidate; break; \
	  fi; \
	done; \
	if [ -z "$$python" ]; then \
	  echo "No Python 3.12 or newer found (tried: $(PYTHON_CANDIDATES))." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.12') and run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$($$python --version)"; \
	$$python -m venv $(VENV)

venv: $(PY)

# Reinstall only when the lock changes.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(RUN_ENV) $(PY) manage.py load_demo_data
	$(RUN_ENV) $(PY) manage.py load_demo_bodies
	$(RUN_ENV) $(PY) manage.py create_demo_staff

# The development server, and beside it the task worker that makes the PDFs (stopped with it).
run: demo
	@$(RUN_ENV) $(PY) manage.py worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The production server on this machine, with the settings of .env (see .env.example):
# migrations checked, never applied behind the office's back; the static files collected;
# gunicorn (config/gunicorn.py: a worker process for each core and one) and the task worker
# beside it, stopped together. Logs, one JSON object a line, on standard output.
serve: install
	@$(PY) manage.py migrate --check >/dev/null || { \
	  echo "The database lacks migrations: run '$(PY) manage.py migrate' first." >&2; exit 1; }
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@$(PY) manage.py worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(VENV)/bin/gunicorn --config config/gunicorn.py config.wsgi

# One test process a core, each with its own test database; a module's tests stay together
# (they share its demo data), and the browser tests run last in theirs.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
test: install
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) manage.py check

# Every benchmark at a tiny size, as CI runs them so that none rots: public_pages.py fills
# registry_bench_tiny, the other two read it. Needs PostgreSQL and Redis on 127.0.0.1 and
# port 8765 free (see benchmarks/README.md). Fails on any error page or export.
BENCH_TINY_DATABASE_URL := postgres://postgres@127.0.0.1:5432/registry_bench_tiny
bench-tiny: install
	$(PY) benchmarks/public_pages.py --tiny --database-url $(BENCH_TINY_DATABASE_URL)
	$(PY) benchmarks/yearly_summary.py --tiny --database-url $(BENCH_TINY_DATABASE_URL)
	$(PY) benchmarks/annex_import.py --tiny --database-url $(BENCH_TINY_DATABASE_URL)

# A backup of the database and the uploaded files, with the settings of .env, into
# BACKUP_DIR (registry-YYYYMMDD-HHMMSS.tar), keeping the newest BACKUP_KEEP; and its restore
# (ARCHIVE=backup-archives/registry-….tar; stop the site first; CONFIRM=--yes replaces a database
# that holds data). See README.md for a schedule.
BACKUP_DIR ?= backup-archives
BACKUP_KEEP ?= 14
backup: install
	$(PY) manage.py backup --output $(BACKUP_DIR) --keep $(BACKUP_KEEP)

restore: install
	@test -n "$(ARCHIVE)" || { echo "Say which archive: make restore ARCHIVE=backup-archives/registry-….tar" >&2; exit 1; }
	$(PY) manage.py restore "$(ARCHIVE)" $(CONFIRM)

# Regenerate the lock after editing pyproject.toml's dependencies.
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv lock
	$(VENV)/bin/uv export --frozen --all-groups --no-hashes --format requirements-txt -o requirements.lock

# The README's pictures: the first page of each official form, for the demo's 2025 period, as
# the office prints it (needs pdftoppm: Debian's poppler-utils), and a roll on a phone and at a
# desk (needs chromium).
pictures: demo
	@mkdir -p docs/forms docs/screenshots
	for form in 0601 0602 0603 0604 0605; do \
	  $(RUN_ENV) $(PY) manage.py export_summary 2025 --form $$form --format pdf \
	    --output docs/forms/$$form.pdf >/dev/null && \
	  pdftoppm -png -r 80 -singlefile -f 1 -l 1 docs/forms/$$form.pdf docs/forms/$$form && \
	  rm docs/forms/$$form.pdf || exit 1; \
	done
	$(RUN_ENV) $(PY) docs/screenshots.py

messages: install
	$(RUN_ENV) $(PY) manage.py makemessages --locale vi --locale es --ignore '.venv/*'
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles

# A deployment of several machines on this one (deploy/local-cluster: a PostgreSQL primary and
# its streaming replica, Redis, two app servers behind HAProxy, two task workers), under
# CLUSTER_DIR (default /tmp/registry-cluster); run as root. See benchmarks/README.md.
.PHONY: cluster-start cluster-stop cluster-status
cluster-start: install
	deploy/local-cluster start

cluster-stop:
	deploy/local-cluster stop

cluster-status:
	deploy/local-cluster status
