# Two commands for a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: bench bench-replica bench-load guide run test lint audit format messages setup setup-dev system system-test clean

run: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_places
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@# The background worker (big exports) runs beside the web server and stops with it.
	DJANGO_DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# One pytest worker per core (pytest-xdist; each has its own test database), a file per worker
# at a time, in the order tests/conftest.py gives (longest files first; xdist would otherwise
# start with the files that hold the most tests). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: setup-dev system-test messages
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# Refresh the user guide's screenshots (docs/huong-dan/img/) from the browser tests.
guide: setup-dev system-test messages
	GUIDE_SCREENSHOTS=1 $(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

# Benchmark (docs/performance.md): BENCH_SIZE=1000000 for the province; results in bench/out/.
BENCH_SIZE ?= 10000
bench: setup messages
	BENCH_SIZE=$(BENCH_SIZE) $(PY) bench/run.py

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Known vulnerabilities in the pinned requirements (needs PyPI).
audit: setup-dev
	$(PY) scripts/audit-deps.py

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

setup: system $(VENV)/.installed messages

setup-dev: $(VENV)/.installed-dev

system:
	@scripts/system-deps.sh run

system-test:
	@scripts/system-deps.sh test

$(VENV)/.created:
	@python=$$(scripts/find-python.sh) && "$$python" -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	touch $@

$(VENV)/.installed: requirements.txt $(VENV)/.created
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	touch $@

# A streaming replica on 127.0.0.1:5433 and the report pages read from it (root; see
# docs/scaling.md). KEEP_REPLICA=1 leaves the cluster running; COMMUNES/HOUSEHOLDS set the size.
bench-replica: setup-dev messages
	bench/replica.sh $(or $(COMMUNES),20) $(or $(HOUSEHOLDS),500)

# Requests per second through gunicorn on 127.0.0.1 with the demo data (see docs/deploy.md).
# USERS, DURATION (seconds) and REQUESTS bound the run.
bench-load: setup-dev messages
	bench/load.sh

messages: $(VENV)/.installed
	@$(PY) manage.py compilemessages -l en --ignore=.venv >/dev/null

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
