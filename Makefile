# Two commands: `make run` and `make test`. Everything else is a helper target.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PY      = $(BIN)/python
# Debian packages the browser/PDF tests need; installed when missing and we may (root or sudo).
SYSTEM_TOOLS = chromium:chromium pdftoppm:poppler-utils pdftotext:poppler-utils tmux:tmux git:git

.PHONY: run test install dev lint typecheck unit system-deps bench screenshot docs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# `make run` and `make test` install everything, PDF included; CI users install the slim core
$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install -q -e '.[pdf]'
	@touch $@

$(VENV)/.dev-installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install -q -e '.[dev,pdf]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

run: install
	$(BIN)/maturity scan .

system-deps:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ]; then echo "note: missing Debian packages:$$missing (browser/PDF tests will skip)"; \
	  else echo "installing Debian packages:$$missing"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	      || echo "warning: could not install$$missing"; fi; \
	fi

lint: dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: dev
	$(BIN)/mypy

unit: dev system-deps
	$(BIN)/pytest -q

test: dev system-deps lint typecheck unit

bench: install
	$(PY) benchmarks/scan_bench.py

docs: install
	$(PY) scripts/gen_docs.py
	$(PY) scripts/build_readme.py

screenshot: install
	$(PY) scripts/readme_screenshot.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
