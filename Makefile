# airflow_ecs.deploy: every target installs what it needs into .venv first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 25.3

export AIRFLOW_ECS_EMULATOR_PORT ?= 5000
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PATH := $(BIN):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help venv demo demo-down test unit integration molecule lint sanity lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (ansible-core 2.19); set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev
	@touch $@

venv: $(STAMP) ## Create or update .venv (pinned Python tools)

demo: $(STAMP) ## Start the local AWS emulator and converge the local environment on it
	$(BIN)/python scripts/emulator.py start
	$(BIN)/ansible-playbook playbooks/site.yml -i inventories/local

demo-down: ## Stop the local AWS emulator
	@if test -x $(BIN)/python; then $(BIN)/python scripts/emulator.py stop; else echo "emulator was not running"; fi

# Integration (two workers) and molecule (one scenario at a time) run side by side: the
# machine's cores stay busy while molecule works through its scenarios.
test: unit lint sanity ## Everything CI runs
	$(MAKE) --no-print-directory --output-sync=target -j2 integration molecule

unit: $(STAMP) ## Unit tests (pure logic)
	$(BIN)/python -m pytest tests/unit

# Two workers by default: each has its own emulator; a file's tests stay on one worker.
INTEGRATION_WORKERS ?= 2

integration: $(STAMP) ## Playbooks and modules against private emulators
	$(BIN)/python -m pytest tests/integration -n $(INTEGRATION_WORKERS) --dist loadfile --durations=15

molecule: $(STAMP) ## Molecule scenarios, each against a private emulator
	@for scenario in $$(ls molecule); do \
	  echo "== molecule $$scenario"; \
	  $(BIN)/molecule reset --scenario-name $$scenario >/dev/null; \
	  $(BIN)/python scripts/emulator.py run -- $(BIN)/molecule test --scenario-name $$scenario; \
	done

lint: $(STAMP) ## ansible-lint (production profile)
	$(BIN)/ansible-lint

sanity: $(STAMP) ## ansible-test sanity on a copy laid out as ansible_collections/airflow_ecs/deploy
	bash scripts/sanity.sh

lock: $(STAMP) ## Re-pin constraints.txt from the current venv
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean: demo-down ## Remove the venv, emulator state and test output
	rm -rf $(VENV) .local tests/output .pytest_cache
