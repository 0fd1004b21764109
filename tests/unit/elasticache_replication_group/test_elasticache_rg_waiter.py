"""waiter_for: when the module waits, and for what (the code path, not timing)."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import waiter_for


@pytest.mark.parametrize(
    ("state", "wait", "check_mode", "changed", "status", "expected"),
    [
        ("present", True, False, True, None, "replication_group_available"),
        ("present", True, False, False, "creating", "replication_group_available"),
        ("present", True, False, False, "modifying", "replication_group_available"),
        ("present", True, False, False, "available", None),
        ("present", False, False, True, None, None),
        ("present", True, True, True, None, None),
        ("absent", True, False, True, "available", "replication_group_deleted"),
        ("absent", True, False, False, "deleting", "replication_group_deleted"),
        ("absent", False, False, True, "available", None),
        ("absent", True, True, True, "available", None),
        ("absent", True, False, False, None, None),
    ],
)
def test_waiter_for(state, wait, check_mode, changed, status, expected):
    assert waiter_for(state, wait, check_mode, changed, status) == expected
