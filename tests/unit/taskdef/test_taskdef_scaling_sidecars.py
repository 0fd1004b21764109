"""Worker autoscaling sidecars in the task definitions: who gets which, with what."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars import load_metric, task_protection
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, container, env_of

SCALING = {"enabled": True}


def _names(definition):
    """Container names without the init containers (scratch-init and friends)."""
    return [c["name"] for c in definition["containerDefinitions"] if not c["name"].endswith("-init")]


def test_off_by_default_no_sidecar():
    for component in ("scheduler", "worker"):
        assert _names(render_task_definition(base_spec(component))) == [component]


@pytest.mark.parametrize(("component", "sidecar", "source"), [("scheduler", "load-metric", load_metric), ("worker", "task-protection", task_protection)])
def test_scheduler_and_worker_get_their_sidecar_running_our_source(component, sidecar, source):
    definition = render_task_definition(base_spec(component, scaling=SCALING))
    assert _names(definition) == [component, sidecar]
    side = container(definition, sidecar)
    assert side["essential"] is False and side["user"] == "50000:0"
    assert side["command"][:2] == ["python", "-c"]
    assert side["command"][2] == open(source.__file__, encoding="utf-8").read()
    assert side["image"] == container(definition, component)["image"]
    assert side["memoryReservation"] == 128
    inits = len(definition["containerDefinitions"]) - 2
    assert container(definition, component)["memoryReservation"] == int(definition["memory"]) - 64 * inits - 128


@pytest.mark.parametrize("component", ["api-server", "dag-processor", "triggerer", "migrate", "flower"])
def test_other_components_get_none(component):
    assert _names(render_task_definition(base_spec(component, scaling=SCALING))) == [component]


def test_load_metric_gets_database_and_broker_as_secrets_and_its_settings_as_environment():
    spec = base_spec("scheduler", scaling=dict(SCALING, metric_interval_seconds=10, celery_queue="etl"), worker={"concurrency": 12})
    side = container(render_task_definition(spec), "load-metric")
    assert [s["name"] for s in side["secrets"]] == ["AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    assert all(s["valueFrom"].startswith("arn:aws:secretsmanager:") for s in side["secrets"])
    env = env_of(side)
    assert env == {
        "AIRFLOW_ECS_ENVIRONMENT": "prod", "AIRFLOW_ECS_METRIC_NAMESPACE": "AirflowECS", "AIRFLOW_ECS_METRIC_INTERVAL": "10",
        "AIRFLOW_ECS_WORKER_CONCURRENCY": "12", "AIRFLOW_ECS_CELERY_QUEUES": "etl", "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_REGION": "eu-west-1",
    }


def test_task_protection_lasts_the_longest_task_by_default():
    spec = base_spec("worker", scaling=SCALING, worker={"longest_task_seconds": 3600, "stop_timeout_margin_seconds": 30})
    side = container(render_task_definition(spec), "task-protection")
    assert [s["name"] for s in side["secrets"]] == ["AIRFLOW__CELERY__BROKER_URL"]
    assert env_of(side)["AIRFLOW_ECS_PROTECTION_MINUTES"] == "61"
    assert env_of(side)["AIRFLOW_ECS_PROTECTION_POLL"] == "10"
    short = base_spec("worker", scaling=SCALING, worker={"longest_task_seconds": 60})
    assert env_of(container(render_task_definition(short), "task-protection"))["AIRFLOW_ECS_PROTECTION_MINUTES"] == "15"


@pytest.mark.parametrize(
    ("scaling", "message"),
    [
        ({"enabled": "yes"}, "scaling.enabled must be true or false"),
        ({"metric_interval_seconds": 60}, "scaling.metric_interval_seconds must be a whole number between 5 and 30"),
        ({"protection_minutes": 3000}, "scaling.protection_minutes must be a whole number between 1 and 2880"),
        ({"protection_poll_seconds": 1}, "scaling.protection_poll_seconds must be a whole number between 2 and 60"),
        ({"metric_namespace": "AWS/ECS"}, "scaling.metric_namespace must be a CloudWatch namespace"),
        ({"celery_queue": "a queue"}, "scaling.celery_queue must be a Celery queue name"),
    ],
)
def test_bad_scaling_settings_are_named(scaling, message):
    errors = validation_errors(base_spec("worker", scaling=dict(SCALING, **scaling)))
    assert any(error.startswith(message) for error in errors), errors


def test_the_same_input_renders_the_same_definition():
    spec = base_spec("worker", scaling=SCALING)
    assert render_task_definition(spec) == render_task_definition(spec)


def test_worker_scaling_needs_awsvpc_where_the_sidecar_shares_the_workers_host_name():
    errors = validation_errors(base_spec("worker", network_mode="bridge", scaling=SCALING))
    assert any(error.startswith("scaling.enabled needs network_mode awsvpc for the worker") for error in errors), errors
    assert validation_errors(base_spec("scheduler", network_mode="bridge", scaling=SCALING)) == []
    assert validation_errors(base_spec("worker", network_mode="bridge")) == []
