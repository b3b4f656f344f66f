# Entry points for developers and CI; see README.md.
#   make run   serve the portal on http://127.0.0.1:8000 with a Celery worker and beat
#   make test  run every test on PostgreSQL and Redis

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
REQ_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
MANAGE := $(BIN)/python manage.py
# Only the project's own catalogues: not those of the packages in the venv.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules

# `make test` defaults; an exported DATABASE_URL or REDIS_URL wins.
TEST_DATABASE_URL := postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL := redis://127.0.0.1:6379/14
PYTEST_ARGS ?=

.PHONY: help venv dev-venv system-packages test-system-packages compilemessages run test lint messages bench clean distclean

help:
	@echo "make run        migrate, load plan 5774, create demo accounts, serve on 127.0.0.1:8000"
	@echo "make test       all tests on PostgreSQL and Redis (PYTEST_ARGS=... to narrow)"
	@echo "make lint       ruff check and format, the import-linter layers"
	@echo "make messages   update and compile the Vietnamese catalogue"
	@echo "make bench      run bench/*.py"
	@echo "make clean      remove the local database, broker, mail and caches (distclean: the venv too)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamps make pip run only when a requirements file changed.
$(REQ_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $@ $(REQ_STAMP)

venv: $(REQ_STAMP)
dev-venv: $(DEV_STAMP)

# gettext and WeasyPrint's libraries, installed with apt-get when missing (as root).
system-packages:
	@bash scripts/system_packages.sh

compilemessages: system-packages | $(REQ_STAMP)
	$(MANAGE) compilemessages -l vi $(I18N_IGNORE)

run: $(REQ_STAMP) compilemessages
	VENV_BIN=$(BIN) bash scripts/run_local.sh

# Sets itself up: Chromium, gettext and WeasyPrint's libraries are installed when
# missing, PostgreSQL and Redis started when they do not answer (and stopped after).
test: $(DEV_STAMP) test-system-packages compilemessages lint
	@mkdir -p test-results
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" \
	REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
	bash scripts/with_services.sh \
	$(BIN)/pytest --junitxml=test-results/junit.xml $(PYTEST_ARGS); \
	rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$rc

test-system-packages:
	@bash scripts/system_packages.sh --browser

# ruff for lint and format, and the import-linter contract of the app layers.
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

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
	rm -rf var/ test-results/ bench/out/ .pytest_cache/ .ruff_cache/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.mo' -type f -exec rm -f {} +

distclean: clean
	rm -rf $(VENV)
