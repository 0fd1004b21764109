"""apply_defaults fills every input, so the module can document what an unset option means.

It runs once per render: the module, the checks and the renderer share its result."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef import defaults, render, validate
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import NESTED, TOP_LEVEL
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import (
    TaskDefinitionInputError,
    apply_defaults,
    render_task_definition,
)
from ansible_collections.airflow_ecs.deploy.plugins.modules import airflow_task_definition
from taskdef_inputs import base_spec

MINIMAL = {"environment": "dev", "component": "triggerer", "image": "apache/airflow:3.3.2-python3.11"}


def test_every_option_is_present():
    spec = apply_defaults(MINIMAL)
    assert set(spec) == set(TOP_LEVEL) | set(NESTED)
    for group, defaults in NESTED.items():
        assert set(spec[group]) == set(defaults)


def test_documented_defaults():
    spec = apply_defaults(MINIMAL)
    assert spec["airflow_version"] == "3.3.2"
    assert spec["family"] == "dev-airflow-triggerer"
    assert spec["launch_type"] == "EC2" and spec["network_mode"] == "awsvpc"
    assert (spec["cpu"], spec["memory"]) == (512, 1024)
    assert spec["log_stream_prefix"] == "triggerer"
    assert spec["read_only_root_filesystem"] is True
    assert spec["dag_storage"]["mode"] == "s3fs"
    assert spec["dag_storage"]["container_path"] == "/opt/airflow/dags"
    assert spec["dag_storage"]["host_path"] == "/mnt/airflow-dags"
    assert spec["dag_storage"]["git_ref"] == "main"
    assert spec["worker"] == {
        "concurrency": 8,
        "log_server_port": 8793,
        "longest_task_seconds": 600,
        "stop_timeout_margin_seconds": 30,
    }
    assert spec["remote_logging"] == {
        "enabled": True,
        "destination": "cloudwatch",
        "base_log_folder": None,
        "conn_id": "aws_default",
    }
    assert spec["statsd"] == {"enabled": False, "host": None, "port": 8125, "prefix": "airflow"}


def test_none_is_not_given_and_input_is_not_modified():
    given = dict(MINIMAL, launch_type=None, worker={"concurrency": 4, "log_server_port": None})
    spec = apply_defaults(given)
    assert spec["launch_type"] == "EC2"
    assert spec["worker"]["concurrency"] == 4 and spec["worker"]["log_server_port"] == 8793
    assert given["worker"] == {"concurrency": 4, "log_server_port": None}


def test_bad_input_is_left_for_validation():
    spec = apply_defaults({"component": "nope", "worker": "x", "colour": "blue"})
    assert spec["worker"] == "x" and spec["colour"] == "blue"
    assert spec["memory"] is None and spec["family"] is None


def test_render_does_not_modify_its_input():
    spec = base_spec()
    before = repr(spec)
    render_task_definition(spec)
    assert repr(spec) == before


def test_family_and_prefix_can_be_set():
    definition = render_task_definition(base_spec(family="airflow-scheduler-blue", log_stream_prefix="blue"))
    assert definition["family"] == "airflow-scheduler-blue"
    options = definition["containerDefinitions"][0]["logConfiguration"]["options"]
    assert options["awslogs-stream-prefix"] == "blue"


@pytest.fixture
def apply_defaults_calls(monkeypatch):
    """The specs apply_defaults is called with, wherever the render path looks it up."""
    calls = []

    def counted(spec):
        calls.append(spec)
        return defaults.apply_defaults(spec)

    for where in (render, validate, airflow_task_definition):
        monkeypatch.setattr(where, "apply_defaults", counted)
    return calls


def test_a_render_applies_the_defaults_once(apply_defaults_calls):
    render_task_definition(base_spec("worker"))
    assert len(apply_defaults_calls) == 1


def test_the_module_applies_the_defaults_once_and_shares_the_result(apply_defaults_calls):
    params = dict(base_spec("worker"), state="present", region="eu-west-2")
    filled, rendered = airflow_task_definition.render_input(params, "eu-west-1")
    assert len(apply_defaults_calls) == 1
    assert filled["family"] == rendered["family"] == "prod-airflow-worker"
    assert filled["region"] == "eu-west-1"  # the module's region, not the params' key
    assert rendered == render_task_definition(dict(base_spec("worker"), region="eu-west-1"))

    apply_defaults_calls.clear()
    filled, rendered = airflow_task_definition.render_input(dict(params, state="absent"), "eu-west-1")
    assert len(apply_defaults_calls) == 1
    assert rendered is None and filled["family"] == "prod-airflow-worker"


def test_the_module_reports_bad_input_from_the_one_result(apply_defaults_calls):
    params = dict(base_spec("worker"), state="present", memory=100)
    with pytest.raises(TaskDefinitionInputError) as raised:
        airflow_task_definition.render_input(params, "eu-west-1")
    assert len(apply_defaults_calls) == 1
    assert raised.value.errors == validate.validation_errors(dict(base_spec("worker"), memory=100, region="eu-west-1"))
