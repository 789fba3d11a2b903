# 接诉 Jiesu — two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export JIESU_DATA_DIR ?= ./data

.PHONY: run test install lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/jiesu migrate --no-input
	$(BIN)/jiesu demo
	@echo "API 令牌（admin）："
	@$(BIN)/jiesu token create admin --name make-run | tail -n 1
	$(BIN)/jiesu serve --host 127.0.0.1 --port 8000

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/jiesu makemigrations --check --dry-run
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	$(BIN)/python bench/intake_dispatch.py

clean:
	rm -rf $(VENV) data .pytest_cache
