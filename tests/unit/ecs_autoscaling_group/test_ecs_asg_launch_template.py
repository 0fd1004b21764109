"""launch_template_changed: name or id and version; the group reports both name and id."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import launch_template_changed


def test_unset_is_no_change(current):
    assert not launch_template_changed(current, None)


def test_same_name_or_same_id_is_no_change(current):
    assert not launch_template_changed(current, {"name": "airflow-prod-worker", "id": None, "version": "$Latest"})
    assert not launch_template_changed(current, {"name": None, "id": "lt-0123", "version": "$Latest"})


def test_another_template_is_a_change(current):
    assert launch_template_changed(current, {"name": "airflow-prod-core", "id": None, "version": "$Latest"})
    assert launch_template_changed(current, {"name": None, "id": "lt-9999", "version": "$Latest"})


def test_another_version_is_a_change(current):
    assert launch_template_changed(current, {"name": "airflow-prod-worker", "id": None, "version": "3"})


def test_a_group_without_a_template_changes(current):
    current["launch_template"] = None
    assert launch_template_changed(current, {"name": "airflow-prod-worker", "id": None, "version": "$Latest"})
