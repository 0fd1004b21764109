"""tag_changes: tags are propagated at launch; purge keeps aws: tags and AmazonECSManaged."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import tag_changes
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import tags_to_api


def _tag(key, value, propagate=True):
    return {"ResourceId": "g", "ResourceType": "auto-scaling-group", "Key": key, "Value": value, "PropagateAtLaunch": propagate}


def test_same_tags_are_no_change():
    assert tag_changes([_tag("env", "prod")], {"env": "prod"}, purge=True) == ({}, [])


def test_unset_tags_are_no_change():
    assert tag_changes([_tag("env", "prod")], None, purge=True) == ({}, [])


def test_new_and_changed_values_are_set():
    assert tag_changes([_tag("env", "prod")], {"env": "dev", "team": "data"}, purge=True) == (
        {"env": "dev", "team": "data"},
        [],
    )


def test_a_tag_not_propagated_is_set_again():
    assert tag_changes([_tag("env", "prod", propagate=False)], {"env": "prod"}, purge=True) == ({"env": "prod"}, [])
    assert tag_changes([_tag("env", "prod", propagate="false")], {"env": "prod"}, purge=True) == ({"env": "prod"}, [])


def test_purge_removes_other_tags_but_keeps_aws_and_ecs_ones():
    current = [_tag("env", "prod"), _tag("old", "x"), _tag("aws:cloudformation:stack-name", "s"), _tag("AmazonECSManaged", "")]
    assert tag_changes(current, {"env": "prod"}, purge=True) == ({}, ["old"])


def test_without_purge_nothing_is_removed():
    assert tag_changes([_tag("env", "prod"), _tag("old", "x")], {"env": "prod"}, purge=False) == ({}, [])


def test_api_tags_always_propagate():
    assert tags_to_api("g", {"b": "2", "a": "1"}) == [_tag("a", "1"), _tag("b", "2")]
