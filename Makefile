# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 4
THREADS ?= 32
STREAM_PORT ?= 5001
STREAM_WORKERS ?= 2
TRANSLATION_DIRS = $(shell find roadmap -type d -name translations)

.PHONY: run test serve setup setup-dev translations db browser a11y-tools clean bench bench-mix vendor-js bench-crdt bench-search bench-streams

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

translations: $(VENV)/.runtime
	@for d in $(TRANSLATION_DIRS); do $(BIN)/pybabel compile --statistics -d $$d -D messages || exit 1; done

setup: $(VENV)/.runtime translations

setup-dev: $(VENV)/.dev translations

db: setup
	$(BIN)/flask --app wsgi init-db

# The job queue's consumer runs in a thread of the dev server (JOBS_IN_PROCESS).
run: db
	JOBS_IN_PROCESS=1 $(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

# Production-like (README, "Serving in production"): the job queue's consumer, the live room's event
# streams on STREAM_PORT (gevent workers, SERVE_ROLE=streams: a stream costs a greenlet, not a thread),
# and the pages on PORT (gthread, WORKERS x THREADS); one app, deploy/gunicorn.conf.py. The reverse
# proxy sends /workshops/<id>/live/stream to STREAM_PORT; without it PORT serves the streams too.
# The stream process needs REDIS_URL (the pages' events reach it through Redis); without it, none starts.
serve: db
	$(BIN)/flask --app wsgi jobs --workers 2 & pids=$$!; \
	if [ -n "$$REDIS_URL" ]; then \
		SERVE_ROLE=streams HOST=$(HOST) PORT=$(STREAM_PORT) STREAM_WORKERS=$(STREAM_WORKERS) \
			$(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app & pids="$$pids $$!"; \
	else echo "REDIS_URL is not set: no stream process (it hears the pages' events through Redis only)"; fi; \
	trap "kill $$pids" EXIT; \
	SERVE_ROLE=all HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) THREADS=$(THREADS) \
		$(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

browser:
	@bash scripts/ensure-package.sh /usr/bin/chromium chromium "browser tests will be skipped (in CI they fail instead)"

# Java and the Nu HTML checker (vnu-jar, into .tools/) for tests/a11y.
a11y-tools:
	@bash scripts/ensure-a11y-tools.sh

# The suite runs on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: setup-dev browser a11y-tools
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -q $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "--- again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		$(BIN)/python -m pytest -q $(PYTEST_ARGS) || exit 1; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .tools

# The benchmark suite on the large data set (about 30 minutes): the main pages under 20 connections
# next to /ping, with and without the page cache, on SQLite and PostgreSQL (BENCH_DATABASE_URL);
# the live room's delivery latency to 50 clients through Redis (BENCH_REDIS_URL); the PDF export.
bench: setup-dev
	@bash scripts/ensure-package.sh wrk wrk "the page benchmark cannot run"
	$(BIN)/python bench/pages.py --database both --page-cache both
	$(BIN)/python bench/live_latency.py --database sqlite
	$(BIN)/python bench/live_latency.py --database postgresql
	$(BIN)/python bench/export_bench.py --territories 100
	$(MAKE) bench-mix

# Real use (bench/mix.py): 20, 60 and 150 people + 10 visitors + 20 live streams on random pages with
# 7 % writes, think time 0 then 1 s, on SQLite and PostgreSQL (BENCH_DATABASE_URL), next to /ping.
bench-mix: setup-dev
	$(BIN)/python bench/mix.py --database both --users 20 60 150 --think 0
	$(BIN)/python bench/mix.py --database both --users 60 --think 1

# Rebuild the vendored Yjs bundle (static/js/vendor/yjs.min.js + its licence) from npm.
vendor-js:
	bash scripts/vendor-js/build.sh

# The shared text under load (50 participants, 10 fields, 2 workers, Redis db 7), SQLite then PostgreSQL.
bench-crdt: setup-dev
	$(BIN)/python bench/crdt.py --database sqlite
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/bench_crdt} \
		$(BIN)/python bench/crdt.py --database postgresql

# Server shapes for the live room's streams (bench/streams.py): 20, 100, 300 idle streams while 20
# clients load pages, gthread vs gthread + a gevent stream process vs gevent, Redis db 8, SQLite and PostgreSQL.
bench-streams: setup-dev
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/bench_streams} \
		$(BIN)/python bench/streams.py --database both

# Search (bench/search.py): p50 and p99 of /search on seed-large for a few queries as a visitor, a
# partner and the editor, on SQLite and PostgreSQL (BENCH_DATABASE_URL), in-process, a few minutes.
bench-search: setup-dev
	$(BIN)/python bench/search.py --database both
