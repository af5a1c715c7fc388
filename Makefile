# JobHub: two commands. `make run` serves the demo; `make test` runs ruff and the whole suite.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export FLASK_APP := wsgi

.PHONY: run test fuzz lint install install-dev db demo demo-code bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

instance/config.py: | $(STAMP)
	$(BIN)/python -m jobhub.instance

db: $(STAMP) instance/config.py
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask jobhub seed-demo
	$(BIN)/flask matching rebuild

run: demo
	@$(BIN)/python -c "import socket, sys; busy = socket.socket().connect_ex(('127.0.0.1', $(PORT))) == 0; busy and print('端口 $(PORT) 已被占用：请先停止占用它的程序，或换一个端口：make run PORT=8000', file=sys.stderr); sys.exit(busy)"
	@echo "JobHub 正在 http://127.0.0.1:$(PORT) 运行（Ctrl+C 停止）"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# The demo staff and admin accounts' current two-factor code (their authenticator secret is the
# demo's published one; real accounts bind their own app at first login).
demo-code: $(STAMP)
	@$(BIN)/python -c "import pyotp; from jobhub.demo import DEMO_TOTP_SECRET as s; print(pyotp.TOTP(s).now())"

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check jobhub tests benchmarks

test: $(DEV_STAMP)
	@$(BIN)/python tests/check_chromium.py
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto $(PYTEST_ARGS)

FUZZ_EXAMPLES ?= 200
fuzz: $(DEV_STAMP)
	JOBHUB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider -n auto tests/web/test_schema_fuzz.py $(PYTEST_ARGS)

bench: $(DEV_STAMP)
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
