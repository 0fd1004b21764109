"""poll: the one polling loop for APIs without a botocore waiter (timing on a fake clock)."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import WaitTimeout
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import poll


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def _readings(*values):
    seen = []

    def read():
        seen.append(values[min(len(seen), len(values) - 1)])
        return seen[-1]

    return read, seen


def test_returns_the_first_reading_that_is_done():
    clock = FakeClock()
    read, seen = _readings("PENDING", "PENDING", "SUCCESS")
    assert poll(read, lambda value: value == "SUCCESS", 60, 5, "never", sleep=clock.sleep, clock=clock) == "SUCCESS"
    assert seen == ["PENDING", "PENDING", "SUCCESS"] and clock.sleeps == [5, 5]


def test_gives_up_after_a_last_reading_at_the_timeout():
    clock = FakeClock()
    read, seen = _readings("PENDING")
    with pytest.raises(WaitTimeout, match="^still PENDING after 10$"):
        poll(read, lambda value: False, 10, 3, lambda value: f"still {value} after 10", sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [3, 3, 3, 1] and len(seen) == 5


def test_a_plain_message_is_used_as_it_is():
    clock = FakeClock()
    read = _readings(object())[0]
    with pytest.raises(WaitTimeout, match="^group x still exists after 4 seconds$"):
        poll(read, lambda value: value is None, 4, 5, "group x still exists after 4 seconds", sleep=clock.sleep, clock=clock)


def test_a_zero_timeout_reads_once():
    clock = FakeClock()
    read, seen = _readings("PENDING")
    with pytest.raises(WaitTimeout):
        poll(read, lambda value: False, 0, 5, "timeout", sleep=clock.sleep, clock=clock)
    assert len(seen) == 1 and clock.sleeps == []


def test_read_may_stop_the_wait_early():
    clock = FakeClock()

    def read():
        raise RuntimeError("failed")

    with pytest.raises(RuntimeError, match="failed"):
        poll(read, lambda value: False, 60, 5, "timeout", sleep=clock.sleep, clock=clock)
    assert clock.sleeps == []
