"""Shared inputs for the elasticache_replication_group unit tests (not a test file)."""

from __future__ import annotations

import copy

DESCRIBED = {
    "ReplicationGroupId": "airflow-prod",
    "ARN": "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:airflow-prod",
    "Description": "broker",
    "Status": "available",
    "MemberClusters": ["airflow-prod-001", "airflow-prod-002"],
    "NodeGroups": [
        {
            "NodeGroupId": "0001",
            "PrimaryEndpoint": {"Address": "master.airflow-prod.abc.euw1.cache.amazonaws.com", "Port": 6379},
            "ReaderEndpoint": {"Address": "replica.airflow-prod.abc.euw1.cache.amazonaws.com", "Port": 6379},
        }
    ],
    "AutomaticFailover": "enabled",
    "MultiAZ": "enabled",
    "SnapshotRetentionLimit": 1,
    "ClusterEnabled": False,
    "CacheNodeType": "cache.t4g.small",
    "AuthTokenEnabled": True,
    "TransitEncryptionEnabled": True,
    "TransitEncryptionMode": "required",
    "AtRestEncryptionEnabled": True,
    "KmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "Engine": "redis",
}

MEMBER = {
    "CacheClusterId": "airflow-prod-001",
    "Engine": "redis",
    "EngineVersion": "7.1.0",
    "CacheSubnetGroupName": "airflow-prod",
    "SecurityGroups": [{"SecurityGroupId": "sg-2", "Status": "active"}, {"SecurityGroupId": "sg-1", "Status": "active"}],
    "PreferredMaintenanceWindow": "sun:03:00-sun:04:00",
    "CacheParameterGroup": {"CacheParameterGroupName": "default.redis7"},
}

PARAMS = {
    "replication_group_id": "airflow-prod",
    "state": "present",
    "description": None,
    "engine": "redis",
    "engine_version": "7.1",
    "cache_node_type": "cache.t4g.small",
    "num_node_groups": 1,
    "replicas_per_node_group": 1,
    "automatic_failover": "auto",
    "multi_az": "auto",
    "cache_subnet_group_name": "airflow-prod",
    "security_group_ids": ["sg-1", "sg-2"],
    "transit_encryption": True,
    "at_rest_encryption": True,
    "kms_key_id": None,
    "auth_token": "Sentinel-Token-0123456789",
    "auth_token_update_strategy": None,
    "port": 6379,
    "snapshot_retention_limit": 1,
    "preferred_maintenance_window": "sun:03:00-sun:04:00",
    "parameter_group_name": None,
    "wait": True,
    "wait_timeout": 1800,
    "tags": {"airflow_ecs_environment": "prod"},
    "purge_tags": True,
}


def params(**changes):
    result = copy.deepcopy(PARAMS)
    result.update(changes)
    return result


def described(**changes):
    result = copy.deepcopy(DESCRIBED)
    result.update(changes)
    return result
