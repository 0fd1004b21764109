# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The logs role's rules."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("logs_environment", rules.environment_name)
    problems.check("logs_group_name", rules.log_group_name)
    # CloudWatch Logs takes neither a bare key id nor an alias.
    problems.check("logs_kms_key_id", rules.kms_key, optional=True)
    problems.check_tags("logs_tags")
    return problems.messages
