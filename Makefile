# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install clean translations

# pip would compile the installed modules on one core; compileall uses every core. A few
# modules written for a newer Python do not compile: they are never imported here.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -e '.[dev,postgres]'
	$(BIN)/python -m compileall -qq -j 0 $(VENV)/lib || true
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/peiling demo

# Tests run in TEST_WORKERS processes (pytest-xdist); TEST_WORKERS=0 runs them in one.
# They keep the compiled modules (__pycache__, ignored by git) even where the environment sets
# PYTHONDONTWRITEBYTECODE: every worker and every process a test starts (flow runs, the CLI,
# servers) would otherwise compile the project and rewrite the test modules again.
TEST_WORKERS ?= 4

test: $(STAMP)
	$(BIN)/ruff check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The interface texts: find the keys the code names, update both catalogs (a translator edits
# webforms/translations/<lang>/LC_MESSAGES/messages.po) and compile the .mo files the app reads.
POT := var/messages.pot
translations: $(STAMP)
	mkdir -p var
	$(BIN)/pybabel extract -F babel.cfg --sort-output --add-location=file --omit-header -o $(POT) webforms
	$(BIN)/python -m peiling.webforms.catalogs annotate $(POT)
	$(BIN)/pybabel update -i $(POT) -d webforms/translations --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -d webforms/translations --statistics
	rm $(POT)

# Every benchmark at a size this machine handles in a few minutes each, then one table of all
# results (benchmarks/report.py; docs/benchmarks.md). A missed goal does not stop the others.
bench: export PEILING_BENCH_RESULTS = $(CURDIR)/var/bench-results.jsonl
bench: $(STAMP)
	mkdir -p var && rm -f var/bench-results.jsonl
	-$(BIN)/python benchmarks/clean.py --backends sqlite,postgresql
	-$(BIN)/python benchmarks/web.py --clients 10 --requests 20
	-$(BIN)/python benchmarks/web.py --clients 50 --requests 20
	-$(BIN)/python benchmarks/web.py --clients 10 --requests 20 --postgres
	-$(BIN)/python benchmarks/web.py --clients 50 --requests 20 --postgres
	-$(BIN)/python benchmarks/export.py --responses 2000
	-$(BIN)/python benchmarks/mail.py --contacts 2000
	-$(BIN)/python benchmarks/fanout.py --contacts 1000 --workers 1,2 --partitions 2
	-$(BIN)/python benchmarks/load.py --respondents 100 --seconds 60
	-$(BIN)/python benchmarks/load.py --respondents 100 --seconds 60 --sqlite
	$(BIN)/python benchmarks/report.py var/bench-results.jsonl

clean:
	rm -rf $(VENV) var build *.egg-info
