"""termination_policies_changed: order matters, [] means [Default]."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import termination_policies_changed


def test_empty_list_means_default(current):
    assert not termination_policies_changed(current, [])
    assert not termination_policies_changed(current, ["Default"])
    assert not termination_policies_changed(current, None)


def test_order_matters(current):
    current["termination_policies"] = ["OldestInstance", "Default"]
    assert termination_policies_changed(current, ["Default", "OldestInstance"])
    assert not termination_policies_changed(current, ["OldestInstance", "Default"])
