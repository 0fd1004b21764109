"""The tags the collection sets, the user's tag limits, and the ownership test teardown relies on."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules


def test_collection_tags_name_the_environment_and_the_collection():
    assert rules.collection_tags("prod") == {"airflow_ecs_environment": "prod", "managed_by": "airflow_ecs.deploy"}


def test_a_resource_is_owned_only_with_both_tags():
    assert rules.owned_by({"airflow_ecs_environment": "prod", "managed_by": "airflow_ecs.deploy", "x": "y"}, "prod")
    assert not rules.owned_by({"airflow_ecs_environment": "prod"}, "prod")
    assert not rules.owned_by({"airflow_ecs_environment": "prod2", "managed_by": "airflow_ecs.deploy"}, "prod")
    assert not rules.owned_by({"airflow_ecs_environment": "prod", "managed_by": "someone"}, "prod")
    assert not rules.owned_by(None, "prod")


def test_user_tags_within_aws_limits_pass():
    assert rules.tag_problems({"owner": "data-platform", "k" * 128: "v" * 256}) == []


def test_user_tags_problems_name_the_key():
    problems = dict(rules.tag_problems({"aws:owner": "me", "managed_by": "me", "k" * 129: "v", "cost": 5, "long": "v" * 257}))
    assert problems["aws:owner"].startswith("keys must not start with aws:")
    assert "set by the collection" in problems["managed_by"]
    assert problems["k" * 129] == "keys must be 1 to 128 characters"
    assert problems["cost"].startswith("values must be strings")
    assert problems["long"].startswith("values must be strings")


def test_tags_that_are_not_a_dict():
    assert rules.tag_problems(["owner"]) == [(None, "must be a dict of tag keys to values")]
