# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: aws_module_defaults
short_description: The module_defaults of every AWS module, from C(airflow_ecs_aws)
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - The connection settings of C(airflow_ecs_aws), plus C(aws_config) with botocore's retry mode and
    maximum attempts (C(airflow_ecs_aws.retries), standard mode and 10 attempts by default), so every
    module of the collection, of amazon.aws and of community.aws waits out a throttle repeated a few
    times in a row. botocore's own default, 3 attempts, does not.
  - Every playbook of the collection sets C(module_defaults) for C(group/airflow_ecs.deploy.aws) with it.
  - Lookups run on the controller and take no C(aws_config); they read C(AWS_RETRY_MODE) and
    C(AWS_MAX_ATTEMPTS) from the controller's environment (see the README).
options:
  _input:
    description: The collection-wide C(airflow_ecs_aws) setting.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Converge with the collection's AWS settings
  hosts: localhost
  module_defaults:
    group/airflow_ecs.deploy.aws: "{{ airflow_ecs_aws | airflow_ecs.deploy.aws_module_defaults }}"
  roles:
    - airflow_ecs.deploy.network
"""

RETURN = r"""
_value:
  description: Module options for the AWS action group, C(aws_config.retries) included.
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import botocore_retries_errors, module_defaults


def aws_module_defaults(settings):
    if not isinstance(settings, Mapping):
        raise AnsibleFilterError("aws_module_defaults: airflow_ecs_aws must be a dict")
    problems = botocore_retries_errors("airflow_ecs_aws.retries", settings.get("retries"))
    if problems:
        raise AnsibleFilterError(" ".join(problems))
    return module_defaults(dict(settings))


class FilterModule:
    """module_defaults for the collection's AWS action group."""

    def filters(self):
        return {"aws_module_defaults": aws_module_defaults}
