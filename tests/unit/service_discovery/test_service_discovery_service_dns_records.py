"""module_utils/service_discovery: DNS record TTL updates and the UpdateService request."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import (
    desired_dns_records,
    dns_records_changed,
    service_update_request,
)

CURRENT = {"name": "api-server", "description": "", "dns_records": [{"type": "A", "ttl": 10}]}


def test_same_ttl_is_no_change():
    assert not dns_records_changed(CURRENT, desired_dns_records("A", 10))


def test_other_ttl_is_a_change():
    assert dns_records_changed(CURRENT, desired_dns_records("A", 30))


def test_update_request_carries_every_record_and_the_description():
    service = dict(CURRENT, description="api", dns_records=desired_dns_records("A", 30))
    assert service_update_request(service) == {
        "Description": "api",
        "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 30}]},
    }
