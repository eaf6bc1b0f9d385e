# The README's two commands: `make demo` and `make test`. Both set up what they need and are
# fast when it is already there.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXPORTS := exports

.PHONY: demo test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/graphbuild build examples/articles --db $(EXPORTS)/graphbuild.db \
	    --graphml $(EXPORTS)/graph.graphml --json $(EXPORTS)/graph.json --html $(EXPORTS)/graph.html

test: $(VENV)/.installed-dev
	bash scripts/run-tests

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(EXPORTS)/*.db* $(EXPORTS)/*.graphml $(EXPORTS)/*.json $(EXPORTS)/*.html
