"""normalize_group: DescribeReplicationGroups + a member cluster -> the module's snake_case shape."""

from __future__ import annotations

from elasticache_rg_inputs import DESCRIBED, MEMBER, described

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import normalize_group


def test_normalize_reads_endpoints_members_and_encryption():
    group = normalize_group(DESCRIBED, MEMBER, {"airflow_ecs_environment": "prod"})
    assert group["replication_group_id"] == "airflow-prod"
    assert group["primary_endpoint"] == {"address": "master.airflow-prod.abc.euw1.cache.amazonaws.com", "port": 6379}
    assert group["reader_endpoint"]["address"].startswith("replica.")
    assert group["port"] == 6379
    assert group["member_clusters"] == ["airflow-prod-001", "airflow-prod-002"]
    assert group["replicas_per_node_group"] == 1
    assert group["automatic_failover"] is True and group["multi_az"] is True
    assert group["transit_encryption"] is True and group["at_rest_encryption"] is True
    assert group["auth_token_enabled"] is True
    assert group["engine"] == "redis" and group["engine_version"] == "7.1.0"
    assert group["security_group_ids"] == ["sg-1", "sg-2"]
    assert group["parameter_group_name"] == "default.redis7"
    assert group["tags"] == {"airflow_ecs_environment": "prod"}


def test_missing_group_is_none():
    assert normalize_group(None) is None


def test_fields_of_an_unreadable_member_are_unknown_not_empty():
    group = normalize_group(DESCRIBED, None, {})
    assert group["engine_version"] is None
    assert group["security_group_ids"] is None
    assert group["cache_subnet_group_name"] is None
    assert group["preferred_maintenance_window"] is None


def test_endpoint_is_none_while_creating():
    group = normalize_group(described(Status="creating", NodeGroups=[], MemberClusters=[]), None, {})
    assert group["primary_endpoint"] is None and group["port"] is None
    assert group["replicas_per_node_group"] == 0
