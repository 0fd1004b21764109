# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The redis role's rules; what shapes the replication group is checked by the module's own rules."""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import auth_token_problem
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import input_errors

_ENGINE_VERSION = re.compile(r"^[0-9]+\.[0-9]+(\.[0-9]+)?\Z")
# Module option -> the role input that sets it.
MODULE_NAMES = {
    "replication_group_id": "redis_replication_group_id",
    "cache_node_type": "redis_node_type",
    "replicas_per_node_group": "redis_replicas",
    "snapshot_retention_limit": "redis_snapshot_retention_limit",
}


def _engine_version(value):
    if not _ENGINE_VERSION.match(str(value)):
        return "must be a version such as 7.1 (redis) or 8.0 (valkey)"
    return None


def _group_errors(problems, inputs):
    if "redis_replication_group_id" in problems:
        module_input = {option: rules.as_whole_number(inputs[name]) for option, name in MODULE_NAMES.items() if name in inputs}
        # The role always encrypts in transit and at rest (the module's rules check the pairings).
        module_input.update(transit_encryption=True, at_rest_encryption=True)
        problems.extend(input_errors(module_input), MODULE_NAMES)
    problems.check("redis_engine_version", _engine_version)
    problems.check("redis_maintenance_window", rules.weekly_window, optional=True)
    # ElastiCache takes a key id or a key ARN, no alias.
    problems.check("redis_kms_key_id", rules.kms_key, ("id", "arn"), optional=True)
    problems.check("redis_wait_timeout", rules.whole_number, 1)
    problems.check("redis_broker_secret_name", rules.secret_name)


def errors(inputs):
    """The user's own inputs (validate), and the links other roles hand on when they are given (start)."""
    problems = rules.Problems(inputs)
    problems.check("redis_environment", rules.environment_name)
    existing = inputs.get("redis_existing_broker_secret_arn")
    if existing:
        # A URL in its place may hold a password: never show it.
        problems.check("redis_existing_broker_secret_arn", rules.secret_arn, show="://" not in str(existing))
    else:
        _group_errors(problems, inputs)
        for name in ("redis_subnet_ids", "redis_security_group_ids"):
            if name in problems:
                problems.require(name, len([item for item in inputs[name] or [] if item]) > 0,
                                 "must not be empty unless redis_existing_broker_secret_arn is set")
        problems.check("redis_auth_token_secret_arn", rules.secret_reference)
        if "redis_auth_token" in problems:
            # The token read from redis_auth_token_secret_arn: described, never shown.
            problem = auth_token_problem(inputs["redis_auth_token"])
            if problem:
                problems.add("redis_auth_token_secret_arn: the AUTH token in the secret %s." % problem)
    problems.check_tags("redis_tags")
    return problems.messages
