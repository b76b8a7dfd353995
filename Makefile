# Hearth: `make test` and `make demo` work from a fresh clone with Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test lint demo demo-live browser-check bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	touch $@

install: $(VENV)/.installed

test: install
	$(PY) -m pytest -q

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m bot content check

demo: install
	$(PY) -m bot demo

demo-live: install
	$(PY) -m bot demo --live

# Opens the live demo in headless Debian chromium, runs /win, saves docs/live-demo.png. Not part of CI:
# it installs chromium + chromedriver with apt (as root, or via sudo) and Selenium into the venv.
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
