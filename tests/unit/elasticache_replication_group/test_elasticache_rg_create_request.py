"""create_request: a cluster-mode-disabled group with one shard, TLS, AUTH and encryption at rest."""

from __future__ import annotations

from elasticache_rg_inputs import params

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import create_request


def test_create_request_shape():
    request = create_request(params(), 1, True, True, {"b": "2", "a": "1"})
    assert request["ClusterMode"] == "disabled"
    assert request["NumNodeGroups"] == 1 and request["ReplicasPerNodeGroup"] == 1
    assert request["AutomaticFailoverEnabled"] is True and request["MultiAZEnabled"] is True
    assert request["TransitEncryptionEnabled"] is True and request["AtRestEncryptionEnabled"] is True
    assert request["AuthToken"] == "Sentinel-Token-0123456789"
    assert request["SecurityGroupIds"] == ["sg-1", "sg-2"]
    assert request["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert request["ReplicationGroupDescription"] == "airflow-prod"


def test_unset_options_are_left_out():
    request = create_request(params(auth_token=None, kms_key_id=None, engine_version=None, security_group_ids=None), 0, False, False, {})
    for key in ("AuthToken", "KmsKeyId", "EngineVersion", "SecurityGroupIds", "Tags"):
        assert key not in request
