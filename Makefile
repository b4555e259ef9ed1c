# Two commands do everything on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV := CPSPREP_DEV=1
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint browser lock clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CPS Prep needs Python 3.11 or later; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[dev]"
	@[ -f .env ] || printf '# Local development settings (git-ignored); deployments use real variables.\nCPSPREP_DEV=1\n' > .env
	@touch $(STAMP)

run: $(STAMP)
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_content
	$(DEV) $(BIN)/python manage.py create_demo_users
	$(DEV) $(BIN)/python manage.py create_demo_cohort
	@echo "CPS Prep is at http://127.0.0.1:8000/ (trainers: http://127.0.0.1:8000/admin/)"
	@echo "A background worker runs beside it (tasks and the periodic schedule); both stop with Ctrl-C; restart after changing a task."
	$(DEV) $(BIN)/python manage.py run_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium; install it when missing and we are allowed to.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need $(CHROMIUM): run 'sudo apt-get install -y chromium'"; exit 1; fi; \
	fi

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(DEV) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Re-pin what a fresh install gets, after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/cpsprep-lock && $(PYTHON) -m venv /tmp/cpsprep-lock
	/tmp/cpsprep-lock/bin/pip install --quiet ".[dev]"
	/tmp/cpsprep-lock/bin/pip freeze --exclude cpsprep > constraints.txt

clean:
	rm -rf $(VENV) var/ .pytest_cache .ruff_cache build *.egg-info
