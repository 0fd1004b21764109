"""replica_step: which replica call reaches the wanted count."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import replica_step


def test_replica_steps():
    assert replica_step(1, 1) is None
    assert replica_step(0, 2) == ("increase", 2)
    assert replica_step(3, 1) == ("decrease", 1)
