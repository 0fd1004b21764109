"""module_utils/service_discovery: what UpdateService cannot change is reported, naming the option."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import (
    desired_dns_records,
    health_check_custom_config_error,
    record_type_error,
    routing_policy_error,
)

CURRENT = {
    "name": "api-server",
    "dns_records": [{"type": "A", "ttl": 10}],
    "routing_policy": "MULTIVALUE",
    "health_check_custom_config": None,
}


def test_routing_policy():
    assert routing_policy_error(CURRENT, "MULTIVALUE") is None
    assert routing_policy_error(CURRENT, None) is None
    error = routing_policy_error(CURRENT, "WEIGHTED")
    assert error.startswith("routing_policy of service api-server is MULTIVALUE and cannot be changed to WEIGHTED")


def test_record_type():
    assert record_type_error(CURRENT, desired_dns_records("A", 60)) is None
    assert "type A, which cannot be changed to SRV" in record_type_error(CURRENT, desired_dns_records("SRV", 10))


def test_custom_health_check_cannot_be_added_later():
    assert health_check_custom_config_error(CURRENT, None) is None
    error = health_check_custom_config_error(CURRENT, {"failure_threshold": 1})
    assert "created without health_check_custom_config" in error


def test_failure_threshold_is_not_compared():
    # Cloud Map no longer honours the threshold and reports 1.
    current = dict(CURRENT, health_check_custom_config={"failure_threshold": 1})
    assert health_check_custom_config_error(current, {"failure_threshold": 3}) is None
