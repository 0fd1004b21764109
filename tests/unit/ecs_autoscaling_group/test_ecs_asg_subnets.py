"""subnets_changed: the order of subnet_ids does not matter."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import subnets_changed


def test_same_subnets_in_another_order_are_no_change(current):
    assert not subnets_changed(current, ["subnet-b", "subnet-a"])
    assert not subnets_changed(current, ["subnet-a", "subnet-b", "subnet-a"])


def test_unset_is_no_change(current):
    assert not subnets_changed(current, None)


def test_another_set_is_a_change(current):
    assert subnets_changed(current, ["subnet-a"])
    assert subnets_changed(current, ["subnet-a", "subnet-b", "subnet-c"])
