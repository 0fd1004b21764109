"""run_waiter: a botocore waiter for the timeout the module was given, its give-up as WaitTimeout.

The stub client only records what the waiter is asked; how the waiters behave against the
API is proven by the integration tests on the emulator.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import WaiterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import WaitTimeout
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import run_waiter
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import waiter_config
from fake_clock import FakeClock


class StubWaiter:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def wait(self, **kwargs):
        self.client.waits.append((self.name, kwargs))
        if self.client.error:
            raise self.client.error


class StubClient:
    def __init__(self, error=None):
        self.error = error
        self.waits = []

    def get_waiter(self, name):
        return StubWaiter(self, name)


def test_waiter_config_covers_the_timeout():
    assert waiter_config(1800, 15) == {"Delay": 15, "MaxAttempts": 120}
    assert waiter_config(20, 15) == {"Delay": 15, "MaxAttempts": 2}
    assert waiter_config(3, 15) == {"Delay": 3, "MaxAttempts": 1}
    assert waiter_config(0, 6) == {"Delay": 1, "MaxAttempts": 1}


def test_the_waiter_gets_its_parameters_and_config():
    client = StubClient()
    run_waiter(client, "tasks_stopped", 60, 6, "timeout", cluster="c", tasks=["t"])
    assert client.waits == [("tasks_stopped", {"WaiterConfig": {"Delay": 6, "MaxAttempts": 10}, "cluster": "c", "tasks": ["t"]})]


def test_giving_up_raises_the_module_message():
    error = WaiterError(name="TasksStopped", reason="Max attempts exceeded", last_response={"tasks": []})
    with pytest.raises(WaitTimeout, match="^task t did not stop within 60 s$"):
        run_waiter(StubClient(error), "tasks_stopped", 60, 6, "task t did not stop within 60 s", tasks=["t"])


def test_the_message_can_say_why_the_waiter_gave_up():
    error = WaiterError(name="X", reason="Max attempts exceeded", last_response={})
    with pytest.raises(WaitTimeout, match=r"^not gone \(Waiter X failed: Max attempts exceeded\)$"):
        run_waiter(StubClient(error), "x", 2, 15, lambda detail: f"not gone ({detail})")

    error = WaiterError(name="X", reason="error", last_response={"Error": {"Code": "Denied", "Message": "not allowed"}})
    with pytest.raises(WaitTimeout, match=r"^not gone \(not allowed\)$"):
        run_waiter(StubClient(error), "x", 2, 15, lambda detail: f"not gone ({detail})")


class FlakyClient(StubClient):
    """A waiter stopped by throttles `throttles` times, then done."""

    def __init__(self, throttles, code="ThrottlingException"):
        super().__init__()
        self.throttles, self.code = throttles, code

    def get_waiter(self, name):
        client = self

        class Waiter:
            def wait(self, **kwargs):
                client.waits.append((name, kwargs))
                if client.throttles:
                    client.throttles -= 1
                    raise WaiterError(name=name, reason="An error occurred (%s)" % client.code,
                                      last_response={"Error": {"Code": client.code, "Message": "Rate exceeded"}})

        return Waiter()


@pytest.mark.parametrize("code", ["ThrottlingException", "Throttling", "RequestLimitExceeded", "SlowDown"])
def test_a_throttled_waiter_runs_again_for_what_is_left(code):
    client, clock = FlakyClient(throttles=3, code=code), FakeClock()
    run_waiter(client, "replication_group_available", 600, 30, "timeout", clock=clock, sleep=clock.sleep, Id="g")
    assert len(client.waits) == 4 and clock.now == 90
    assert client.waits[-1] == ("replication_group_available", {"WaiterConfig": {"Delay": 30, "MaxAttempts": 17}, "Id": "g"})


def test_throttles_until_the_deadline_end_in_the_module_message():
    client, clock = FlakyClient(throttles=100), FakeClock()
    with pytest.raises(WaitTimeout, match="^not available within 100 s$"):
        run_waiter(client, "x", 100, 30, "not available within 100 s", clock=clock, sleep=clock.sleep)
    assert clock.now < 100
