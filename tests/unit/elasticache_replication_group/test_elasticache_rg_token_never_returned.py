"""The AUTH token never reaches the normalized group, the check-mode plan or a message."""

from __future__ import annotations

import json

from elasticache_rg_inputs import DESCRIBED, MEMBER, params

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import apply_modify
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import input_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import modify_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import normalize_group
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import planned_group

TOKEN = "Sentinel-Token-0123456789"


def test_normalized_and_planned_groups_hold_no_token():
    assert TOKEN not in json.dumps(normalize_group(dict(DESCRIBED, AuthToken=TOKEN), MEMBER, {}))
    planned = planned_group(params(auth_token=TOKEN), 1, True, True, {})
    assert planned["auth_token_enabled"] is True
    assert TOKEN not in json.dumps(planned)


def test_rotation_after_state_holds_no_token():
    current = normalize_group(DESCRIBED, MEMBER, {})
    request = modify_request(current, params(auth_token=TOKEN, auth_token_update_strategy="ROTATE"), True, True)
    assert request["AuthToken"] == TOKEN
    assert TOKEN not in json.dumps(apply_modify(current, request))


def test_invalid_token_message_does_not_echo_it():
    bad = "short@token"
    errors = input_errors(params(auth_token=bad))
    assert errors and all(bad not in error for error in errors)
