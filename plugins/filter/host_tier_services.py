# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: host_tier_services
short_description: What each ECS host tier must hold, from the services' settings
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - The services of each host tier (C(core) and C(worker)) with their task count, cpu, memory and
    whether each task takes a network interface (C(awsvpc)), and the one-off tasks (the migration),
    so the ecs_hosts role can check that its hosts hold them during a deploy before any AWS call.
  - Sizes left out take the M(airflow_ecs.deploy.airflow_task_definition) module's defaults; a
    component missing from O(_input.desired_counts) counts 1 (the airflow_services default); with
    O(_input.max_workers) the workers count that many (the most worker scaling starts).
  - Empty on Fargate (no hosts).
options:
  _input:
    description: The airflow_services and worker_scaling settings, as the wiring collects them.
    type: dict
    required: true
    suboptions:
      sizes:
        description: C(airflow_services_sizes).
        type: dict
      desired_counts:
        description: C(airflow_services_desired_counts).
        type: dict
      flower_enabled:
        description: C(airflow_services_flower_enabled).
        type: bool
      worker:
        description: C(airflow_services_worker).
        type: dict
      network_mode:
        description: C(airflow_services_network_mode).
        type: str
      launch_type:
        description: C(airflow_services_launch_type).
        type: str
      max_workers:
        description: The most workers scaling starts, or null for the fixed desired count.
        type: int
"""

EXAMPLES = r"""
- name: What the core hosts must hold
  ansible.builtin.debug:
    msg: "{{ ({'desired_counts': {'api-server': 2}} | airflow_ecs.deploy.host_tier_services).core }}"
"""

RETURN = r"""
_value:
  description: "C({core: {services: [...], one_off: [...]}, worker: {...}}); each task C(component), C(count),
    C(cpu), C(memory), C(awsvpc)."
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.host_capacity import tier_services


def host_tier_services(settings):
    if not isinstance(settings, Mapping):
        raise AnsibleFilterError("host_tier_services: the services' settings must be a dict")
    return tier_services(
        settings.get("sizes") or {}, settings.get("desired_counts") or {}, bool(settings.get("flower_enabled")),
        settings.get("worker") or {}, settings.get("network_mode") or "awsvpc", settings.get("launch_type") or "EC2",
        settings.get("max_workers"),
    )


class FilterModule:
    """Host tiers' services for the capacity check."""

    def filters(self):
        return {"host_tier_services": host_tier_services}
