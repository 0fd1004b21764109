"""Desired capacity belongs to managed scaling: compared only with enforce_desired_capacity."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import desired_capacity_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import planned_desired_capacity


def test_a_different_desired_capacity_is_ignored_without_enforce(current):
    assert not desired_capacity_changed(current, 0, enforce=False)


def test_enforce_compares_it(current):
    assert desired_capacity_changed(current, 0, enforce=True)
    assert not desired_capacity_changed(current, 2, enforce=True)
    assert not desired_capacity_changed(current, None, enforce=True)


def test_the_current_value_stays_inside_the_range(current):
    assert planned_desired_capacity(current, None, None, 0, enforce=False) == 2
    assert planned_desired_capacity(current, 0, 10, 0, enforce=False) == 2


def test_a_new_range_moves_the_current_value_like_aws_does(current):
    assert planned_desired_capacity(current, 3, 10, None, enforce=False) == 3
    assert planned_desired_capacity(current, 0, 1, None, enforce=False) == 1


def test_enforced_value_wins(current):
    assert planned_desired_capacity(current, None, None, 4, enforce=True) == 4
