# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dag_storage role's rules."""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules

_PREFIX = re.compile(r"^([A-Za-z0-9!_.*()'-]+/)+\Z")


def _dag_prefix(value):
    if not isinstance(value, str) or not _PREFIX.match(value):
        return "must be one or more path segments ending with a slash and not starting with one, such as dags/"
    return None


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("dag_storage_environment", rules.environment_name)
    problems.check("dag_storage_bucket_name", rules.bucket_name, optional=True)
    problems.check("dag_storage_prefix", _dag_prefix)
    problems.check("dag_storage_kms_key_id", rules.kms_key, ("id", "arn", "alias_arn"), optional=True)
    problems.check("dag_storage_access_log_bucket", rules.bucket_name, optional=True)
    problems.check("dag_storage_access_log_days", rules.whole_number, 1, 3650)
    if "dag_storage_access_log_bucket" in problems and "dag_storage_bucket_name" in problems:
        given = inputs["dag_storage_access_log_bucket"]
        problems.require("dag_storage_access_log_bucket", not given or given != inputs["dag_storage_bucket_name"],
                         "must not be the DAG bucket itself (its own logs would log themselves)")
    problems.check_tags("dag_storage_tags")
    return problems.messages
