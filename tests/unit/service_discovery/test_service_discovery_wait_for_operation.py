"""module_utils/service_discovery: waiting for a Cloud Map operation."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import (
    OperationFailed,
    operation_target,
    wait_for_operation,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import WaitTimeout
from fake_clock import FakeClock


def _operations(*statuses):
    calls = []

    def get_operation(operation_id):
        calls.append(operation_id)
        status = statuses[min(len(calls), len(statuses)) - 1]
        operation = {"Id": operation_id, "Status": status, "Targets": {"NAMESPACE": "ns-1"}}
        if status == "FAIL":
            operation.update(ErrorCode="CANNOT_CREATE_HOSTED_ZONE", ErrorMessage="zone limit")
        return operation

    return get_operation, calls


def test_polls_until_success():
    clock = FakeClock()
    get_operation, calls = _operations("SUBMITTED", "PENDING", "SUCCESS")
    operation = wait_for_operation(get_operation, "op-1", timeout=60, sleep=clock.sleep, clock=clock)
    assert operation["Status"] == "SUCCESS"
    assert len(calls) == 3
    assert operation_target(operation, "NAMESPACE") == "ns-1"
    assert operation_target(operation, "SERVICE") is None


def test_a_failed_operation_raises_with_its_error():
    clock = FakeClock()
    get_operation, calls = _operations("PENDING", "FAIL")
    with pytest.raises(OperationFailed, match="op-1 failed: CANNOT_CREATE_HOSTED_ZONE: zone limit"):
        wait_for_operation(get_operation, "op-1", timeout=60, sleep=clock.sleep, clock=clock)
    assert len(calls) == 2


def test_gives_up_after_the_timeout():
    clock = FakeClock()
    get_operation, calls = _operations("PENDING")
    with pytest.raises(WaitTimeout, match="still PENDING after 10 seconds"):
        wait_for_operation(get_operation, "op-1", timeout=10, delay=3, sleep=clock.sleep, clock=clock)
    assert clock.now == 10
    assert len(calls) == 5  # at 0, 3, 6, 9 and the last look at 10


def test_a_zero_timeout_looks_once():
    clock = FakeClock()
    get_operation, calls = _operations("SUCCESS")
    wait_for_operation(get_operation, "op-1", timeout=0, sleep=clock.sleep, clock=clock)
    assert calls == ["op-1"]
