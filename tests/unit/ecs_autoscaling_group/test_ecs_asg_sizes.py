"""min_size_changed / max_size_changed: plain comparisons, unset leaves them alone."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import max_size_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import min_size_changed


def test_equal_or_unset_sizes_are_no_change(current):
    assert not min_size_changed(current, 0)
    assert not max_size_changed(current, 4)
    assert not min_size_changed(current, None)
    assert not max_size_changed(current, None)


def test_other_sizes_are_changes(current):
    assert min_size_changed(current, 1)
    assert max_size_changed(current, 10)
