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
	@echo "任务队列（SLA 巡检每分钟一次）与网站一起启动；Ctrl-C 同时停止两者。"
	@$(BIN)/jiesu worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/jiesu serve --host 127.0.0.1 --port 8000

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/jiesu makemigrations --check --dry-run
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	$(BIN)/python bench/intake_dispatch.py

clean:
	rm -rf $(VENV) data .pytest_cache
