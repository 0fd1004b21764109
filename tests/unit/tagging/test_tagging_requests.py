"""The tag requests of each API: its field names, its tag list shape, removal before setting."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import AUTO_SCALING_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import CLOUD_MAP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ELASTICACHE_TAGS

ARN = "arn:aws:test:eu-west-1:123456789012:thing/x"


def test_ecs_uses_lower_case_keys_and_values():
    assert ECS_TAGS.requests(ARN, {"b": "2", "a": "1"}, ["old", "gone"]) == [
        ("untag_resource", {"resourceArn": ARN, "tagKeys": ["gone", "old"]}),
        ("tag_resource", {"resourceArn": ARN, "tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]}),
    ]


def test_elasticache_adds_and_removes_by_resource_name():
    assert ELASTICACHE_TAGS.requests(ARN, {"a": "1"}, ["old"]) == [
        ("remove_tags_from_resource", {"ResourceName": ARN, "TagKeys": ["old"]}),
        ("add_tags_to_resource", {"ResourceName": ARN, "Tags": [{"Key": "a", "Value": "1"}]}),
    ]


def test_cloud_map_tags_by_resource_arn():
    assert CLOUD_MAP_TAGS.requests(ARN, {"a": "1"}, ["old"]) == [
        ("untag_resource", {"ResourceARN": ARN, "TagKeys": ["old"]}),
        ("tag_resource", {"ResourceARN": ARN, "Tags": [{"Key": "a", "Value": "1"}]}),
    ]


def test_auto_scaling_names_the_group_in_every_tag():
    group = {"ResourceId": "airflow-prod-worker", "ResourceType": "auto-scaling-group"}
    assert AUTO_SCALING_TAGS.requests("airflow-prod-worker", {"a": "1"}, ["old"]) == [
        ("delete_tags", {"Tags": [dict(group, Key="old")]}),
        ("create_or_update_tags", {"Tags": [dict(group, Key="a", Value="1", PropagateAtLaunch=True)]}),
    ]


@pytest.mark.parametrize("api", [ECS_TAGS, ELASTICACHE_TAGS, CLOUD_MAP_TAGS, AUTO_SCALING_TAGS])
def test_only_what_differs_is_requested(api):
    assert [call[0] for call in api.requests(ARN, {"a": "1"}, [])] == [api.tag_call]
    assert [call[0] for call in api.requests(ARN, {}, ["a"])] == [api.untag_call]
    assert not api.requests(ARN, {}, [])


def test_tag_lists_round_trip_sorted():
    assert CLOUD_MAP_TAGS.to_list({"b": "2", "a": "1"}) == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert CLOUD_MAP_TAGS.to_dict(CLOUD_MAP_TAGS.to_list({"a": "1"})) == {"a": "1"}
    assert ECS_TAGS.to_dict([{"key": "env", "value": "prod"}]) == {"env": "prod"}
    assert ECS_TAGS.to_dict(None) == {} and ECS_TAGS.to_list(None) == []
