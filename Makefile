# Hearth: `make test` and `make demo` work from a fresh clone with Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install lock test lint demo demo-live browser-check bench clean

# Everything pinned, with hashes, from requirements-dev.lock; then Hearth itself (editable). A dependency
# added to pyproject.toml but not yet locked still installs (unpinned) until `make lock` runs;
# tests/test_lock.py fails until it does.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-build-isolation -e ".[test,dev]"
	touch $@

install: $(VENV)/.installed

# Regenerate both lock files from pyproject.toml (the newest versions its ranges allow, with hashes):
# requirements.lock for the image, requirements-dev.lock (adds the test and dev extras) for make install and CI.
LOCK := $(PY) -m piptools compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --upgrade
lock: install
	$(LOCK) --output-file requirements.lock pyproject.toml
	$(LOCK) --extra test --extra dev --output-file requirements-dev.lock pyproject.toml

# The whole suite (store tests on SQLite, and on PostgreSQL when HEARTH_TEST_POSTGRES_URL names one); with a
# PostgreSQL, every test whose bot sits on `db_path` (the behaviour suite, and feature/core tests that start a bot)
# runs a second time on its own PostgreSQL database; tests/conftest.py leaves out the rest on that pass.
# The two passes run side by side (each one test at a time; they share nothing but the server, each test
# on a database of its own); the second's report follows the first's, and either failing fails the target.
test: install
	@if [ -z "$$HEARTH_TEST_POSTGRES_URL" ]; then exec $(PY) -m pytest -q; fi; \
	second=$$(mktemp -d /tmp/hearth-test-pg.XXXXXX); \
	( HEARTH_TEST_ENGINE=postgresql $(PY) -m pytest -q -p no:cacheprovider --basetemp "$$second/tmp" \
		tests/behaviour tests/cogs tests/core > "$$second/report" 2>&1; echo $$? > "$$second/rc" ) & \
	$(PY) -m pytest -q; first=$$?; wait; \
	echo; echo "again on PostgreSQL: tests/behaviour tests/cogs tests/core"; cat "$$second/report"; \
	rc=$$(cat "$$second/rc"); rm -rf "$$second"; [ "$$first" -eq 0 ] && [ "$$rc" -eq 0 ]

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/hadolint Dockerfile
	$(PY) -m bot content check

demo: install
	$(PY) -m bot demo

demo-live: install
	$(PY) -m bot demo --live

# Opens the live demo in headless Debian chromium, runs /win, saves docs/live-demo.latest.png (git-ignored;
# copy it over docs/live-demo.png on purpose). Not part of CI: it installs chromium + chromedriver with apt
# (as root, or via sudo) and Selenium into the venv.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-check: install
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver)
	$(PY) -c "import selenium" 2>/dev/null || $(PY) -m pip install --quiet "selenium>=4.20,<5"
	$(PY) docs/browser_check.py

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
