"""task_protection sidecar: when to protect, and the agent calls, against a fake ECS agent on loopback."""

import threading

import pytest
from fake_ecs_agent import FakeEcsAgent

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars.task_protection import (
    AgentError,
    Protection,
    is_busy,
    run,
    set_protection,
    settings,
)


@pytest.fixture
def agent():
    fake = FakeEcsAgent()
    yield fake
    fake.shutdown()


def _history(agent, task_id="task-1"):
    return [(change.enabled, change.expires_in_minutes) for change in agent.protection(task_id).history]


def test_set_protection_puts_the_documented_request(agent):
    uri = agent.uri("task-1")
    assert set_protection(uri, True, 45)["ProtectionEnabled"] is True
    assert agent.protected("task-1")
    assert set_protection(uri + "/", False, 45)["ProtectionEnabled"] is False
    assert not agent.protected("task-1")
    assert _history(agent) == [(True, 45), (False, None)]


def test_a_failure_or_error_answer_is_raised_with_its_reason(agent):
    uri = agent.uri("task-1")
    agent.refuse("task-1", "TASK_NOT_VALID")
    with pytest.raises(AgentError, match="TASK_NOT_VALID"):
        set_protection(uri, True, 10)
    agent.refuse("task-1", None)
    with pytest.raises(AgentError, match="InvalidParameterException"):
        set_protection(uri, True, 0)
    assert _history(agent) == []


def test_an_unreachable_agent_is_an_agent_error(agent):
    uri = agent.uri("task-1")
    agent.shutdown()
    with pytest.raises(AgentError, match="task protection request failed"):
        set_protection(uri, True, 10, timeout=2)


def test_protection_on_when_busy_renewed_at_half_time_off_after_idle_polls():
    protection = Protection(minutes=10, idle_polls=2)
    assert protection.decide(True, 0) is True
    protection.applied(True, 0)
    assert protection.decide(True, 100) is None
    assert protection.decide(True, 299) is None
    assert protection.decide(True, 300) is True  # half of 600 s left
    protection.applied(True, 300)
    assert protection.decide(False, 310) is None  # one idle poll is not enough
    assert protection.decide(None, 320) is None  # no answer: leave it
    assert protection.decide(False, 330) is False
    protection.applied(False, 330)
    assert protection.decide(False, 340) is None  # already off
    assert protection.decide(True, 350) is True


def test_an_idle_poll_between_busy_ones_does_not_drop_protection():
    protection = Protection(minutes=10, idle_polls=2)
    protection.applied(True, 0)
    assert protection.decide(False, 10) is None
    assert protection.decide(True, 20) is None
    assert protection.decide(False, 30) is None


def test_is_busy_reads_active_and_reserved_of_this_worker_only():
    me = "celery@worker-1"
    assert is_busy(({me: [{"id": "a"}]}, {me: []}), me) is True
    assert is_busy(({me: []}, {me: [{"id": "b"}]}), me) is True
    assert is_busy(({me: []}, {me: []}), me) is False
    assert is_busy(({me: []}, None), me) is False
    assert is_busy((None, None), me) is None
    assert is_busy(({"celery@other": [{"id": "a"}]}, None), me) is None


def _worker_answers(answers, stopping):
    """ask_worker for run(): the given answers in turn, then stop the loop."""
    remaining = iter(answers)

    def ask():
        try:
            return next(remaining)
        except StopIteration:
            stopping.set()
            return None

    return ask


def test_run_protects_while_busy_and_releases_when_idle(agent):
    stopping = threading.Event()
    ask = _worker_answers([True, True, False, False, False], stopping)
    clock = iter(range(0, 1000, 5))
    lines = []
    config = {"minutes": 30, "idle_polls": 2, "poll": 0}
    uri = agent.uri("task-1")
    run(config, ask, lambda enabled: set_protection(uri, enabled, 30), stopping, clock=lambda: next(clock), report=lines.append)
    assert _history(agent) == [(True, 30), (False, None)]
    assert lines == ["on for 30 min (busy)", "off (idle)"]


def test_a_refused_change_is_logged_and_tried_again(agent):
    uri = agent.uri("task-1")
    agent.refuse("task-1", "throttled")
    stopping = threading.Event()
    ask = _worker_answers([True, True], stopping)
    lines = []
    run({"minutes": 5, "idle_polls": 2, "poll": 0}, ask, lambda enabled: set_protection(uri, enabled, 5), stopping,
        report=lines.append)
    assert len(lines) == 2 and all("throttled" in line for line in lines)  # tried on each busy poll
    assert _history(agent) == []


def test_settings_need_the_agent_and_the_broker_and_check_numbers():
    environ = {"ECS_AGENT_URI": "http://169.254.170.2/api/x", "AIRFLOW__CELERY__BROKER_URL": "redis://h:6379/0"}
    assert settings(environ) == {"agent_uri": environ["ECS_AGENT_URI"], "broker_url": environ["AIRFLOW__CELERY__BROKER_URL"],
                                 "minutes": 60, "poll": 10, "idle_polls": 2}
    with pytest.raises(ValueError, match="ECS_AGENT_URI is not set"):
        settings({"AIRFLOW__CELERY__BROKER_URL": "redis://h"})
    with pytest.raises(ValueError, match="AIRFLOW__CELERY__BROKER_URL is not set"):
        settings({"ECS_AGENT_URI": "http://a"})
    with pytest.raises(ValueError, match="AIRFLOW_ECS_PROTECTION_POLL must be a whole number"):
        settings(dict(environ, AIRFLOW_ECS_PROTECTION_POLL="0"))
    with pytest.raises(ValueError, match="at most 2880"):
        settings(dict(environ, AIRFLOW_ECS_PROTECTION_MINUTES="2881"))
