"""Properties every rendered definition has, over components x Airflow 3/2 x DAG storage x launch type."""

import collections
import json
import re

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import is_long_running
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sizing import FARGATE_MEMORY
from taskdef_inputs import SECRET_ARNS, SECRETS, container, env_of, matrix_id, secrets_of, valid_matrix, variant_spec

SECRET_NAME = re.compile(r"(FERNET_KEY|JWT_SECRET|SECRET_KEY|SQL_ALCHEMY_CONN|BROKER_URL|RESULT_BACKEND|PASSWORD)")
LOCAL = re.compile(r"localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0")
SHARED_SECRETS = {
    "AIRFLOW__CORE__FERNET_KEY": SECRETS["fernet_key"],
    "AIRFLOW__API_AUTH__JWT_SECRET": SECRETS["jwt_secret"],
    "AIRFLOW__API__SECRET_KEY": SECRETS["api_secret_key"],
    "AIRFLOW__WEBSERVER__SECRET_KEY": SECRETS["api_secret_key"],
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": SECRETS["sql_alchemy_conn"],
    "AIRFLOW__CELERY__BROKER_URL": SECRETS["broker_url"],
    "AIRFLOW__CELERY__RESULT_BACKEND": SECRETS["result_backend"],
    "AIRFLOW_ECS_ADMIN_PASSWORD": SECRETS["admin_password"],
}

Case = collections.namedtuple("Case", "component major mode launch_type definition")


@pytest.fixture(name="case", params=list(valid_matrix()), ids=matrix_id)
def fixture_case(request):
    return Case(*request.param, definition=render_task_definition(variant_spec(*request.param)))


def _main(case):
    return container(case.definition, case.component)


def test_no_secret_in_environment(case):
    for item in case.definition["containerDefinitions"]:
        for name, value in env_of(item).items():
            assert not SECRET_NAME.search(name), name
            assert value not in SECRET_ARNS


def test_secrets_are_references_to_the_one_shared_secret(case):
    found = secrets_of(_main(case))
    assert found
    for name, value_from in found.items():
        assert SHARED_SECRETS[name] == value_from


def test_long_running_containers_have_a_patient_health_check(case):
    check = _main(case).get("healthCheck")
    if not is_long_running(case.component):
        assert check is None
        return
    assert check["command"][0] == "CMD-SHELL"
    assert check["startPeriod"] >= 60 and check["retries"] == 5
    assert check["timeout"] < check["interval"]
    # A check that starts a Python process (Airflow's CLI, the Celery app) took over 15 s on a loaded host.
    starts_python = not check["command"][1].startswith("curl ")
    assert check["timeout"] >= (45 if starts_python else 15)


def test_no_localhost_in_environment(case):
    for item in case.definition["containerDefinitions"]:
        for value in env_of(item).values():
            assert not LOCAL.search(value)


def test_fargate_sizes_are_valid_combinations(case):
    definition = case.definition
    if case.launch_type != "FARGATE":
        return
    assert definition["networkMode"] == "awsvpc"
    assert definition["requiresCompatibilities"] == ["FARGATE"]
    assert isinstance(definition["cpu"], str) and isinstance(definition["memory"], str)
    assert int(definition["memory"]) in FARGATE_MEMORY[int(definition["cpu"])]


def test_ec2_containers_are_sized(case):
    if case.launch_type != "EC2":
        return
    definition = case.definition
    assert definition["requiresCompatibilities"] == ["EC2"]
    assert _main(case)["memoryReservation"] > 0 and _main(case)["cpu"] > 0
    for item in definition["containerDefinitions"]:
        assert item.get("memoryReservation") and "memory" not in item
    # The reservations add up to the task's memory, which caps the task as a whole.
    assert sum(item["memoryReservation"] for item in definition["containerDefinitions"]) == int(definition["memory"])


def test_environment_and_secrets_sorted_and_output_deterministic(case):
    for item in case.definition["containerDefinitions"]:
        for field in ("environment", "secrets"):
            names = [entry["name"] for entry in item.get(field, [])]
            assert names == sorted(names)
    again = render_task_definition(variant_spec(case.component, case.major, case.mode, case.launch_type))
    assert json.dumps(again) == json.dumps(case.definition)


def test_airflow_container_is_first_and_hardened(case):
    main = case.definition["containerDefinitions"][0]
    assert main["name"] == case.component and main["essential"] is True
    assert main["user"] == "50000:0"
    assert main["linuxParameters"] == {"initProcessEnabled": True}
    assert main["readonlyRootFilesystem"] is True
    assert all(item["essential"] is False for item in case.definition["containerDefinitions"][1:])


def test_every_container_logs_to_the_group(case):
    for item in case.definition["containerDefinitions"]:
        options = item["logConfiguration"]["options"]
        assert item["logConfiguration"]["logDriver"] == "awslogs"
        assert options["awslogs-group"] == "/airflow/prod" and options["awslogs-region"] == "eu-west-1"


def test_execution_api_url_on_airflow3_containers_except_migrate(case):
    has_url = "AIRFLOW__CORE__EXECUTION_API_SERVER_URL" in env_of(_main(case))
    assert has_url == (case.major == 3 and case.component != "migrate")


def test_tags_name_environment_and_component(case):
    tags = {tag["key"]: tag["value"] for tag in case.definition["tags"]}
    assert tags["airflow_ecs_environment"] == "prod"
    assert tags["airflow_ecs_component"] == case.component
