# Secretariat — the two commands of the README, and the developer's helpers.
#
#   make run          environment + demo book + the program       (README)
#   make test         environment + the whole test suite, on SQLite and on a throwaway PostgreSQL
#   make lint         the code-health gate: import-linter contracts, ruff, mypy (CI runs it first)
#   make bench        the benchmarks in bench/ (not part of the tests or CI)
#   make i18n         extract, update and compile the catalogs (tools/i18n.py all)
#   make build        one-folder PyInstaller build in dist/secretariat/
#   make screenshots  one PNG per page and main dialog of the demo book, in docs/screenshots/
#
# Needs only python3 (≥ 3.11) and, on Debian/Ubuntu, installs the system packages it lacks
# (scripts/debian-deps.sh; NO_APT=1 skips that). PYTHON=python3.12 chooses another interpreter.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
DEMO_BOOK ?= demo/demo.sqlite
DEMO_NAME ?= 西咸新区智能制造行业协会
SCREENSHOTS ?= docs/screenshots
# The database-facing part of the suite, run a second time on PostgreSQL (tests/trust holds the
# locking and two-connection tests of the shared server; its SQLite-file tests skip themselves).
PG_TEST_DIRS ?= tests/core tests/db tests/cli tests/io tests/trust
PYTEST_ARGS ?=
# A hung test (a modal dialog in a GUI test, a lock) must fail the run, not stall it: pytest dumps
# every thread's stack when one test runs longer than FAULT_AFTER seconds, and each run is
# killed after RUN_LIMIT (coreutils timeout; exit 124).
FAULT_AFTER ?= 120
RUN_LIMIT ?= 20m
PYTEST := timeout -k 30 $(RUN_LIMIT) $(PY) -m pytest -o faulthandler_timeout=$(FAULT_AFTER) --basetemp=$$tmp_home/pytest
# Tests get their own per-user folders (QSettings, recent books, default book, logs) and pytest
# temp folder, so that they neither read nor change the developer's, and two runs do not meet.
define TEST_FOLDERS
	tmp_home=$$(mktemp -d "$${TMPDIR:-/tmp}/secretariat-test-home.XXXXXX")
	trap 'rm -rf "$$tmp_home"' EXIT
	export XDG_CONFIG_HOME=$$tmp_home/config XDG_DATA_HOME=$$tmp_home/data XDG_STATE_HOME=$$tmp_home/state \
	       XDG_CACHE_HOME=$$tmp_home/cache XDG_RUNTIME_DIR=$$tmp_home/runtime
	mkdir -m 700 -p "$$XDG_RUNTIME_DIR"
endef

.PHONY: help run test lint test-sqlite test-pg bench i18n catalogs build screenshots demo venv clean

help:
	@sed -n '3,8p' Makefile | sed 's/^# \{0,1\}//'

# ---- environment --------------------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
	  echo "Secretariat needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)." >&2
	  echo "Install python3.11 (or newer) and run: make $(MAKECMDGOALS) PYTHON=python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# One stamp per set of extras; redone when pyproject.toml changes.
# The run set includes the PostgreSQL driver, so that the program can open a shared server book.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[postgres]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[test]'
	touch $@

$(VENV)/.installed-build: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[build,postgres]'
	touch $@

venv: $(VENV)/.installed-run

deps-%:
	@bash scripts/debian-deps.sh $*

catalogs: | $(VENV)/.installed-run
	@if [[ -f tools/i18n.py ]]; then $(PY) tools/i18n.py compile; fi

$(DEMO_BOOK): | $(VENV)/.installed-run
	mkdir -p $(dir $@)
	$(VENV)/bin/secretariat init --book $@ --name '$(DEMO_NAME)' --demo

demo: $(DEMO_BOOK)

# ---- the two README commands --------------------------------------------------------------

run: deps-run $(VENV)/.installed-run catalogs $(DEMO_BOOK)
	$(VENV)/bin/secretariat-app --book $(DEMO_BOOK)

# Both runs happen even when one fails; either failing fails `make test`. They run side by side
# (TEST_PARALLEL=0: one after the other): the SQLite run keeps one core busy, the PostgreSQL run
# the other (client and server), and they share nothing — each has its own per-user folders,
# pytest temp folder and database server. The PostgreSQL run's output follows the SQLite run's.
TEST_PARALLEL ?= 1
test: deps-test $(VENV)/.installed-test
	@rc=0; start=$$(date +%s)
	if [[ "$(TEST_PARALLEL)" == 1 ]]; then
	  pg_log=$$(mktemp); trap 'rm -f "$$pg_log"' EXIT
	  $(MAKE) --no-print-directory test-pg >"$$pg_log" 2>&1 </dev/null & pg_pid=$$!
	  trap 'kill $$pg_pid 2>/dev/null; rm -f "$$pg_log"' INT TERM
	  $(MAKE) --no-print-directory test-sqlite || rc=1
	  pg_rc=0; wait $$pg_pid || pg_rc=$$?
	  cat "$$pg_log"
	  [[ $$pg_rc -eq 0 ]] || rc=1
	else
	  $(MAKE) --no-print-directory test-sqlite || rc=1
	  $(MAKE) --no-print-directory test-pg || rc=1
	fi
	took=$$(( $$(date +%s) - start ))
	if [[ $$rc -ne 0 ]]; then echo "make test: FAILED (see above; $${took} s)" >&2; else echo "make test: all passed ($${took} s)"; fi
	exit $$rc

# pytest exits 5 when it collected no test: that is a failure here like any other non-zero code.
test-sqlite: | $(VENV)/.installed-test
	@echo "== tests on SQLite: the whole suite"
	$(TEST_FOLDERS)
	rc=0; env -u SECRETARIAT_TEST_PG $(PYTEST) tests $(PYTEST_ARGS) || rc=$$?
	if [[ $$rc -eq 5 ]]; then echo "FAILED: pytest collected no test (exit 5)" >&2; fi
	if [[ $$rc -eq 124 || $$rc -eq 137 ]]; then echo "FAILED: the tests did not finish within $(RUN_LIMIT)" >&2; fi
	exit $$rc

test-pg: | $(VENV)/.installed-test
	@dirs=$$(for d in $(PG_TEST_DIRS); do [[ -d $$d ]] && echo $$d; done || true)
	if ! bash scripts/pg-test-cluster.sh available; then
	  if [[ -n "$${CI:-}" ]]; then echo "FAILED: CI needs PostgreSQL server binaries (postgresql-15)" >&2; exit 1; fi
	  echo "== tests on PostgreSQL: skipped, no server binaries here (apt-get install postgresql-15)"; exit 0
	fi
	if [[ -z $$dirs ]]; then echo "FAILED: none of $(PG_TEST_DIRS) exists" >&2; exit 1; fi
	echo "== tests on PostgreSQL: "$$dirs
	$(TEST_FOLDERS)
	rc=0; bash scripts/pg-test-cluster.sh run -- $(PYTEST) $$dirs $(PYTEST_ARGS) || rc=$$?
	if [[ $$rc -eq 5 ]]; then echo "FAILED: pytest collected no test on PostgreSQL (exit 5)" >&2; fi
	if [[ $$rc -eq 124 || $$rc -eq 137 ]]; then echo "FAILED: the tests did not finish within $(RUN_LIMIT)" >&2; fi
	exit $$rc

# The layers of docs/ARCHITECTURE.md (import-linter contracts in pyproject.toml), ruff, and mypy on
# the Qt-free layers. .ci/run runs this before `make test`.
lint: $(VENV)/.installed-test
	@echo "== import-linter"; $(VENV)/bin/lint-imports --no-cache
	echo "== ruff"; $(VENV)/bin/ruff check secretariat_app tests bench tools
	echo "== mypy"; $(VENV)/bin/mypy

# ---- developer's helpers -----------------------------------------------------------------

bench: $(VENV)/.installed-test $(DEMO_BOOK)
	@rc=0; shopt -s nullglob
	for f in bench/*.py; do echo "== $$f"; QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) $$f || rc=1; done
	exit $$rc

i18n: $(VENV)/.installed-run
	$(PY) tools/i18n.py all

# The build is checked the way a user meets it: the frozen program makes a demo book (through its
# --cli entry) and opens every page offscreen (--screenshots).
build: deps-run $(VENV)/.installed-build catalogs
	$(PY) -m PyInstaller --noconfirm --clean build.spec
	check=$$(mktemp -d); trap 'rm -rf "$$check"' EXIT
	export XDG_CONFIG_HOME=$$check/config XDG_DATA_HOME=$$check/data XDG_STATE_HOME=$$check/state
	dist/secretariat/secretariat-app --cli init --book "$$check/demo.sqlite" --name '$(DEMO_NAME)' --demo
	QT_QPA_PLATFORM=offscreen dist/secretariat/secretariat-app --book "$$check/demo.sqlite" --screenshots "$$check/shots"
	echo "built dist/secretariat/ ($$(du -sh dist/secretariat | cut -f1)); the frozen program made a demo book and $$(ls "$$check/shots" | wc -l) screenshots"

screenshots: deps-run $(VENV)/.installed-run catalogs $(DEMO_BOOK)
	mkdir -p $(SCREENSHOTS)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(VENV)/bin/secretariat-app --book $(DEMO_BOOK) --screenshots $(SCREENSHOTS)

clean:
	rm -rf build dist
