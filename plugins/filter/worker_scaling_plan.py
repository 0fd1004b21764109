# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: worker_scaling_plan
short_description: The step scaling policies and alarms that scale the Celery workers
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Turns the worker scaling settings into the two step scaling policies (in the shape of
    M(airflow_ecs.deploy.ecs_service_scaling)'s O(airflow_ecs.deploy.ecs_service_scaling#module:step_policies))
    and the options of their two CloudWatch alarms, from the same arithmetic C(bench/scaling) replays.
  - C(track) sets the worker count to the C(RequiredWorkers) metric while it is 1 or more; C(idle)
    sets it to the minimum once the metric has been below 1 for C(idle_minutes).
  - C(errors) lists bad settings (each naming the setting); when it is not empty the other keys are empty.
options:
  _input:
    description:
      - "Settings: C(environment), C(min_capacity), C(max_capacity), C(period_seconds), C(cooldown_seconds),
        C(idle_minutes), and optionally C(namespace) (default C(AirflowECS)) and C(name_prefix) (put before the policy names)."
    type: dict
    required: true
  names:
    description: "Setting name to the name shown in its place in C(errors), for example C({max_capacity: worker_scaling_max_workers})."
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Plan the scaling of prod's workers
  ansible.builtin.set_fact:
    plan: >-
      {{ {'environment': 'prod', 'min_capacity': 0, 'max_capacity': 10, 'period_seconds': 60,
          'cooldown_seconds': 60, 'idle_minutes': 10} | airflow_ecs.deploy.worker_scaling_plan }}
"""

RETURN = r"""
_value:
  description: C(errors) (list), C(policies) (dict of C(track) and C(idle) policies) and C(alarms) (dict of alarm options, by policy).
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.rules import as_whole_number
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import LIMITS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import alarms
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import policies
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import settings_errors

_API_TO_OPTION = {"MetricIntervalLowerBound": "lower_bound", "MetricIntervalUpperBound": "upper_bound",
                  "ScalingAdjustment": "scaling_adjustment"}


def _module_policy(name, policy):
    return {
        "name": name,
        "adjustment_type": policy["AdjustmentType"],
        "cooldown": policy["Cooldown"],
        "metric_aggregation_type": policy["MetricAggregationType"],
        "step_adjustments": [{_API_TO_OPTION[key]: value for key, value in step.items()} for step in policy["StepAdjustments"]],
    }


def _rename(message, names):
    for setting in sorted(names, key=len, reverse=True):
        message = message.replace(setting, names[setting])
    return message


def worker_scaling_plan(settings, names=None):
    if not isinstance(settings, Mapping):
        raise AnsibleFilterError("worker_scaling_plan: the input must be a dict of settings")
    settings = {key: as_whole_number(value) if key in LIMITS else value for key, value in settings.items()}
    errors = settings_errors(settings)
    if errors:
        return {"errors": [_rename(error, names or {}) for error in errors], "policies": {}, "alarms": {}}
    prefix = settings.get("name_prefix", "")
    return {
        "errors": [],
        "policies": {key: _module_policy(prefix + key, policy) for key, policy in policies(settings).items()},
        "alarms": alarms(settings),
    }


class FilterModule:
    """Worker autoscaling arithmetic for the worker_scaling role."""

    def filters(self):
        return {"worker_scaling_plan": worker_scaling_plan}
