"""The task_definition_errors filter: the module's checks, without AWS, with renamed options."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.filter.task_definition_errors import (
    FilterModule,
    task_definition_errors,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import official_image
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors

ROLE = "arn:aws:iam::123456789012:role/placeholder"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:placeholder"


def options(component="worker", **overrides):
    """What the airflow_services role hands the module, with placeholder ARNs."""
    given = {
        "environment": "prod",
        "component": component,
        "image": official_image(),  # of the release the module defaults to
        "execution_role_arn": ROLE,
        "task_role_arn": ROLE,
        "log_group": "/airflow-ecs/prod",
        "region": "eu-west-1",
        "execution_api_server_url": "http://api-server.airflow-prod.local:8080/execution/",
        "secrets": {
            "fernet_key": {"arn": SECRET, "json_key": "fernet_key"},
            "jwt_secret": {"arn": SECRET, "json_key": "jwt_secret"},
            "api_secret_key": {"arn": SECRET, "json_key": "api_secret_key"},
            "sql_alchemy_conn": {"arn": SECRET, "json_key": "sql_alchemy_conn"},
            "result_backend": {"arn": SECRET, "json_key": "result_backend"},
            "broker_url": {"arn": SECRET, "json_key": "broker_url"},
            "admin_password": {"arn": SECRET, "json_key": "password"},
        },
        "dag_storage": {"mode": "s3fs", "host_path": "/mnt/airflow-dags"},
        "worker": {"concurrency": 8, "log_server_port": 8793, "longest_task_seconds": 600},
    }
    given.update(overrides)
    return given


@pytest.mark.parametrize("component", ["migrate", "api-server", "scheduler", "dag-processor", "triggerer", "worker", "flower"])
def test_a_valid_input_has_no_errors(component):
    assert task_definition_errors(options(component)) == []


def test_the_filter_reports_exactly_what_the_module_checks():
    given = options(launch_type="FARGATE", memory=512)
    assert task_definition_errors(given) == validation_errors(given)
    assert len(task_definition_errors(given)) >= 3


def test_fargate_with_s3fs_is_refused():
    [error] = [e for e in task_definition_errors(options("scheduler", launch_type="FARGATE")) if "s3fs" in e]
    assert error.startswith("dag_storage.mode: s3fs mounts the DAG bucket on the EC2 host")


def test_worker_memory_below_its_floor_names_the_renamed_input():
    errors = task_definition_errors(options(memory=512), names={"memory": "airflow_services_sizes.worker.memory"})
    [error] = errors
    assert error.startswith("airflow_services_sizes.worker.memory 512 MiB is below the worker floor of 896 MiB")
    assert error.endswith("set memory to at least 896")


def test_worker_stop_timeout_over_the_fargate_cap_is_refused():
    given = options(launch_type="FARGATE", dag_storage={"mode": "image"})
    [error] = task_definition_errors(given, names={"worker": "airflow_services_worker"})
    assert error.startswith("airflow_services_worker.longest_task_seconds: 600 s plus")
    assert "above Fargate's 120 s cap" in error


def test_a_short_task_fits_fargate():
    given = options(launch_type="FARGATE", dag_storage={"mode": "image"}, worker={"longest_task_seconds": 60})
    assert task_definition_errors(given) == []


def test_numbers_and_booleans_as_strings_are_converted_like_the_module_does():
    given = options(cpu="1024", memory="2048", read_only_root_filesystem="yes", worker={"concurrency": "8"})
    assert task_definition_errors(given) == []
    assert task_definition_errors(options(cpu="lots")) == ["cpu must be a whole number of CPU units (1024 = 1 vCPU)"]


def test_connection_options_and_state_are_ignored():
    given = options(state="present", access_key="AKIA", secret_key="x", endpoint_url="http://127.0.0.1:5000")
    assert task_definition_errors(given) == []
    assert task_definition_errors({"component": "worker", "state": "absent"}) == []


def test_the_longest_name_wins_and_only_whole_option_names_are_renamed():
    given = options("api-server", dag_storage={"mode": "s3fs", "host_path": "relative"}, api_base_url="ftp://x")
    errors = task_definition_errors(
        given,
        names={"dag_storage": "storage", "dag_storage.host_path": "host_mount", "api": "wrong"},
    )
    assert any(e.startswith("host_mount must be the absolute path") for e in errors)
    assert any(e.startswith("api_base_url") for e in errors)


def test_secret_values_never_appear_in_messages():
    given = options(secrets={"broker_url": "rediss://:hunter2hunter2hunter2@redis:6379/0"})
    errors = task_definition_errors(given)
    assert errors
    assert not any("hunter2" in e for e in errors)


@pytest.mark.parametrize(
    ("given", "names"),
    [("not a dict", {}), (options(), ["memory"]), (options(), {"memory": 1})],
)
def test_bad_filter_arguments_raise(given, names):
    with pytest.raises(AnsibleFilterError):
        task_definition_errors(given, names=names)


def test_the_plugin_registers_the_filter():
    assert FilterModule().filters() == {"task_definition_errors": task_definition_errors}
