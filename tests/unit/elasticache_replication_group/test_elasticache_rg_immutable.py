"""immutable_errors: what cannot change in place fails, naming the option."""

from __future__ import annotations

import pytest

from elasticache_rg_inputs import DESCRIBED, MEMBER, described, params

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import immutable_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import normalize_group

CURRENT = normalize_group(DESCRIBED, MEMBER, {})


def test_matching_group_has_no_errors():
    assert immutable_errors(CURRENT, params()) == []


@pytest.mark.parametrize(
    ("changes", "option"),
    [
        ({"transit_encryption": False}, "transit_encryption"),
        ({"at_rest_encryption": False}, "at_rest_encryption"),
        ({"kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/other"}, "kms_key_id"),
        ({"cache_subnet_group_name": "other"}, "cache_subnet_group_name"),
        ({"port": 6380}, "port"),
    ],
)
def test_each_fixed_attribute_names_its_option(changes, option):
    errors = immutable_errors(CURRENT, params(**changes))
    assert len(errors) == 1 and errors[0].startswith(option + ":")


def test_turning_transit_encryption_on_mentions_the_migration():
    current = normalize_group(described(TransitEncryptionEnabled=False, AuthTokenEnabled=False), MEMBER, {})
    [error] = [e for e in immutable_errors(current, params(auth_token=None)) if e.startswith("transit_encryption")]
    assert "TransitEncryptionMode" in error and "turn in-transit encryption on" in error


def test_kms_key_given_by_id_or_alias_is_not_a_change():
    assert immutable_errors(CURRENT, params(kms_key_id="1234abcd-12ab-34cd-56ef-1234567890ab")) == []
    assert immutable_errors(CURRENT, params(kms_key_id="alias/aws/elasticache")) == []


def test_unknown_subnet_group_is_not_compared():
    assert immutable_errors(normalize_group(DESCRIBED, None, {}), params(cache_subnet_group_name="other")) == []


def test_a_token_for_a_group_without_auth_needs_a_strategy():
    current = normalize_group(described(AuthTokenEnabled=False), MEMBER, {})
    [error] = immutable_errors(current, params())
    assert error.startswith("auth_token:") and "auth_token_update_strategy=ROTATE" in error
    assert immutable_errors(current, params(auth_token_update_strategy="ROTATE")) == []


def test_redis_may_become_valkey_but_not_back():
    assert immutable_errors(CURRENT, params(engine="valkey")) == []
    valkey = normalize_group(described(Engine="valkey"), MEMBER, {})
    assert immutable_errors(valkey, params(engine="redis"))[0].startswith("engine:")


def test_cluster_mode_enabled_group_is_refused():
    current = normalize_group(described(ClusterEnabled=True), MEMBER, {})
    assert immutable_errors(current, params())[0].startswith("num_node_groups:")
