# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: extra_secret_arns
short_description: The Secrets Manager secrets that airflow_services_extra_secrets and airflow_services_sso read
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - "Takes the airflow_services role's C(airflow_services_extra_secrets) (C({component: {VARIABLE: reference}}))
    and returns the ARN of each secret the references read, without C(:json-key) suffixes, sorted, once each,
    so a play can let the task execution role read exactly those (the iam role's C(iam_existing_secret_arns))."
  - With O(sso) on, the client secret it reads is added.
  - References that are not a full Secrets Manager ARN are left out; the airflow_services role refuses them.
options:
  _input:
    description: The extra secrets as the inventory gives them (may be empty).
    type: dict
    required: true
  sso:
    description: The airflow_services role's C(airflow_services_sso).
    type: dict
"""

EXAMPLES = r"""
- name: The secrets the execution role must read for the extra secrets
  ansible.builtin.debug:
    msg: "{{ airflow_services_extra_secrets | default({}) | airflow_ecs.deploy.extra_secret_arns(sso=airflow_services_sso | default({})) }}"
"""

RETURN = r"""
_value:
  description: Secret ARNs.
  type: list
  elements: str
"""

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs.airflow_services import extra_secret_arns


class FilterModule:
    """The secrets the extra secrets of the airflow_services role read."""

    def filters(self):
        return {"extra_secret_arns": extra_secret_arns}
