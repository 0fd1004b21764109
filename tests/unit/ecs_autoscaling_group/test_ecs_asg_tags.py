"""Group tags: tags are propagated at launch; purge keeps aws: tags and AmazonECSManaged."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import KEEP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import AUTO_SCALING_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import tag_changes


def _tag(key, value, propagate=True):
    return {"ResourceId": "g", "ResourceType": "auto-scaling-group", "Key": key, "Value": value, "PropagateAtLaunch": propagate}


def _changes(api_tags, desired, purge=True):
    return tag_changes(AUTO_SCALING_TAGS.comparable(api_tags), desired, purge, keep=KEEP_TAGS)


def test_same_tags_are_no_change():
    assert _changes([_tag("env", "prod")], {"env": "prod"}) == ({}, [])


def test_unset_tags_are_no_change():
    assert _changes([_tag("env", "prod")], None) == ({}, [])


def test_new_and_changed_values_are_set():
    assert _changes([_tag("env", "prod")], {"env": "dev", "team": "data"}) == ({"env": "dev", "team": "data"}, [])


def test_a_tag_not_propagated_is_set_again():
    assert _changes([_tag("env", "prod", propagate=False)], {"env": "prod"}) == ({"env": "prod"}, [])
    assert _changes([_tag("env", "prod", propagate="false")], {"env": "prod"}) == ({"env": "prod"}, [])
    assert _changes([_tag("env", "prod", propagate="true")], {"env": "prod"}) == ({}, [])


def test_purge_removes_other_tags_but_keeps_aws_and_ecs_ones():
    current = [_tag("env", "prod"), _tag("old", "x"), _tag("aws:cloudformation:stack-name", "s"), _tag("AmazonECSManaged", "")]
    assert _changes(current, {"env": "prod"}) == ({}, ["old"])


def test_a_tag_not_propagated_and_not_wanted_is_purged():
    assert _changes([_tag("env", "prod"), _tag("old", "x", propagate=False)], {"env": "prod"}) == ({}, ["old"])


def test_without_purge_nothing_is_removed():
    assert _changes([_tag("env", "prod"), _tag("old", "x")], {"env": "prod"}, purge=False) == ({}, [])


def test_api_tags_always_propagate():
    assert AUTO_SCALING_TAGS.group_tags("g", {"b": "2", "a": "1"}) == [_tag("a", "1"), _tag("b", "2")]
