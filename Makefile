# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv demo run setup check test lint typecheck pytest format messages check-messages bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## make demo: the bot against the local Bot API emulator, chatting in this terminal (no token)
demo: $(STAMP)
	$(PY) run_bot.py --demo

## make run: the real bot (needs BOT_TOKEN in .env)
run: $(STAMP)
	$(PY) run_bot.py

## make setup: step by step from a BotFather token to a bot ready to run (writes .env)
setup: $(STAMP)
	$(PY) run_bot.py setup

## make check: one line per item: settings, profile, database, token, backups
check: $(STAMP)
	$(PY) run_bot.py check

## make test: exactly what CI runs — lint, types, catalogs, the whole test suite
test: lint typecheck check-messages pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# Two workers, each test file on one (its fixtures and bot processes stay together).
pytest: $(STAMP)
	$(PY) -m pytest -q -n 2 --dist loadfile

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## make messages: extract texts from the code and update locales/da and locales/en
messages: $(STAMP)
	$(PY) tools/catalogs.py

check-messages: $(STAMP)
	$(PY) tools/catalogs.py check

## make bench: the speed benchmarks under bench/ (ratios against a baseline in the same run)
bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
