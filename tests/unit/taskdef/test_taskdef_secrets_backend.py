"""Connections and variables from Secrets Manager, and extra secrets injected by reference."""

import json

import pytest
from ansible_collections.airflow_ecs.deploy.plugins.filter.task_definition_settings import task_definition_settings
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import (
    COMPONENTS,
    SECRETS_BACKEND_CLASS,
    SECRETS_BACKEND_COMPONENTS,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import secret_arn_of
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import REGION, base_spec, container, env_of, secret_arn, secrets_of

SMTP = secret_arn("smtp")


def main_env(component="worker", major=3, **overrides):
    return env_of(container(render_task_definition(base_spec(component, major, **overrides)), component))


@pytest.mark.parametrize("major", [3, 2])
@pytest.mark.parametrize("component", COMPONENTS)
def test_the_backend_is_on_by_default_where_dag_code_runs_or_is_served(component, major):
    env = main_env(component, major)
    if component not in SECRETS_BACKEND_COMPONENTS:
        assert "AIRFLOW__SECRETS__BACKEND" not in env
        return
    assert env["AIRFLOW__SECRETS__BACKEND"] == SECRETS_BACKEND_CLASS
    assert json.loads(env["AIRFLOW__SECRETS__BACKEND_KWARGS"]) == {
        "connections_prefix": "airflow-ecs/prod/connections",
        "variables_prefix": "airflow-ecs/prod/variables",
        "config_prefix": None,
        "region_name": REGION,
    }


def test_prefixes_can_be_set_and_the_backend_turned_off():
    given = {"connections_prefix": "teams/data/conn", "variables_prefix": "teams/data/var"}
    kwargs = json.loads(main_env(secrets_backend=given)["AIRFLOW__SECRETS__BACKEND_KWARGS"])
    assert (kwargs["connections_prefix"], kwargs["variables_prefix"]) == ("teams/data/conn", "teams/data/var")
    env = main_env(secrets_backend={"enabled": False})
    assert not [name for name in env if name.startswith("AIRFLOW__SECRETS__")]


def test_the_play_sees_the_prefixes_the_module_computes():
    settings = task_definition_settings({}, "secrets_backend", environment="prod")
    assert settings == {
        "enabled": True,
        "connections_prefix": "airflow-ecs/prod/connections",
        "variables_prefix": "airflow-ecs/prod/variables",
    }


@pytest.mark.parametrize(
    "backend,message",
    [
        ({"connections_prefix": "airflow-ecs/prod"}, "secrets_backend.connections_prefix must not hold the environment's own secrets"),
        ({"variables_prefix": "airflow-ecs"}, "secrets_backend.variables_prefix must not hold the environment's own secrets"),
        ({"connections_prefix": "airflow-ecs/prod/connections/"}, "secrets_backend.connections_prefix must be a Secrets Manager name prefix"),
        ({"connections_prefix": "has space"}, "secrets_backend.connections_prefix must be a Secrets Manager name prefix"),
        ({"connections_prefix": "same", "variables_prefix": "same"}, "secrets_backend.connections_prefix and secrets_backend.variables_prefix must differ"),
        ({"enabled": "yes"}, "secrets_backend.enabled must be true or false"),
    ],
)
def test_bad_backend_settings_are_refused(backend, message):
    errors = validation_errors(base_spec(secrets_backend=backend))
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_a_prefix_beside_the_environment_path_is_fine():
    assert validation_errors(base_spec(secrets_backend={"connections_prefix": "airflow-ecs/prod2/connections"})) == []


def test_backend_settings_through_airflow_config_only_when_the_backend_is_off():
    vault = {"secrets": {"backend": "airflow.providers.hashicorp.secrets.vault.VaultBackend"}}
    [error] = validation_errors(base_spec(airflow_config=vault))
    assert error.startswith("airflow_config.secrets.backend is managed by the collection: set from secrets_backend")
    assert validation_errors(base_spec(airflow_config=vault, secrets_backend={"enabled": False})) == []


def test_extra_secrets_are_rendered_as_references():
    extra = {"AIRFLOW__SMTP__SMTP_PASSWORD": SMTP, "SLACK_TOKEN": {"arn": SMTP, "json_key": "slack"}}
    definition = render_task_definition(base_spec("worker", extra_secrets=extra))
    held = secrets_of(container(definition, "worker"))
    assert held["AIRFLOW__SMTP__SMTP_PASSWORD"] == SMTP
    assert held["SLACK_TOKEN"] == SMTP + ":slack::"
    assert "SLACK_TOKEN" not in env_of(container(definition, "worker"))


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"SMTP_PASSWORD": "hunter2hunter2"}, "extra_secrets.SMTP_PASSWORD must be the ARN of a Secrets Manager secret"),
        ({"AIRFLOW__CORE__FERNET_KEY": SMTP}, "extra_secrets.AIRFLOW__CORE__FERNET_KEY: the collection sets it"),
        ({"AIRFLOW__CORE__EXECUTOR": SMTP}, "extra_secrets.AIRFLOW__CORE__EXECUTOR: the collection sets it"),
        ({"AIRFLOW_ECS_ADMIN_PASSWORD": SMTP}, "extra_secrets.AIRFLOW_ECS_ADMIN_PASSWORD: the collection sets it"),
        ({"1BAD": SMTP}, "extra_secrets.1BAD: the name must be an environment variable name"),
        ({"AIRFLOW__SMTP__SMTP_HOST": SMTP}, "extra_secrets.AIRFLOW__SMTP__SMTP_HOST is also set by airflow_config.smtp.smtp_host"),
    ],
)
def test_bad_extra_secrets_are_refused_without_showing_the_value(extra, message):
    spec = base_spec("worker", extra_secrets=extra, airflow_config={"smtp": {"smtp_host": "mail.example.com"}})
    errors = validation_errors(spec)
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert "hunter2" not in errors[0]


def test_a_plain_password_in_airflow_config_points_at_extra_secrets():
    [error] = validation_errors(base_spec(airflow_config={"smtp": {"smtp_password": "hunter2"}}))
    assert error.endswith("pass extra_secrets: {AIRFLOW__SMTP__SMTP_PASSWORD: <secret ARN>}")


@pytest.mark.parametrize(
    "reference,arn",
    [
        (SMTP, SMTP),
        (SMTP + ":password::", SMTP),
        ({"arn": SMTP, "json_key": "password"}, SMTP),
        ("arn:aws:ssm:eu-west-1:123456789012:parameter/smtp", None),
        ("hunter2", None),
        (None, None),
    ],
)
def test_the_secret_a_reference_reads(reference, arn):
    assert secret_arn_of(reference) == arn
