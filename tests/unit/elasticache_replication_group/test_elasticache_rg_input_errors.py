"""input_errors: bad input is reported before any AWS call, naming the option."""

from __future__ import annotations

import pytest

from elasticache_rg_inputs import params

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import input_errors


def test_valid_input_has_no_errors():
    assert input_errors(params()) == []


@pytest.mark.parametrize(
    ("changes", "option"),
    [
        ({"replication_group_id": "1abc"}, "replication_group_id"),
        ({"replication_group_id": "a--b"}, "replication_group_id"),
        ({"replication_group_id": "abc-"}, "replication_group_id"),
        ({"replication_group_id": "a" * 41}, "replication_group_id"),
        ({"cache_node_type": "t4g.small"}, "cache_node_type"),
        ({"replicas_per_node_group": 6}, "replicas_per_node_group"),
        ({"replicas_per_node_group": -1}, "replicas_per_node_group"),
        ({"transit_encryption": False}, "auth_token needs transit_encryption"),
        ({"kms_key_id": "k", "at_rest_encryption": False}, "kms_key_id"),
        ({"snapshot_retention_limit": 36}, "snapshot_retention_limit"),
    ],
)
def test_each_error_names_its_option(changes, option):
    errors = input_errors(params(**changes))
    assert len(errors) == 1 and errors[0].startswith(option)


def test_absent_only_checks_the_identifier():
    assert input_errors(params(state="absent", cache_node_type="nonsense", replicas_per_node_group=9)) == []
