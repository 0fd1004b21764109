"""resolve_failover: automatic failover and Multi-AZ follow the replica count on auto."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import desired_replicas
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import resolve_failover


@pytest.mark.parametrize(("replicas", "expected"), [(0, (False, False)), (1, (True, True)), (5, (True, True))])
def test_auto_turns_both_on_with_a_replica(replicas, expected):
    failover, multi_az, errors = resolve_failover(replicas, "auto", "auto")
    assert (failover, multi_az) == expected and errors == []


def test_failover_on_with_no_replica_is_refused():
    errors = resolve_failover(0, "enabled", "auto")[2]
    assert errors == ["automatic_failover=enabled needs at least one replica (replicas_per_node_group >= 1)"]


def test_multi_az_needs_failover():
    errors = resolve_failover(2, "disabled", "enabled")[2]
    assert errors and errors[0].startswith("multi_az=enabled")


def test_failover_without_multi_az_is_allowed():
    assert resolve_failover(1, "enabled", "disabled") == (True, False, [])


def test_unset_replica_count_keeps_the_current_one():
    assert desired_replicas({"replicas_per_node_group": 3}, None) == 3
    assert desired_replicas({"replicas_per_node_group": 3}, 1) == 1
    assert desired_replicas(None, None) == 0
