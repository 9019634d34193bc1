# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test test-fast lint format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The demo server is the site, the admin and the API at once: every base URL
# names it.
DEMO_URL := http://$(HOST):$(PORT)
demo: export DEMO_BASE_URL = $(DEMO_URL)
demo: export WAGTAILADMIN_BASE_URL = $(DEMO_URL)
demo: export PUBLIC_SITE_URL = $(DEMO_URL)
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Lighthouse for tests/e2e/test_lighthouse.py; where npm is missing the test
# says so and skips.
LIGHTHOUSE := tests/e2e/lighthouse
$(LIGHTHOUSE)/node_modules/.package-lock.json: $(LIGHTHOUSE)/package-lock.json
	npm ci --no-audit --no-fund --prefix $(LIGHTHOUSE) \
		|| echo "warning: npm ci failed; the Lighthouse test will be skipped"

test: install $(LIGHTHOUSE)/node_modules/.package-lock.json
	$(BIN)/pytest

# The quick loop while working: no browser, no slow tests.
test-fast: install
	$(BIN)/pytest -m "not slow and not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
