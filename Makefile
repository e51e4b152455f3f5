# parlib: `make demo` and `make test` work on a fresh clone with only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check docs bench clean lint format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,dev,docs]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/parlib demo

check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks docs/conf.py
	$(BIN)/ruff format --check src tests benchmarks docs/conf.py
	$(BIN)/mypy --strict src

test: check
	$(BIN)/python -m pytest -n 2 --durations=15

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks docs/conf.py
	$(BIN)/ruff check --fix src tests benchmarks docs/conf.py

clean:
	rm -rf $(VENV) docs/_build .pytest_cache .mypy_cache .ruff_cache .hypothesis
