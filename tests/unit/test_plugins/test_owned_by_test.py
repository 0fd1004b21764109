"""The owned_by test: what teardown may delete, whatever shape an API returns tags in."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.test import owned_by as plugin

owned_by = plugin.owned_by

OURS = {"airflow_ecs_environment": "prod", "managed_by": "airflow_ecs.deploy"}


@pytest.mark.parametrize("tags", [
    OURS,
    [{"key": "airflow_ecs_environment", "value": "prod"}, {"key": "managed_by", "value": "airflow_ecs.deploy"}],
    [{"Key": "managed_by", "Value": "airflow_ecs.deploy"}, {"Key": "airflow_ecs_environment", "Value": "prod"}, {"Key": "x", "Value": "y"}],
])
def test_tags_of_this_environment_in_every_shape(tags):
    assert owned_by(tags, "prod")


@pytest.mark.parametrize("tags", [None, {}, "prod", {"airflow_ecs_environment": "prod"}, dict(OURS, managed_by="terraform"),
                                  [{"key": "airflow_ecs_environment", "value": "prod"}]])
def test_anything_else_is_not_ours(tags):
    assert not owned_by(tags, "prod")


def test_another_environments_resource_is_not_ours():
    assert not owned_by(OURS, "prod2")


def test_the_test_is_registered():
    assert plugin.TestModule().tests()["owned_by"] is owned_by
