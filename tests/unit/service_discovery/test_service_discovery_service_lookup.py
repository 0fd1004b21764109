"""module_utils/service_discovery: finding a service by name within one namespace."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import (
    service_named,
    services_in_namespace,
)


def test_summaries_of_other_namespaces_are_dropped():
    summaries = [
        {"Id": "srv-1", "Name": "api-server", "NamespaceId": "ns-a"},
        {"Id": "srv-2", "Name": "api-server", "NamespaceId": "ns-b"},
    ]
    assert [s["Id"] for s in services_in_namespace(summaries, "ns-b")] == ["srv-2"]


def test_summaries_without_a_namespace_id_trust_the_server_filter():
    # AWS ListServices summaries carry no NamespaceId.
    summaries = [{"Id": "srv-1", "Name": "api-server"}]
    assert services_in_namespace(summaries, "ns-a") == summaries


def test_service_named_ignores_case():
    summaries = [{"Id": "srv-1", "Name": "scheduler"}, {"Id": "srv-2", "Name": "API-Server"}]
    assert service_named(summaries, "api-server")["Id"] == "srv-2"
    assert service_named(summaries, "flower") is None
