"""The fake ECS agent answers task protection requests the way the agent documents them (fast:
no deployment)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from fake_ecs_agent import FakeEcsAgent


@pytest.fixture
def agent():
    running = FakeEcsAgent()
    yield running
    running.shutdown()


def _call(uri: str, body: dict | bytes | None = None) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{uri}/task-protection/v1/state", data=data, method="GET" if body is None else "PUT")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_protection_is_set_read_and_switched_off(agent: FakeEcsAgent):
    uri = agent.uri("abc123")
    before = time.time()
    status, answer = _call(uri, {"ProtectionEnabled": True, "ExpiresInMinutes": 15})
    assert status == 200
    assert answer["protection"]["ProtectionEnabled"] is True
    assert answer["protection"]["TaskArn"] == "arn:aws:ecs:us-east-1:123456789012:task/airflow-local/abc123"
    assert answer["protection"]["ExpirationDate"].endswith("+00:00")
    assert agent.protected("abc123")
    assert before + 15 * 60 <= agent.protection("abc123").expires_at <= time.time() + 15 * 60

    assert _call(uri) == (200, answer)
    status, answer = _call(uri, {"ProtectionEnabled": False})
    assert (status, answer["protection"]["ProtectionEnabled"], answer["protection"]["ExpirationDate"]) == (200, False, None)
    assert not agent.protected("abc123")
    assert [(change.enabled, change.expires_in_minutes) for change in agent.protection("abc123").history] == [
        (True, 15), (False, None)
    ]


def test_protection_without_minutes_lasts_two_hours(agent: FakeEcsAgent):
    _call(agent.uri("t1"), {"ProtectionEnabled": True})
    assert agent.protection("t1").history[-1].expires_in_minutes == 120


@pytest.mark.parametrize("body", [
    {"ExpiresInMinutes": 5},
    {"ProtectionEnabled": "yes"},
    {"ProtectionEnabled": True, "ExpiresInMinutes": 0},
    {"ProtectionEnabled": True, "ExpiresInMinutes": 2881},
    {"ProtectionEnabled": True, "ExpiresInMinutes": "10"},
    b"not json",
])
def test_a_bad_request_is_refused_and_changes_nothing(agent: FakeEcsAgent, body):
    status, answer = _call(agent.uri("t2"), body)
    assert status == 400
    assert answer["error"]["Code"] == "InvalidParameterException"
    assert agent.protection("t2").history == []


def test_expired_protection_counts_as_off(agent: FakeEcsAgent):
    _call(agent.uri("t3"), {"ProtectionEnabled": True, "ExpiresInMinutes": 1})
    agent.protection("t3").expires_at = time.time() - 1
    assert not agent.protected("t3")
    assert _call(agent.uri("t3"))[1]["protection"]["ProtectionEnabled"] is False


def test_an_unknown_task_is_not_found(agent: FakeEcsAgent):
    assert _call(f"http://127.0.0.1:{agent.port}/api/unknown")[0] == 404
