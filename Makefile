# Quick start: `make demo` and `make test` on a fresh machine with Python and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint install bench schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsprism analyze examples -o out
	@echo "story: out/story.json  documents: out/documents.jsonl"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench train
	$(BIN)/mypy src

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

schema: $(STAMP)
	$(BIN)/python -m newsprism.schema schema

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
