"""Health check command of each long-running component, per Airflow major version."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from taskdef_inputs import base_spec, container, env_of

CELERY_PING = "celery --app airflow.providers.celery.executors.celery_executor.app inspect ping -d celery@$HOSTNAME"
EXPECTED = {
    ("api-server", 3): "curl --fail --silent http://localhost:8080/api/v2/version",
    ("api-server", 2): "curl --fail --silent http://localhost:8080/health",
    ("scheduler", 3): "curl --fail --silent http://localhost:8974/health",
    ("scheduler", 2): "curl --fail --silent http://localhost:8974/health",
    ("dag-processor", 3): "airflow jobs check --job-type DagProcessorJob --local",
    ("dag-processor", 2): "airflow jobs check --job-type DagProcessorJob --local",
    ("triggerer", 3): "airflow jobs check --job-type TriggererJob --local",
    ("triggerer", 2): "airflow jobs check --job-type TriggererJob --local",
    ("worker", 3): CELERY_PING,
    ("worker", 2): CELERY_PING,
    ("flower", 3): "curl --fail --silent http://localhost:5555/healthcheck",
    ("flower", 2): "curl --fail --silent http://localhost:5555/healthcheck",
}
COMMANDS = {
    ("api-server", 3): ["airflow", "api-server"],
    ("api-server", 2): ["airflow", "webserver"],
    ("worker", 3): ["airflow", "celery", "worker"],
    ("flower", 2): ["airflow", "celery", "flower"],
}


@pytest.mark.parametrize("component,major", sorted(EXPECTED))
def test_health_check_command(component, major):
    check = container(render_task_definition(base_spec(component, major)), component)["healthCheck"]
    assert check["command"] == ["CMD-SHELL", EXPECTED[(component, major)]]


@pytest.mark.parametrize("component,major", sorted(COMMANDS))
def test_container_command(component, major):
    assert (
        container(render_task_definition(base_spec(component, major)), component)["command"]
        == COMMANDS[(component, major)]
    )


@pytest.mark.parametrize("major", [3, 2])
def test_migrate_is_a_one_off_that_must_succeed(major):
    migrate = container(render_task_definition(base_spec("migrate", major)), "migrate")
    assert migrate["essential"] is True
    assert "healthCheck" not in migrate and "stopTimeout" not in migrate and "portMappings" not in migrate


@pytest.mark.parametrize("component", ["scheduler", "api-server", "worker"])
def test_scheduler_health_endpoint_is_enabled_everywhere(component):
    assert (
        env_of(container(render_task_definition(base_spec(component)), component))[
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"
        ]
        == "True"
    )


@pytest.mark.parametrize(
    "component,network_mode,expected",
    [
        ("api-server", "awsvpc", [{"name": "api-server", "containerPort": 8080}]),
        ("flower", "awsvpc", [{"name": "flower", "containerPort": 5555}]),
        ("scheduler", "awsvpc", [{"name": "scheduler-health", "containerPort": 8974}]),
        ("worker", "awsvpc", [{"name": "worker-logs", "containerPort": 8793}]),
        ("api-server", "bridge", [{"name": "api-server", "containerPort": 8080, "hostPort": 0}]),
        ("worker", "bridge", [{"name": "worker-logs", "containerPort": 8793, "hostPort": 0}]),
    ],
)
def test_port_mappings(component, network_mode, expected):
    definition = render_task_definition(base_spec(component, network_mode=network_mode))
    assert container(definition, component)["portMappings"] == expected


def test_worker_port_follows_log_server_port():
    definition = render_task_definition(base_spec("worker", worker={"log_server_port": 8800}))
    worker = container(definition, "worker")
    assert worker["portMappings"] == [{"name": "worker-logs", "containerPort": 8800}]
    assert env_of(worker)["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] == "8800"
