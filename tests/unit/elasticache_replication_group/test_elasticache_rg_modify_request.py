"""modify_request: one comparison per attribute; only what differs is sent."""

from __future__ import annotations

from elasticache_rg_inputs import DESCRIBED, MEMBER, params

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import apply_modify
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import modify_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import normalize_group

CURRENT = normalize_group(DESCRIBED, MEMBER, {})


def test_matching_group_needs_no_request():
    assert modify_request(CURRENT, params(), True, True) == {}


def test_engine_version_prefix_matches_the_full_version():
    assert modify_request(CURRENT, params(engine_version="7.1.0"), True, True) == {}
    assert modify_request(CURRENT, params(engine_version="7.2"), True, True) == {"EngineVersion": "7.2"}


def test_node_type_and_snapshots_are_sent_when_they_differ():
    request = modify_request(CURRENT, params(cache_node_type="cache.r7g.large", snapshot_retention_limit=7), True, True)
    assert request == {"CacheNodeType": "cache.r7g.large", "SnapshotRetentionLimit": 7}
    after = apply_modify(CURRENT, request)
    assert after["cache_node_type"] == "cache.r7g.large" and after["snapshot_retention_limit"] == 7


def test_security_group_order_and_window_case_do_not_matter():
    changes = {"security_group_ids": ["sg-2", "sg-1"], "preferred_maintenance_window": "SUN:03:00-SUN:04:00"}
    assert modify_request(CURRENT, params(**changes), True, True) == {}


def test_unset_options_leave_attributes_alone():
    unset = {
        "description": None,
        "engine_version": None,
        "cache_node_type": None,
        "security_group_ids": None,
        "snapshot_retention_limit": None,
        "preferred_maintenance_window": None,
        "parameter_group_name": None,
    }
    assert modify_request(CURRENT, params(**unset), True, True) == {}


def test_failover_and_multi_az_follow_the_resolved_values():
    assert modify_request(CURRENT, params(), False, False) == {"AutomaticFailoverEnabled": False, "MultiAZEnabled": False}


def test_token_is_sent_only_with_a_strategy():
    assert "AuthToken" not in modify_request(CURRENT, params(), True, True)
    request = modify_request(CURRENT, params(auth_token_update_strategy="SET"), True, True)
    assert request["AuthTokenUpdateStrategy"] == "SET" and request["AuthToken"]


def test_unknown_member_fields_are_not_compared():
    current = normalize_group(DESCRIBED, None, {})
    assert modify_request(current, params(security_group_ids=["sg-9"], engine_version="6.2"), True, True) == {}
