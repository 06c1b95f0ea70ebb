# The two set-up commands of the README:  `make report`  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test bench install

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev,ray]"  # ray: the Ray engine is tested on a local 2-CPU Ray
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(BIN)/claimdiff compare seeds -o reports/seeds.html --json reports/seeds.json --md reports/seeds.md

test: $(STAMP)
	bash scripts/install-browser.sh || true
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/claimdiff bench
