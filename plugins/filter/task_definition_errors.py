# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: task_definition_errors
short_description: What M(airflow_ecs.deploy.airflow_task_definition) would refuse in its input
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Takes the options of one M(airflow_ecs.deploy.airflow_task_definition) task and returns
    every problem the module would report for them, without any AWS call. A play can so
    check task definition inputs (Fargate with s3fs, memory below a component's floor, a
    worker stop timeout over Fargate's cap, ...) before it creates anything.
  - The module's own checks are used, so the filter and the module always agree. Numbers
    and booleans given as strings are converted the way the module converts them.
  - The input's C(region) key stands in for the module's AWS region option (the region of the
    log group). The C(state) key and the AWS connection options are ignored; with
    C(state=absent) nothing is checked.
  - Messages start with the option they are about; O(names) renames that option to the
    variable the user sets, so the message names what to fix.
  - Secret values never appear in a message (the module's C(secrets) option takes ARNs).
options:
  _input:
    description:
      - The options of the module task, for example C(component), C(image), C(launch_type),
        C(cpu), C(memory), C(execution_role_arn), C(log_group), C(region), C(secrets),
        C(dag_storage) and C(worker). Options left out take the module's defaults.
    type: dict
    required: true
  names:
    description:
      - Option name (or dotted sub-option such as C(worker.concurrency)) to the name shown
        in its place at the start of a message.
      - "For example C({memory: airflow_services_sizes.worker.memory}). The longest match wins."
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Check the worker's task definition input before anything is created
  vars:
    worker_errors: >-
      {{ {'environment': 'prod', 'component': 'worker', 'image': 'apache/airflow:3.3.2-python3.11',
          'launch_type': 'FARGATE', 'memory': 512, 'region': 'eu-west-1', 'log_group': '/airflow-ecs/prod',
          'execution_role_arn': 'arn:aws:iam::123456789012:role/placeholder'}
         | airflow_ecs.deploy.task_definition_errors(names={'memory': 'worker_memory'}) }}
  ansible.builtin.assert:
    that: worker_errors | length == 0
    fail_msg: "{{ worker_errors | join('; ') }}"
"""

RETURN = r"""
_value:
  description:
    - One message per problem, each starting with the option (or its name from O(names)) it
      is about; empty when the module would accept the input.
  type: list
  elements: str
  sample:
    - "airflow_services_sizes.worker.memory 512 MiB is below the worker floor of 880 MiB (...): set memory to at least 880"
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.validation import check_type_bool, check_type_int

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.options import groups, typed_paths
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors

# Module options that say how to reach AWS or what to do, not what to render.
_IGNORED = (
    "state",
    "access_key",
    "secret_key",
    "session_token",
    "profile",
    "endpoint_url",
    "aws_ca_bundle",
    "aws_config",
    "validate_certs",
    "debug_botocore_endpoint_logs",
)
# What the module's argument spec converts before its checks see the values: the options the
# option table (module_utils/taskdef/options.py) declares int or bool, by dotted path.
_INTS = typed_paths("int")
_BOOLS = typed_paths("bool")
_GROUPS = tuple(groups())
_BOUNDARY = (".", ":", " ", ",")


def _convert(path, value):
    try:
        if path in _INTS and isinstance(value, str):
            return check_type_int(value)
        if path in _BOOLS and isinstance(value, str):
            return check_type_bool(value)
    except TypeError:
        pass  # left as it is, for the checks to name
    return value


def _plain(value):
    """Plain dicts and lists: the templar's lazy containers are slow to copy, and the checks copy."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _module_input(options):
    spec = {}
    for key, value in _plain(options).items():
        if key in _IGNORED:
            continue
        if isinstance(value, dict) and key in _GROUPS:
            value = {sub: _convert("%s.%s" % (key, sub), item) for sub, item in value.items()}
        spec[key] = _convert(key, value)
    return spec


def _rename(message, names):
    for option in sorted(names, key=len, reverse=True):
        if message.startswith(option) and (len(message) == len(option) or message[len(option)] in _BOUNDARY):
            return names[option] + message[len(option):]
    return message


def task_definition_errors(options, names=None):
    """The messages airflow_task_definition would fail with for these options; [] when none."""
    if not isinstance(options, Mapping):
        raise AnsibleFilterError("task_definition_errors: the input must be a dict of the module's options")
    names = {} if names is None else names
    if not isinstance(names, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
        raise AnsibleFilterError("task_definition_errors: names must be a dict of option name to name shown")
    if options.get("state", "present") == "absent":
        return []
    return [_rename(message, names) for message in validation_errors(_module_input(options))]


class FilterModule:
    """Check the input of airflow_task_definition without calling AWS."""

    def filters(self):
        return {"task_definition_errors": task_definition_errors}
