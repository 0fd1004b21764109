"""The airflow_services role defines the module input once (vars/main.yml): the validate check and
the register task both use it, so what is checked before any AWS call is what is registered."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.options import OPTIONS

ROLE = Path(__file__).resolve().parents[3] / "roles" / "airflow_services"
INPUT = "__airflow_services_task_definition_input"
HANDED_ON = "__airflow_services_handed_on"
MODULE = "airflow_ecs.deploy.airflow_task_definition"


def _load(path):
    return yaml.safe_load((ROLE / path).read_text())


def _task(path, name):
    [task] = [task for task in _load(path) if task["name"] == name]
    return task


ROLE_VARS = _load("vars/main.yml")
REGISTER = _task("tasks/task_definitions.yml", "Render and register the task definition of each component")
CHECK = _task("tasks/validate.yml", "Find what the task definition of each component would be refused for")


def test_the_input_sets_module_options_only():
    module_options = {name for name, option in OPTIONS.items() if option.get("module_option", True)}
    assert set(ROLE_VARS[INPUT]) <= module_options
    assert "region" not in ROLE_VARS[INPUT]  # the module's AWS connection sets it


def test_the_register_task_passes_every_option_of_the_input_unchanged():
    args = REGISTER[MODULE]
    assert list(args) == list(ROLE_VARS[INPUT])
    for key, value in args.items():
        assert value == "{{ %s.%s }}" % (INPUT, key), key


def test_the_check_filters_the_input_with_the_region_the_module_would_use():
    errors = " ".join(CHECK["vars"]["__airflow_services_errors"].split())
    assert errors.startswith("{{ %s | ansible.builtin.combine({'region': airflow_ecs_aws.region})" % INPUT)
    assert "| airflow_ecs.deploy.task_definition_errors(names=__airflow_services_names) }}" in errors
    # A name is an option or one of its sub-options (admin_user.username).
    options = {name.split(".", 1)[0] for name in CHECK["vars"]["__airflow_services_names"]}
    assert options <= set(ROLE_VARS[INPUT]) | {"region"}


def test_both_tasks_render_it_for_the_same_components():
    for task in (REGISTER, CHECK):
        assert task["vars"]["__airflow_services_component"] == "{{ item }}"
        assert task["loop"] == "{{ __airflow_services_task_definition_components }}"
        assert "loop_control" not in task


def test_the_check_stands_in_well_formed_placeholders_for_every_arn_handed_on():
    placeholders = CHECK["vars"][HANDED_ON]
    assert set(placeholders) == set(ROLE_VARS[HANDED_ON])
    for key, value in placeholders.items():
        if key.endswith("role_arn"):
            assert re.fullmatch(r"arn:aws:iam::000000000000:role/placeholder", value), key
        elif key == "log_group":
            assert value == "/airflow-ecs/placeholder"
        else:
            assert value == "arn:aws:secretsmanager:{{ airflow_ecs_aws.region }}:000000000000:secret:placeholder", key
    # Everything else the input reads is the role's inputs, the same in both tasks.
    assert set(CHECK["vars"]) == {"__airflow_services_component", HANDED_ON, "__airflow_services_names", "__airflow_services_errors"}
    assert set(REGISTER["vars"]) == {"__airflow_services_component"}


def test_the_arns_in_the_input_come_from_what_is_handed_on():
    for key in ("execution_role_arn", "task_role_arn", "log_group"):
        assert ROLE_VARS[INPUT][key] == "{{ %s.%s }}" % (HANDED_ON, key)
    for secret in ROLE_VARS[INPUT]["secrets"].values():
        assert re.fullmatch(r"\{\{ %s\.\w+_secret_arn \}\}" % HANDED_ON, secret["arn"])
    # No role input that carries another role's ARN or log group is read around the placeholders.
    assert not re.search(r"\bairflow_services_(\w+_arns?|log_group)\b", yaml.safe_dump(ROLE_VARS[INPUT]))
