# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: task_definition_settings
short_description: One option group of M(airflow_ecs.deploy.airflow_task_definition), with the module's defaults
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Fills one option group of M(airflow_ecs.deploy.airflow_task_definition) (C(dag_storage), C(worker) and so on)
    with the module's defaults, so a play can hand the values the task definitions will use to the roles
    that must agree with them (the hosts' DAG mount, the ECS agent's stop timeout on worker hosts, the IAM
    grants of the DAG storage mode), without restating a default.
  - For C(worker), C(stop_timeout) is added, the worker container's stop timeout (the longest task plus
    the margin).
  - Defaults computed from the environment (the C(secrets_backend) prefixes) need O(environment).
  - Values are not checked here; the module and the C(task_definition_errors) filter do that.
options:
  _input:
    description: The group as an inventory gives it (may be empty).
    type: dict
    required: true
  group:
    description: The option group.
    type: str
    required: true
  environment:
    description: The environment the task definitions are for.
    type: str
"""

EXAMPLES = r"""
- name: Where the hosts must mount the DAG bucket
  ansible.builtin.debug:
    msg: "{{ (airflow_services_dag_storage | default({}) | airflow_ecs.deploy.task_definition_settings('dag_storage')).host_path }}"
"""

RETURN = r"""
_value:
  description: The group with every default filled in.
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import NESTED
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import apply_defaults
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import worker_stop_timeout


def task_definition_settings(given, group, environment=None):
    if group not in NESTED:
        raise AnsibleFilterError("task_definition_settings: no option group %r (known: %s)" % (group, ", ".join(NESTED)))
    if not isinstance(given, Mapping):
        raise AnsibleFilterError("task_definition_settings: the %s settings must be a dict" % group)
    settings = apply_defaults({group: dict(given), "environment": environment})[group]
    if group == "worker":
        settings["stop_timeout"] = worker_stop_timeout(settings)
    return settings


class FilterModule:
    """The airflow_task_definition module's defaults, for plays."""

    def filters(self):
        return {"task_definition_settings": task_definition_settings}
