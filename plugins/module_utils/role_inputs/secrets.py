# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secrets role's rules. The Redis AUTH token given is described, never shown."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import auth_token_problem


def recovery_window(value):
    value = rules.as_whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 0 or 7 <= value <= 30):
        return "must be 0 (delete without recovery) or 7 to 30 days"
    return None


def _auth_token(value):
    return auth_token_problem(value) or None


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("secrets_environment", rules.environment_name)
    # Secrets Manager takes an alias too, but the iam role grants kms:Decrypt by key ARN.
    problems.check("secrets_kms_key_id", rules.kms_key, optional=True)
    problems.check("secrets_recovery_window_days", recovery_window)
    problems.check("secrets_redis_auth_token", _auth_token, optional=True, show=False)
    problems.check_tags("secrets_tags")
    return problems.messages
