# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The worker_scaling role's rules on names; the capacity and policy settings are checked by the
scaling arithmetic's own rules (the worker_scaling_plan filter)."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("worker_scaling_environment", rules.environment_name)
    problems.check("worker_scaling_cluster_name", rules.ecs_name)
    problems.check("worker_scaling_service_name", rules.ecs_name)
    problems.check("worker_scaling_metric_namespace", rules.metric_namespace)
    return problems.messages
