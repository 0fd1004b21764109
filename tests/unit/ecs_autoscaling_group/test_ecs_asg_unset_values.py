"""The values the API uses to remove a setting match a group without it."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import default_instance_warmup_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import max_instance_lifetime_changed


def test_minus_one_warmup_matches_no_warmup(current):
    assert not default_instance_warmup_changed(current, -1)
    current["default_instance_warmup"] = 60
    assert default_instance_warmup_changed(current, -1)


def test_warmup_compares_seconds(current):
    assert default_instance_warmup_changed(current, 60)
    current["default_instance_warmup"] = 60
    assert not default_instance_warmup_changed(current, 60)
    assert not default_instance_warmup_changed(current, None)


def test_zero_lifetime_matches_no_lifetime(current):
    assert not max_instance_lifetime_changed(current, 0)
    current["max_instance_lifetime"] = 86400
    assert max_instance_lifetime_changed(current, 0)
    assert not max_instance_lifetime_changed(current, 86400)
    assert not max_instance_lifetime_changed(current, None)
