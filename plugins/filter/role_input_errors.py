# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: role_input_errors
short_description: What is wrong with the inputs of one of the collection's roles
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Checks the inputs of a role of this collection against its rules and returns one message per
    problem, each naming the input and saying what it must be. Nothing is called on AWS, so a play
    can check every role's inputs before it creates anything (each role's C(validate) entry point
    does).
  - The rules live in the collection's module_utils (C(rules.py) for identifiers every role shares,
    C(role_inputs/<role>.py) for each role, and the modules' own rules where a role hands its input
    to a module), so a role, a module and the unit tests all apply the same rule.
  - Only the inputs given are checked, so one rule set serves entry points that see part of them.
  - Values that may be secret (an AUTH token, a URL where a secret ARN belongs) are never shown.
options:
  _input:
    description: "Input name to value, for example C({logs_group_name: /airflow-ecs/prod})."
    type: dict
    required: true
  role:
    description: The role whose rules apply.
    type: str
    required: true
    choices: [preflight, logs, network, dag_storage, secrets, iam, metadata_db, redis, ecs_hosts, image, airflow_services, worker_scaling]
"""

EXAMPLES = r"""
- name: Check the log group inputs
  vars:
    problems: "{{ {'logs_group_name': logs_group_name, 'logs_kms_key_id': logs_kms_key_id} | airflow_ecs.deploy.role_input_errors('logs') }}"
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join(' ') }}"
"""

RETURN = r"""
_value:
  description: One message per problem, each starting with the input it is about; empty when every input is fine.
  type: list
  elements: str
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import airflow_services
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import dag_storage
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import ecs_hosts
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import iam
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import image
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import logs
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import metadata_db
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import network
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import preflight
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import redis
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import secrets
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs import worker_scaling

ROLES = {
    "preflight": preflight.errors,
    "logs": logs.errors,
    "network": network.errors,
    "dag_storage": dag_storage.errors,
    "secrets": secrets.errors,
    "iam": iam.errors,
    "metadata_db": metadata_db.errors,
    "redis": redis.errors,
    "ecs_hosts": ecs_hosts.errors,
    "image": image.errors,
    "airflow_services": airflow_services.errors,
    "worker_scaling": worker_scaling.errors,
}


def role_input_errors(inputs, role):
    if not isinstance(inputs, Mapping):
        raise AnsibleFilterError("role_input_errors: the input must be a dict of input names to values")
    if role not in ROLES:
        raise AnsibleFilterError("role_input_errors: no rules for role %r (known: %s)" % (role, ", ".join(ROLES)))
    return ROLES[role](dict(inputs))


class FilterModule:
    """Input rules of the collection's roles."""

    def filters(self):
        return {"role_input_errors": role_input_errors}
