"""new_instances_protected_changed: the flag ECS managed termination protection needs."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import new_instances_protected_changed


def test_same_or_unset_is_no_change(current):
    assert not new_instances_protected_changed(current, True)
    assert not new_instances_protected_changed(current, None)


def test_turning_it_off_is_a_change(current):
    assert new_instances_protected_changed(current, False)


def test_a_group_that_never_set_it_counts_as_false(described):
    from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import normalize_group

    del described["NewInstancesProtectedFromScaleIn"]
    assert new_instances_protected_changed(normalize_group(described), True)
    assert not new_instances_protected_changed(normalize_group(described), False)
