"""module_utils/service_discovery: the service shape the module returns and diffs."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import normalize_service

DESCRIBED = {
    "Id": "srv-abc",
    "Arn": "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abc",
    "Name": "api-server",
    "NamespaceId": "ns-abc",
    "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 10}]},
    "HealthCheckCustomConfig": {"FailureThreshold": 1},
}


def test_normalize_service():
    assert normalize_service(DESCRIBED, [{"Key": "env", "Value": "prod"}]) == {
        "id": "srv-abc",
        "arn": DESCRIBED["Arn"],
        "name": "api-server",
        "namespace_id": "ns-abc",
        "description": "",
        "dns_records": [{"type": "A", "ttl": 10}],
        "routing_policy": "MULTIVALUE",
        "health_check_custom_config": {"failure_threshold": 1},
        "tags": {"env": "prod"},
    }


def test_no_custom_health_check_is_none():
    service = dict(DESCRIBED)
    del service["HealthCheckCustomConfig"]
    assert normalize_service(service, [])["health_check_custom_config"] is None


def test_namespace_id_falls_back_to_the_dns_config():
    service = dict(DESCRIBED, NamespaceId=None, DnsConfig=dict(DESCRIBED["DnsConfig"], NamespaceId="ns-old"))
    assert normalize_service(service, [])["namespace_id"] == "ns-old"


def test_missing_service_is_none():
    assert normalize_service(None, []) is None
