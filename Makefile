# Entry points for developers and CI; see README.md.
#   make run        serve the portal on http://127.0.0.1:8000 with a Celery worker and beat
#   make test       run every test on PostgreSQL and Redis, in parallel (what CI runs)
#   make test-fast  the same without the browser and slow tests, system packages or lint
#   make lock       pin every dependency of requirements*.txt, with hashes

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
REQ_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
# requirements*.txt are edited by hand; `make lock` compiles them into the lock
# files, which are what is installed (every package pinned, with its hashes).
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# pip-compile lives in a venv of its own: it needs a newer pip than the project's
# venv may have, and is no dependency of the portal.
LOCK_VENV := var/pip-tools
PIP_TOOLS := pip-tools==7.7.0
# The machine's own pip settings (a local mirror, find-links) stay out of the files.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile \
	--quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
LOCK_ARGS ?=
MANAGE := $(BIN)/python manage.py
# Only the project's own catalogues: not those of the packages in the venv.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules

# `make test` defaults; an exported DATABASE_URL or REDIS_URL wins.
TEST_DATABASE_URL := postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL := redis://127.0.0.1:6379/14
PYTEST_ARGS ?=
# pytest-xdist: one process and one test database per core (test_portal_gw0, ...).
# --maxschedchunk=1: a worker is handed one test at a time as it runs short, so the
# heaviest tests, which tests/conftest.py puts first, end up spread over the workers.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --maxschedchunk=1
# The compiled catalogues, rebuilt when their .po changed (test-fast needs them
# but not the apt step of `compilemessages`).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help venv dev-venv system-packages test-system-packages compilemessages run test test-fast lint typecheck lock audit messages bench clean distclean

help:
	@echo "make run        migrate, load plan 5774, create demo accounts, serve on 127.0.0.1:8000"
	@echo "make test       lint, then all tests on PostgreSQL and Redis in parallel (PYTEST_ARGS=... to narrow)"
	@echo "make test-fast  the edit-test loop: no browser or slow tests, no lint, no system packages"
	@echo "make lock       after editing requirements*.txt: pin every dependency with hashes"
	@echo "make lint       ruff check and format, the import-linter layers, mypy"
	@echo "make typecheck  mypy with django-stubs on services, selectors and common"
	@echo "make messages   update and compile the Vietnamese catalogue"
	@echo "make audit      pip-audit over the pinned dependencies (needs pypi.org)"
	@echo "make bench      run bench/*.py"
	@echo "make clean      remove the local database, broker, mail and caches (distclean: the venv too)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamps make pip run only when a lock file changed. --require-hashes: pip
# installs exactly the files the lock names, or nothing.
$(REQ_STAMP): $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --require-hashes -r $(LOCK)
	touch $@

$(DEV_STAMP): $(DEV_LOCK) $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --require-hashes -r $(DEV_LOCK)
	touch $@ $(REQ_STAMP)

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet $(PIP_TOOLS)

# Keeps every pin that still fits; LOCK_ARGS="--upgrade" (or "--upgrade-package X")
# moves them on. The dev lock is constrained by the runtime one: both install the
# same version of a shared dependency.
lock: $(LOCK_VENV)/bin/pip-compile
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=$(LOCK) requirements.txt
	$(PIP_COMPILE) $(LOCK_ARGS) --constraint=$(LOCK) --output-file=$(DEV_LOCK) requirements-dev.txt

venv: $(REQ_STAMP)
dev-venv: $(DEV_STAMP)

# gettext and WeasyPrint's libraries, installed with apt-get when missing (as root).
system-packages:
	@bash scripts/system_packages.sh

compilemessages: system-packages | $(REQ_STAMP)
	$(MANAGE) compilemessages -l vi $(I18N_IGNORE)

$(MO_FILES) &: $(PO_FILES) | $(REQ_STAMP)
	$(MANAGE) compilemessages -l vi $(I18N_IGNORE)

run: $(REQ_STAMP) compilemessages
	VENV_BIN=$(BIN) bash scripts/run_local.sh

# Sets itself up: Chromium, gettext and WeasyPrint's libraries are installed when
# missing, PostgreSQL and Redis started when they do not answer (and stopped after).
# xdist's controller writes the one junit file, with every worker's tests in it.
# The catalogue is compiled only when a .po is newer than its .mo (the system
# packages, gettext included, are checked first).
# `make lint` runs beside the tests, niced: it takes the moments the tests wait (on
# a worker, a timeout, a subprocess) instead of time before them. Its output comes
# after the tests'; either failing fails `make test`. Plain `make`, not $(MAKE):
# `make --dry-run test` would run a $(MAKE) line.
test: $(DEV_STAMP) test-system-packages $(MO_FILES)
	@mkdir -p test-results
	@nice -n 10 make --no-print-directory lint > test-results/lint.log 2>&1 & lint=$$!; \
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" \
	REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
	bash scripts/with_services.sh \
	$(BIN)/pytest $(PYTEST_PARALLEL) --junitxml=test-results/junit.xml $(PYTEST_ARGS); \
	rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	wait $$lint; lint_rc=$$?; \
	echo "== make lint"; cat test-results/lint.log; \
	if [ $$lint_rc -ne 0 ]; then echo "make lint failed (above): that fails make test" >&2; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; \
	exit $$lint_rc

# The edit-test loop: no browser tests, nor the few `slow` ones (the production
# collectstatic, the filesystem broker's processes, the 3,321-point seed, the
# load test, the dead relay's and the killed worker's timeouts), no apt-get, no lint. `make lint` before a commit, `make test` (what CI runs) before a
# push. FAST_MARKERS="not browser" puts the slow ones back.
FAST_MARKERS ?= not browser and not slow
test-fast: $(DEV_STAMP) $(MO_FILES)
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" \
	REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
	bash scripts/with_services.sh \
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

test-system-packages:
	@bash scripts/system_packages.sh --browser

# What mypy checks (settings in pyproject.toml): the services and selectors of
# every app, modules or packages, and common/.
MYPY_PATHS = common dashboard/pdf_jobs.py accounts/reset_requests.py documents/sweep.py $(wildcard */services.py */services */selectors.py */selectors)
# Its Django plugin (django-stubs) reads the test settings.
MYPY = DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy $(MYPY_PATHS)

# ruff for lint and format, the import-linter contracts of the app layers, and mypy.
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MYPY)

# mypy alone, as `make lint` runs it.
typecheck: $(DEV_STAMP)
	$(MYPY)

# Known vulnerabilities in the pinned dependencies. Says plainly when its database
# cannot be reached from this machine instead of failing (or passing) silently.
audit: $(DEV_STAMP)
	VENV_BIN=$(BIN) bash scripts/audit.sh

messages: system-packages $(REQ_STAMP)
	$(MANAGE) makemessages -l vi $(I18N_IGNORE)
	$(MANAGE) compilemessages -l vi $(I18N_IGNORE)

bench: $(DEV_STAMP)
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "no bench/*.py"; exit 0; fi; \
	for script in "$${scripts[@]}"; do \
	  echo "== $$script"; $(BIN)/python "$$script" || exit $$?; \
	done

clean:
	rm -rf var/ test-results/ bench/out/ .pytest_cache/ .ruff_cache/ .mypy_cache/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.mo' -type f -exec rm -f {} +

distclean: clean
	rm -rf $(VENV)
