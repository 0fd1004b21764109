"""module_utils/ecs_capacity_provider: which clusters still have the provider attached."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import clusters_using

ARN = "arn:aws:ecs:eu-west-1:123456789012:capacity-provider/worker"


def test_clusters_using_by_name_or_arn_and_skips_inactive():
    clusters = [
        {"clusterName": "b", "status": "ACTIVE", "capacityProviders": ["worker", "core"]},
        {"clusterName": "a", "status": "ACTIVE", "capacityProviders": [ARN]},
        {"clusterName": "gone", "status": "INACTIVE", "capacityProviders": ["worker"]},
        {"clusterName": "other", "status": "ACTIVE", "capacityProviders": ["core"]},
        {"clusterName": "bare", "status": "ACTIVE"},
    ]
    assert clusters_using(clusters, "worker", ARN) == ["a", "b"]
    assert clusters_using([], "worker") == []
