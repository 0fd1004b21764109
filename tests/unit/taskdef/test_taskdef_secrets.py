"""Secrets travel as references: the forms accepted, who gets which, and that values never leak."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import (
    TaskDefinitionInputError,
    render_task_definition,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import SECRETS, base_spec, container, secrets_of

PLAIN_VALUE = "postgresql://airflow:s3cr3t-pa55@db:5432/airflow"

AIRFLOW3 = {
    "migrate": {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__FERNET_KEY", "AIRFLOW_ECS_ADMIN_PASSWORD"},
    "api-server": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__API_AUTH__JWT_SECRET",
        "AIRFLOW__API__SECRET_KEY",
    },
    "scheduler": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__API_AUTH__JWT_SECRET",
        "AIRFLOW__CELERY__BROKER_URL",
        "AIRFLOW__CELERY__RESULT_BACKEND",
    },
    "dag-processor": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__API_AUTH__JWT_SECRET",
    },
    "triggerer": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__API_AUTH__JWT_SECRET",
        "AIRFLOW__API__SECRET_KEY",
    },
    "worker": {"AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__CELERY__RESULT_BACKEND", "AIRFLOW__API__SECRET_KEY"},
    "flower": {"AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__CELERY__RESULT_BACKEND"},
}
AIRFLOW2 = {
    "migrate": {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__FERNET_KEY", "AIRFLOW_ECS_ADMIN_PASSWORD"},
    "api-server": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__WEBSERVER__SECRET_KEY",
    },
    "scheduler": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__CELERY__BROKER_URL",
        "AIRFLOW__CELERY__RESULT_BACKEND",
    },
    "dag-processor": {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__FERNET_KEY"},
    "triggerer": {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__WEBSERVER__SECRET_KEY"},
    "worker": {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__CELERY__BROKER_URL",
        "AIRFLOW__CELERY__RESULT_BACKEND",
        "AIRFLOW__WEBSERVER__SECRET_KEY",
    },
    "flower": {"AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__CELERY__RESULT_BACKEND"},
}


@pytest.mark.parametrize("major,table", [(3, AIRFLOW3), (2, AIRFLOW2)])
@pytest.mark.parametrize("component", sorted(AIRFLOW3))
def test_each_component_gets_exactly_its_secrets(component, major, table):
    definition = render_task_definition(base_spec(component, major))
    assert set(secrets_of(container(definition, component))) == table[component]


def test_airflow3_worker_cannot_mint_execution_api_tokens():
    definition = render_task_definition(base_spec("worker", 3))
    assert "AIRFLOW__API_AUTH__JWT_SECRET" not in secrets_of(container(definition, "worker"))


def test_secrets_manager_json_key_dict_renders_the_ecs_suffix():
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/airflow-AbCdEf"
    spec = base_spec("migrate", secrets=dict(SECRETS, fernet_key={"arn": arn, "json_key": "fernet_key"}))
    found = secrets_of(container(render_task_definition(spec), "migrate"))
    assert found["AIRFLOW__CORE__FERNET_KEY"] == arn + ":fernet_key::"


@pytest.mark.parametrize(
    "reference",
    [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/airflow-AbCdEf:fernet_key:AWSCURRENT:",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/airflow-AbCdEf:fernet_key::",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/airflow/fernet_key",
        "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/fernet-AbCdEf",
    ],
)
def test_arn_forms_are_passed_through(reference):
    spec = base_spec("migrate", secrets=dict(SECRETS, fernet_key=reference))
    found = secrets_of(container(render_task_definition(spec), "migrate"))
    assert found["AIRFLOW__CORE__FERNET_KEY"] == reference


@pytest.mark.parametrize(
    "value",
    [
        PLAIN_VALUE,
        "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=",
        "arn:aws:s3:::not-a-secret-s3cr3t-pa55",
        {"arn": PLAIN_VALUE, "json_key": "k"},
        {"arn": SECRETS["fernet_key"], "json_key": "a:b", "extra": PLAIN_VALUE},
        12345,
    ],
)
def test_a_plain_value_is_refused_and_never_echoed(value):
    spec = base_spec("migrate", secrets=dict(SECRETS, sql_alchemy_conn=value))
    errors = validation_errors(spec)
    assert errors and all(error.startswith("secrets.sql_alchemy_conn") for error in errors)
    joined = " ".join(errors)
    for fragment in ("s3cr3t", "pa55", "Zm9vYmFy", "12345"):
        assert fragment not in joined
    with pytest.raises(TaskDefinitionInputError) as raised:
        render_task_definition(spec)
    assert "s3cr3t" not in str(raised.value)


def test_plain_value_message_says_to_store_it_and_pass_the_arn():
    errors = validation_errors(base_spec("migrate", secrets=dict(SECRETS, fernet_key="x" * 44)))
    assert errors == [
        "secrets.fernet_key must be the ARN of a Secrets Manager secret or SSM parameter, not the value itself: "
        "store the value and pass its ARN"
    ]


def test_a_json_key_without_the_full_ecs_form_is_explained():
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/airflow-AbCdEf:fernet_key"
    errors = validation_errors(base_spec("migrate", secrets=dict(SECRETS, fernet_key=arn)))
    assert len(errors) == 1 and errors[0].startswith("secrets.fernet_key is not a Secrets Manager")
    assert "<secret arn>:fernet_key::" in errors[0]


def test_missing_secrets_are_listed_for_the_component():
    secrets = {name: arn for name, arn in SECRETS.items() if name not in ("broker_url", "api_secret_key")}
    errors = validation_errors(base_spec("worker", secrets=secrets))
    assert len(errors) == 1
    assert "worker on Airflow 3" in errors[0]
    assert "missing: secrets.broker_url, secrets.api_secret_key" in errors[0]


def test_secrets_the_component_does_not_need_are_not_required_or_rendered():
    spec = base_spec(
        "flower", secrets={"broker_url": SECRETS["broker_url"], "result_backend": SECRETS["result_backend"]}
    )
    assert validation_errors(spec) == []
    definition = render_task_definition(base_spec("flower"))
    assert "AIRFLOW__CORE__FERNET_KEY" not in secrets_of(container(definition, "flower"))


def test_unknown_secret_name_is_refused():
    errors = validation_errors(base_spec(secrets=dict(SECRETS, smtp_password=SECRETS["fernet_key"])))
    assert errors == [
        "secrets.smtp_password is not a known secret; known: fernet_key, jwt_secret, api_secret_key, "
        "sql_alchemy_conn, broker_url, result_backend, admin_password"
    ]


def test_input_error_carries_every_error():
    with pytest.raises(TaskDefinitionInputError) as raised:
        render_task_definition(base_spec(secrets={}, region=None))
    error = raised.value
    assert isinstance(error, ValueError)
    assert len(error.errors) == 2
    assert str(error) == "; ".join(error.errors)


def test_possible_secret_values_are_what_is_not_a_reference():
    from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import possible_secret_values

    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/airflow-AbCdEf"
    found = possible_secret_values(
        {
            "fernet_key": "plain-value",
            "jwt_secret": arn,
            "api_secret_key": {"arn": "another-plain-value", "json_key": "k"},
            "broker_url": {"arn": arn, "json_key": "broker_url"},
        }
    )
    assert sorted(found) == ["another-plain-value", "k", "plain-value"]
    assert possible_secret_values(None) == []
