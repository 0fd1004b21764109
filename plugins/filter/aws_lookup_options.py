# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: aws_lookup_options
short_description: The connection settings of C(airflow_ecs_aws) that amazon.aws lookups take
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Lookups do not get C(module_defaults). This keeps the keys of C(airflow_ecs_aws) that the amazon.aws
    lookup plugins (C(amazon.aws.secretsmanager_secret), C(amazon.aws.ssm_parameter)) accept, so a role
    can pass them as keyword arguments and reach the same endpoint with the same credentials as its modules.
options:
  _input:
    description: The collection-wide C(airflow_ecs_aws) setting.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Read a parameter the way the modules reach AWS
  ansible.builtin.debug:
    msg: "{{ lookup('amazon.aws.ssm_parameter', '/airflow-ecs/prod/x', **(airflow_ecs_aws | airflow_ecs.deploy.aws_lookup_options)) }}"
"""

RETURN = r"""
_value:
  description: The settings the lookups accept.
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

# The options of amazon.aws's common.plugins and region.plugins documentation fragments.
LOOKUP_OPTIONS = ("region", "endpoint_url", "access_key", "secret_key", "session_token", "profile")


def aws_lookup_options(settings):
    if not isinstance(settings, Mapping):
        raise AnsibleFilterError("aws_lookup_options: airflow_ecs_aws must be a dict")
    return {key: value for key, value in settings.items() if key in LOOKUP_OPTIONS}


class FilterModule:
    """Connection settings for amazon.aws lookups."""

    def filters(self):
        return {"aws_lookup_options": aws_lookup_options}
