"""Plain environment: shared settings, per-component settings and airflow_config."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, container, env_of


def _env(component="scheduler", major=3, **overrides):
    return env_of(container(render_task_definition(base_spec(component, major, **overrides)), component))


def test_shared_settings():
    env = _env()
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/airflow/dags"
    assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"
    assert env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] == "8793"
    assert env["AIRFLOW_ENVIRONMENT"] == "prod"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://api-server.airflow.local:8080/execution/"


@pytest.mark.parametrize("component", ["scheduler", "dag-processor"])
def test_airflow2_runs_a_standalone_dag_processor(component):
    assert _env(component, 2)["AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR"] == "True"
    assert "AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR" not in _env(component, 3)


def test_airflow2_has_no_execution_api():
    assert "AIRFLOW__CORE__EXECUTION_API_SERVER_URL" not in _env("worker", 2)


@pytest.mark.parametrize("major,name", [(3, "AIRFLOW__API__BASE_URL"), (2, "AIRFLOW__WEBSERVER__BASE_URL")])
def test_api_base_url_on_the_api_server_only(major, name):
    url = "https://airflow.example.com"
    assert _env("api-server", major, api_base_url=url)[name] == url
    assert name not in _env("scheduler", major, api_base_url=url)


def test_airflow_config_renders_and_overrides():
    config = {
        "core": {"parallelism": 64, "dags_are_paused_at_creation": True},
        "dag_processor": {"refresh_interval": 60},
    }
    env = _env(airflow_config=config)
    assert env["AIRFLOW__CORE__PARALLELISM"] == "64"
    assert env["AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION"] == "True"
    assert env["AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL"] == "60"


def test_airflow_config_overrides_a_shared_setting_it_may_change():
    env = _env(airflow_config={"scheduler": {"task_instance_heartbeat_timeout": 600}})
    assert env["AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT"] == "600"


@pytest.mark.parametrize(
    "section,key,hint",
    [
        ("core", "fernet_key", "secrets.fernet_key"),
        ("database", "sql_alchemy_conn", "secrets.sql_alchemy_conn"),
        ("database", "sql_alchemy_conn_cmd", "secrets.sql_alchemy_conn"),
        ("celery", "broker_url", "secrets.broker_url"),
        ("celery", "result_backend_secret", "secrets.result_backend"),
        ("api_auth", "jwt_secret", "secrets.jwt_secret"),
        ("api", "secret_key", "secrets.api_secret_key"),
        ("webserver", "secret_key", "secrets.api_secret_key"),
        ("smtp", "smtp_password", "Secrets Manager"),
        ("sentry", "client_secret", "Secrets Manager"),
        ("ldap", "bind_password", "Secrets Manager"),
        ("custom", "warehouse_conn", "Secrets Manager"),
    ],
)
def test_secret_bearing_config_goes_through_secrets(section, key, hint):
    errors = validation_errors(base_spec(airflow_config={section: {key: "hunter2-value"}}))
    assert len(errors) == 1
    assert errors[0].startswith("airflow_config.%s.%s goes through secrets" % (section, key))
    assert hint in errors[0]
    assert "hunter2" not in errors[0]


@pytest.mark.parametrize(
    "section,key,input_name",
    [
        ("core", "executor", "CeleryExecutor"),
        ("core", "dags_folder", "dag_storage.container_path"),
        ("core", "execution_api_server_url", "execution_api_server_url"),
        ("celery", "worker_concurrency", "worker.concurrency"),
        ("logging", "worker_log_server_port", "worker.log_server_port"),
        ("logging", "remote_logging", "remote_logging.enabled"),
        ("metrics", "statsd_host", "statsd.host"),
        ("scheduler", "enable_health_check", "health check"),
        ("api", "base_url", "api_base_url"),
    ],
)
def test_config_set_by_another_input_is_refused(section, key, input_name):
    errors = validation_errors(base_spec(airflow_config={section: {key: "x"}}))
    assert len(errors) == 1
    assert errors[0].startswith("airflow_config.%s.%s is managed by the collection" % (section, key))
    assert input_name in errors[0]


def test_remote_logging_goes_to_the_log_group_by_default():
    env = _env()
    assert env["AIRFLOW__LOGGING__REMOTE_LOGGING"] == "True"
    # The log group's ARN, in the execution role's partition and account.
    assert env["AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER"] == "cloudwatch://arn:aws:logs:eu-west-1:123456789012:log-group:/airflow/prod"
    assert env["AIRFLOW__LOGGING__REMOTE_LOG_CONN_ID"] == "aws_default"
    china = _env(execution_role_arn="arn:aws-cn:iam::210987654321:role/x", region="cn-north-1")
    assert china["AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER"] == "cloudwatch://arn:aws-cn:logs:cn-north-1:210987654321:log-group:/airflow/prod"


def test_remote_logging_to_s3_or_off():
    env = _env(remote_logging={"destination": "s3", "base_log_folder": "s3://prod-airflow-logs/tasks"})
    assert env["AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER"] == "s3://prod-airflow-logs/tasks"
    assert "AIRFLOW__LOGGING__REMOTE_LOGGING" not in _env(remote_logging={"enabled": False})


def test_statsd():
    env = _env(statsd={"enabled": True, "host": "statsd.airflow.local"})
    assert env["AIRFLOW__METRICS__STATSD_ON"] == "True"
    assert env["AIRFLOW__METRICS__STATSD_HOST"] == "statsd.airflow.local"
    assert env["AIRFLOW__METRICS__STATSD_PORT"] == "8125"
    assert env["AIRFLOW__METRICS__STATSD_PREFIX"] == "airflow"
    assert not any(name.startswith("AIRFLOW__METRICS__") for name in _env())
