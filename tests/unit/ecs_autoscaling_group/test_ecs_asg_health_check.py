"""health_check_type_changed / health_check_grace_period_changed."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import health_check_grace_period_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import health_check_type_changed


def test_same_or_unset_is_no_change(current):
    assert not health_check_type_changed(current, "EC2")
    assert not health_check_type_changed(current, None)
    assert not health_check_grace_period_changed(current, 300)
    assert not health_check_grace_period_changed(current, None)


def test_other_values_are_changes(current):
    assert health_check_type_changed(current, "ELB")
    assert health_check_grace_period_changed(current, 0)
