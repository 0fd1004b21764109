"""capacity_rebalance_changed."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import capacity_rebalance_changed


def test_capacity_rebalance(current):
    assert not capacity_rebalance_changed(current, False)
    assert not capacity_rebalance_changed(current, None)
    assert capacity_rebalance_changed(current, True)
