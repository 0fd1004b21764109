"""module_utils/ecs_cluster: normalising DescribeClusters and comparing attributes."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import (
    capacity_providers_changed,
    container_insights_changed,
    namespace_changed,
    normalize_cluster,
    strategy_errors,
    strategy_to_api,
)

DESCRIBED = {
    "clusterName": "airflow-prod",
    "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/airflow-prod",
    "status": "ACTIVE",
    "settings": [{"name": "containerInsights", "value": "enabled"}],
    "capacityProviders": ["worker", "core"],
    "defaultCapacityProviderStrategy": [
        {"capacityProvider": "worker", "weight": 1, "base": 0},
        {"capacityProvider": "core", "weight": 0, "base": 1},
    ],
    "serviceConnectDefaults": {"namespace": "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-1"},
    "tags": [{"key": "airflow_ecs_environment", "value": "prod"}],
}


def test_normalize_sorts_and_renames():
    cluster = normalize_cluster(DESCRIBED)
    assert cluster["capacity_providers"] == ["core", "worker"]
    assert cluster["default_capacity_provider_strategy"] == [
        {"capacity_provider": "core", "weight": 0, "base": 1},
        {"capacity_provider": "worker", "weight": 1, "base": 0},
    ]
    assert cluster["container_insights"] == "enabled"
    assert cluster["tags"] == {"airflow_ecs_environment": "prod"}


def test_inactive_or_missing_cluster_is_none():
    assert normalize_cluster(None) is None
    assert normalize_cluster(dict(DESCRIBED, status="INACTIVE")) is None


def test_container_insights_defaults_to_disabled_when_aws_omits_it():
    assert normalize_cluster(dict(DESCRIBED, settings=[]))["container_insights"] == "disabled"


@pytest.mark.parametrize(("desired", "changed"), [(None, False), ("enabled", False), ("disabled", True), ("enhanced", True)])
def test_container_insights_changed(desired, changed):
    assert container_insights_changed(normalize_cluster(DESCRIBED), desired) is changed


def test_capacity_providers_order_does_not_matter():
    current = normalize_cluster(DESCRIBED)
    strategy = [
        {"capacity_provider": "worker", "weight": 1, "base": 0},
        {"capacity_provider": "core", "weight": 0, "base": 1},
    ]
    assert not capacity_providers_changed(current, ["worker", "core"], strategy)
    assert not capacity_providers_changed(current, None, None)


def test_capacity_providers_changed_on_a_new_provider_or_weight():
    current = normalize_cluster(DESCRIBED)
    assert capacity_providers_changed(current, ["core"], None)
    assert capacity_providers_changed(current, None, [{"capacity_provider": "core", "weight": 2, "base": 1}])


def test_namespace_given_by_name_matches_its_arn():
    current = normalize_cluster(DESCRIBED)
    assert not namespace_changed(current, "ns-1")
    assert not namespace_changed(current, DESCRIBED["serviceConnectDefaults"]["namespace"])
    assert not namespace_changed(current, None)
    assert namespace_changed(current, "other")
    assert namespace_changed(current, "")


def test_strategy_to_api_uses_api_names():
    assert strategy_to_api([{"capacity_provider": "core", "weight": 1, "base": 1}]) == [
        {"capacityProvider": "core", "weight": 1, "base": 1}
    ]


def test_strategy_errors_name_the_option():
    errors = strategy_errors(
        ["core"],
        [
            {"capacity_provider": "worker", "weight": 1, "base": 1},
            {"capacity_provider": "worker", "weight": 1, "base": 2},
        ],
    )
    assert any("names 'worker', which is not in capacity_providers" in error for error in errors)
    assert any("more than once" in error for error in errors)
    assert any("only one capacity provider may have a base" in error for error in errors)
    assert all(error.startswith("default_capacity_provider_strategy") for error in errors)
    assert strategy_errors(["core"], [{"capacity_provider": "core", "weight": 1, "base": 1}]) == []
