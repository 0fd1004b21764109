"""Every role input is declared in its role's argument specs, and the specs stop what Ansible checks itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

ROLES = Path(__file__).resolve().parents[3] / "roles"
ROLE_NAMES = sorted(path.name for path in ROLES.iterdir() if path.is_dir())


def _specs(role: str) -> dict:
    return yaml.safe_load((ROLES / role / "meta" / "argument_specs.yml").read_text())["argument_specs"]


def _defaults(role: str) -> dict:
    path = ROLES / role / "defaults" / "main.yml"
    return yaml.safe_load(path.read_text()) or {}


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_every_default_is_a_declared_input_prefixed_with_the_role(role):
    declared = set(_specs(role)["main"]["options"])
    for name in _defaults(role):
        assert name.startswith(role + "_"), f"{role}: {name} is not prefixed with the role name"
        assert name in declared, f"{role}: {name} has a default but is not declared in meta/argument_specs.yml"


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_a_computed_default_is_shown_by_ansible_doc(role):
    """An input whose default is computed in defaults/main.yml declares a default too (the readable
    form, e.g. airflow-<environment>), so ansible-doc does not show it as `default: null`."""
    defaults = _defaults(role)
    for entry_point, spec in _specs(role).items():
        for name, option in (spec.get("options") or {}).items():
            if isinstance(defaults.get(name), str) and "{{" in defaults[name]:
                assert "default" in option, f"{role} {entry_point}: {name} is computed ({defaults[name]}) but declares no default"


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_every_entry_point_has_a_task_file_and_validate_takes_no_more_than_main(role):
    specs = _specs(role)
    for entry_point in specs:
        assert (ROLES / role / "tasks" / f"{entry_point}.yml").is_file(), f"{role}: no tasks/{entry_point}.yml"
    assert set(specs["validate"]["options"]) <= set(specs["main"]["options"])


def test_the_region_is_required_and_the_retention_is_one_cloudwatch_takes():
    region = _specs("preflight")["main"]["options"]["airflow_ecs_aws"]["options"]["region"]
    assert region["required"] is True
    retention = _specs("logs")["main"]["options"]["logs_retention_days"]
    assert 10 not in retention["choices"] and 30 in retention["choices"]


# What the argument spec itself refuses (a value outside its choices) never reaches the collection's
# rules: Ansible's validator stops the entry point with this message, before any task runs.
@pytest.mark.parametrize(("role", "name", "value", "message"), [
    ("secrets", "secrets_state", "gone", "value of secrets_state must be one of: present, absent, got: gone"),
    ("metadata_db", "metadata_db_storage_type", "io1", "value of metadata_db_storage_type must be one of: gp3, gp2, got: io1"),
    ("iam", "iam_dag_storage_mode", "nfs", "value of iam_dag_storage_mode must be one of: s3fs, efs, git, image, s3_bundle, got: nfs"),
])
def test_a_value_outside_the_declared_choices_is_refused(role, name, value, message):
    for entry_point in ("validate", "main"):
        options = _specs(role)[entry_point]["options"]
        assert message in ArgumentSpecValidator(options).validate({name: value}).error_messages, entry_point
