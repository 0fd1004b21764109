"""The login, with Airflow's REST API as the client: the admin user the migrate task keeps,
with the password the secrets role generated, logs in on any api-server task (a token made
by one is accepted by another), before and after a restart; wrong credentials get 401, a
token that does not verify 403.

Runs after test_airflow_on_standin.py on the same Airflow; leaves one healthy api-server in
airflow.services["api-server"]."""

from __future__ import annotations

import time

import pytest
from deployment import Deployment, run_migration
from ecs_standin import Task
from rest_api import API_PORT, admin_password, log_in, request

# The second api-server task listens on another port: the stand-in's tasks share the host's
# network (docs/e2e.md), where ECS gives each awsvpc task its own address.
SECOND_PORT = 8081


def _answers(port: int) -> bool:
    try:
        return request(port, "/api/v2/version")[0] == 200
    except OSError:
        return False


def _dags_status(port: int, token: str | None) -> int:
    return request(port, "/api/v2/dags?limit=1", token=token)[0]


@pytest.fixture(scope="module")
def password(airflow: Deployment) -> str:
    return admin_password(airflow)


@pytest.fixture(scope="module")
def second_api_server(airflow: Deployment):
    task = airflow.standin.run_task(
        airflow.task_definitions["api-server"], {"api-server": {"AIRFLOW__API__PORT": str(SECOND_PORT)}}
    )
    # Its own health check asks the first task's port (API_PORT): wait on its port instead, as
    # long as ECS would wait for it (startPeriod + retries x interval).
    check = task.main.definition["healthCheck"]
    deadline = time.monotonic() + check["startPeriod"] + check["retries"] * check["interval"]
    while not _answers(SECOND_PORT):
        assert task.running(), f"the second api-server exited:\n{task.main.output()}"
        assert time.monotonic() < deadline, f"the second api-server did not answer in time:\n{task.main.output()}"
        time.sleep(2)
    yield task
    task.stop()


def _restart_api_server(airflow: Deployment) -> Task:
    airflow.services["api-server"].stop()
    task = airflow.standin.run_task(airflow.task_definitions["api-server"])
    task.wait_healthy()
    airflow.services["api-server"] = task
    return task


def test_the_admin_logs_in_with_the_generated_password(airflow: Deployment, password: str):
    status, token = log_in(API_PORT, "admin", password)
    assert status == 201 and token
    assert _dags_status(API_PORT, token) == 200


def test_a_token_from_one_api_server_task_is_accepted_by_another(airflow: Deployment, password: str, second_api_server):
    for made_on, used_on in ((API_PORT, SECOND_PORT), (SECOND_PORT, API_PORT)):
        status, token = log_in(made_on, "admin", password)
        assert status == 201, f"login on port {made_on}: {status}"
        assert _dags_status(used_on, token) == 200, f"a token made on port {made_on}, used on port {used_on}"


@pytest.mark.parametrize("port", [API_PORT, SECOND_PORT])
def test_wrong_credentials_get_401_and_a_bad_token_403(airflow: Deployment, password: str, second_api_server, port: int):
    assert log_in(port, "admin", password + "x")[0] == 401
    assert log_in(port, "nobody", password)[0] == 401
    assert _dags_status(port, None) == 401
    # A token that does not verify: Airflow's API answers 403 (measured with Airflow 3.3.2).
    assert _dags_status(port, "not-a-token") == 403


def test_a_login_outlives_an_api_server_restart(airflow: Deployment, password: str):
    _status, before = log_in(API_PORT, "admin", password)
    _restart_api_server(airflow)
    assert _dags_status(API_PORT, before) == 200
    status, after = log_in(API_PORT, "admin", password)
    assert status == 201 and _dags_status(API_PORT, after) == 200


def test_running_the_migrate_task_again_keeps_one_admin_with_the_same_password(airflow: Deployment, password: str):
    run_migration(airflow)
    assert airflow.postgres.query("select username, active from ab_user") == [["admin", "t"]]
    assert log_in(API_PORT, "admin", password)[0] == 201
