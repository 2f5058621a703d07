# dlpipe: `make run` installs and trains on the embedded default; `make test` runs the tests.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-pythons test-mlflow-next lint format ui clean bench bench-quick

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install  ## train the default experiment (Palmer Penguins, embedded: no download)
	$(BIN)/python -m dlpipe $(ARGS)

test: install  ## the whole test suite, on up to 4 cores (pytest-xdist)
	$(BIN)/python -m pytest -q -n auto --maxprocesses=4 --dist loadgroup

# The other Pythons dlpipe supports, as pyenv provides them here (PYENV_VERSION=<v>
# python3.<minor>): a .venv-<version> each, installed once, then the whole suite.
PYTHONS ?= 3.12.1 3.13.0
test-pythons:  ## the whole suite on each of $(PYTHONS) (CI runs the default, 3.11)
	@set -e; for v in $(PYTHONS); do \
	  venv=.venv-$$v; minor=$${v%.*}; \
	  if [ ! -f $$venv/.installed ]; then \
	    echo "== installing on Python $$v ($$venv)"; \
	    PYENV_VERSION=$$v python$$minor -m venv $$venv; \
	    $$venv/bin/pip install --quiet --upgrade pip; \
	    $$venv/bin/pip install --quiet -e '.[dev]'; \
	    touch $$venv/.installed; \
	  fi; \
	  echo "== the suite on Python $$v"; \
	  $$venv/bin/python -m pytest -q -n auto --maxprocesses=4 --dist loadgroup; \
	done

# The newest MLflow the pin allows, tested before the registry serves all of it: a copy of
# .venv with mlflow and mlflow-skinny $(MLFLOW_NEXT) put in without their pins (mlflow-tracing
# too when the registry has it), then the whole suite.
MLFLOW_NEXT ?= 3.18.0
test-mlflow-next: install  ## the whole suite against MLflow $(MLFLOW_NEXT) (in .venv-mlflow-next)
	rm -rf .venv-mlflow-next && cp -a $(VENV) .venv-mlflow-next
	.venv-mlflow-next/bin/python -m pip install --quiet --no-deps mlflow==$(MLFLOW_NEXT) mlflow-skinny==$(MLFLOW_NEXT) python-multipart
	.venv-mlflow-next/bin/python -m pip install --quiet --no-deps mlflow-tracing==$(MLFLOW_NEXT) \
	  || echo "mlflow-tracing $(MLFLOW_NEXT) is not in the registry: testing with the installed one"
	.venv-mlflow-next/bin/python -m pytest -q -n auto --maxprocesses=4 --dist loadgroup

lint: install  ## ruff, mypy over src/, and the layer contract (pyproject.toml: tool.importlinter)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

bench: install  ## dlpipe vs the same work hand-written in Keras, every row (bench/results.md)
	$(BIN)/python bench/run.py $(ARGS)

bench-quick: install  ## the same rows, fewer runs and smaller sizes: under 5 minutes
	$(BIN)/python bench/run.py --quick $(ARGS)

ui: install  ## the MLflow UI on the default store (./mlflow.db)
	$(BIN)/mlflow ui --backend-store-uri sqlite:///mlflow.db --host 127.0.0.1 --port 5000

clean:
	rm -rf outputs multirun mlartifacts mlflow.db mlflow.db.lock .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
