"""module_utils/service_discovery: the namespace shape the module returns and diffs."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import (
    description_changed,
    normalize_namespace,
)

DESCRIBED = {
    "Id": "ns-abc",
    "Arn": "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc",
    "Name": "airflow-prod.local",
    "Type": "DNS_PRIVATE",
    "Properties": {"DnsProperties": {"HostedZoneId": "Z123", "SOA": {"TTL": 15}}},
}


def test_normalize_namespace():
    namespace = normalize_namespace(DESCRIBED, [{"Key": "env", "Value": "prod"}], ["vpc-2", "vpc-1"])
    assert namespace == {
        "id": "ns-abc",
        "arn": DESCRIBED["Arn"],
        "name": "airflow-prod.local",
        "type": "DNS_PRIVATE",
        "description": "",
        "hosted_zone_id": "Z123",
        "vpc_ids": ["vpc-1", "vpc-2"],
        "tags": {"env": "prod"},
    }


def test_missing_namespace_is_none():
    assert normalize_namespace(None, [], []) is None


def test_description_unset_is_no_change_and_missing_equals_empty():
    namespace = normalize_namespace(DESCRIBED, [], [])
    assert not description_changed(namespace, None)
    assert not description_changed(namespace, "")
    assert description_changed(namespace, "prod")
