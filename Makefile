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
# botocore's retries for the amazon.aws lookups, which run on the controller and take no aws_config
# (README: "Pointing an inventory at a real AWS account").
export AWS_RETRY_MODE ?= standard
export AWS_MAX_ATTEMPTS ?= 10
# podman with runc and no default ulimits: crun cannot run on our machines (hybrid cgroups).
export CONTAINERS_CONF ?= $(CURDIR)/tests/support/containers.conf

.DEFAULT_GOAL := help
.PHONY: help venv demo demo-down test unit integration molecule e2e packages e2e-packages image-inputs lint sanity galaxy lock clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed: the pins of constraints.txt are resolved and tested on it; set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev
	@touch $@

venv: $(STAMP) ## Create or update .venv (pinned Python tools)

# What the emulator's image is built from where Docker Hub is out of reach: a Python base image
# and a wheelhouse of the Airflow release the collection pins (scripts/local_image_inputs.py,
# which keeps both once made).
image-inputs: $(STAMP) packages ## The local Python base image and the Airflow wheelhouse the emulator's image is built from
	@$(TIMED) $(BIN)/python scripts/local_image_inputs.py

# The image is built on a local Python base and pushed to a local registry (inventories/local says why).
demo: $(STAMP) ## Start the local AWS emulator and a registry, build the image, converge the local environment
	bash scripts/debian_packages.sh image
	$(BIN)/python scripts/local_image_inputs.py
	$(BIN)/python scripts/emulator.py start --registry
	$(BIN)/ansible-playbook playbooks/site.yml -i inventories/local

demo-down: ## Stop the local AWS emulator and the registry
	@if test -x $(BIN)/python; then $(BIN)/python scripts/emulator.py stop; else echo "emulator was not running"; fi

# First the two venvs and the Debian packages side by side, with the Galaxy import as soon as
# .venv exists: Galaxy stops the importer's ansible-lint after 180 s of wall time, which took it
# 30-40 s on a quiet machine and reached 180 s on a busy one. Then every other stage side by side
# (each molecule scenario a stage of its own): the cores stay busy while a stage waits on its
# emulator or on Airflow. Each ends with what it took.
TEST_JOBS ?= 4
TEST_STAGES := integration e2e lint sanity unit molecule
test: ## Everything CI runs
	@TIMEFORMAT='== make test: %R s'; time { \
	  $(MAKE) --no-print-directory --output-sync=target -j3 galaxy image-inputs && \
	  $(MAKE) --no-print-directory --output-sync=target -j$(TEST_JOBS) $(TEST_STAGES); }

# Each stage prints "== <stage>: <elapsed> s (<user> s user, <system> s system)", the CPU of
# everything it started included.
TIMED = TIMEFORMAT='== $@: %R s (%U s user, %S s system)'; time

unit: $(STAMP) ## Unit tests (pure logic)
	@$(TIMED) $(BIN)/python -m pytest tests/unit -q

# Two workers by default: each has its own emulator; a file's tests stay on one worker.
INTEGRATION_WORKERS ?= 2

integration: $(STAMP) ## Playbooks and modules against private emulators
	@$(TIMED) $(BIN)/python -m pytest tests/integration -n $(INTEGRATION_WORKERS) --dist loadfile --durations=15

MOLECULE_SCENARIOS := $(patsubst molecule/%/molecule.yml,molecule-%,$(wildcard molecule/*/molecule.yml))
.PHONY: $(MOLECULE_SCENARIOS)
molecule: $(MOLECULE_SCENARIOS) ## Molecule scenarios (make molecule-<scenario> for one), each against a private emulator

# The image scenario builds and pushes: it gets a registry beside its emulator and podman.
$(MOLECULE_SCENARIOS): molecule-%: $(STAMP)
	@$(if $(filter image,$*),bash scripts/debian_packages.sh image,true)
	@$(TIMED) { $(BIN)/molecule reset --scenario-name $* >/dev/null && \
	  $(BIN)/python scripts/emulator.py run $(if $(filter image,$*),--registry) -- $(BIN)/molecule test --scenario-name $*; }

packages: ## Debian packages the tests need (redis-server, postgresql, s3fs, shellcheck, podman, docker-registry)
	bash scripts/debian_packages.sh e2e sanity image

e2e-packages: ## Debian packages of the end-to-end tests (redis-server, postgresql, s3fs, podman, docker-registry)
	bash scripts/debian_packages.sh e2e image

# The packages and the image inputs in the recipe, not as prerequisites: in `make test -j` a
# prerequisite target makes make start the other stages first and e2e last.
e2e: $(STAMP) ## site.yml on the emulator builds the image; its task definitions run it as podman containers
	@bash scripts/debian_packages.sh e2e image
	@$(BIN)/python scripts/local_image_inputs.py >/dev/null
	@$(TIMED) $(BIN)/python -m pytest tests/e2e --durations=10

# antsibull-docs copies the collection and its dependencies as git sees them; the ceiling
# keeps git from claiming the venv's amazon.aws (inside this checkout, ignored) as empty.
lint: $(STAMP) ## ansible-lint (production profile), antsibull-docs (docs markup of plugins and roles)
	@$(TIMED) { $(BIN)/ansible-lint && GIT_CEILING_DIRECTORIES=$(CURDIR)/$(VENV) $(BIN)/antsibull-docs lint-collection-docs --plugin-docs .; }

sanity: $(STAMP) ## ansible-test sanity on a copy laid out as ansible_collections/airflow_ecs/deploy
	@$(TIMED) bash scripts/sanity.sh

galaxy: $(STAMP) ## Build the Galaxy tarball into .local/galaxy, import it with galaxy-importer offline
	@$(TIMED) $(BIN)/python scripts/galaxy_import.py .local/galaxy

lock: $(STAMP) ## Re-pin constraints.txt from the current venv
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean: demo-down ## Remove the venv, emulator state and test output
	rm -rf $(VENV) .local tests/output .pytest_cache
