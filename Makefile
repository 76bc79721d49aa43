# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install clean translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/peiling demo

# Tests run in TEST_WORKERS processes (pytest-xdist); TEST_WORKERS=0 runs them in one.
TEST_WORKERS ?= 4

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

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

# The speed benchmarks at a size this machine handles in minutes; each prints its ratio to a baseline.
bench: $(STAMP)
	$(BIN)/python benchmarks/export.py --responses 2000
	$(BIN)/python benchmarks/clean.py --backends sqlite,postgresql --waves 3 --responses 5000 --repeat 1
	$(BIN)/python benchmarks/mail.py --contacts 2000
	$(BIN)/python benchmarks/web.py --clients 20
	$(BIN)/python benchmarks/load.py --respondents 100 --seconds 60

clean:
	rm -rf $(VENV) var build *.egg-info
