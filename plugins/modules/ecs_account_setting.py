#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ecs_account_setting
short_description: Set an Amazon ECS account setting, as the account's default or for one principal
version_added: 0.1.0
description:
  - Sets one ECS account setting (for example C(awsvpcTrunking)) in the region, with check mode and diff.
  - Written because neither amazon.aws nor community.aws has a module for ECS account settings; the
    ecs_hosts role turns on ENI trunking with it.
  - With O(scope=account_default) (PutAccountSettingDefault), the setting becomes the default of every
    user and role of the account that has no setting of its own; any principal with
    C(ecs:PutAccountSettingDefault) may do it. With O(scope=principal) (PutAccountSetting), it is set for
    O(principal_arn), or for the caller when that is left out; only the root user or the principal itself
    may set it for a principal.
  - The current value is the one in effect for the caller, or for O(principal_arn), as ListAccountSettings
    with C(effectiveSettings) gives it. A caller with a setting of its own sees that, not the account default.
  - The setting is never removed; O(value=disabled) turns a setting off where the API allows it.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  name:
    description: Name of the setting, for example V(awsvpcTrunking), V(containerInsights) or V(tagResourceAuthorization).
    type: str
    required: true
  value:
    description: Value of the setting, for example V(enabled) or V(disabled).
    type: str
    required: true
  scope:
    description: Where the setting is put.
    type: str
    choices: [account_default, principal]
    default: account_default
  principal_arn:
    description: The user, role or root user to set it for, with O(scope=principal); left out, the caller.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Turn on ENI trunking for the container instances launched from now on
  airflow_ecs.deploy.ecs_account_setting:
    name: awsvpcTrunking
    value: enabled

- name: Turn it on for the container instance role only (run as that role, or as root)
  airflow_ecs.deploy.ecs_account_setting:
    name: awsvpcTrunking
    value: enabled
    scope: principal
    principal_arn: arn:aws:iam::123456789012:role/airflow-prod-instance
"""

RETURN = r"""
setting:
  description: The setting after the change (in check mode, as it would be).
  returned: always
  type: dict
  contains:
    name:
      description: Name of the setting.
      type: str
      sample: awsvpcTrunking
    value:
      description: Its value.
      type: str
      sample: enabled
    principal_arn:
      description: The principal the value read belongs to (the root user for the account default).
      type: str
      sample: arn:aws:iam::123456789012:root
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_account_setting import normalize_setting
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_account_setting import value_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff


def describe_setting(client, name, principal_arn):
    request = {"name": name, "effectiveSettings": True}
    if principal_arn:
        request["principalArn"] = principal_arn
    response = client.list_account_settings(aws_retry=True, **request)
    return normalize_setting(response.get("settings"), name)


def put_setting(module, client):
    params = module.params
    if params["scope"] == "account_default":
        response = client.put_account_setting_default(name=params["name"], value=params["value"], aws_retry=True)
    else:
        request = {"name": params["name"], "value": params["value"]}
        if params["principal_arn"]:
            request["principalArn"] = params["principal_arn"]
        response = client.put_account_setting(aws_retry=True, **request)
    return normalize_setting([response.get("setting") or {}], params["name"])


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        value=dict(type="str", required=True),
        scope=dict(type="str", choices=["account_default", "principal"], default="account_default"),
        principal_arn=dict(type="str"),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if params["principal_arn"] and params["scope"] != "principal":
        module.fail_json(msg="principal_arn goes with scope=principal; the account default has no principal")

    client = module.client("ecs", retry_decorator=aws_retry())
    with reported_errors(module, "Failed to set the ECS account setting %s" % params["name"]):
        before = describe_setting(client, params["name"], params["principal_arn"])
        if not value_changed(before, params["value"]):
            module.exit_json(**module_result(False, setting=before))
        after = dict(before or {"name": params["name"], "principal_arn": params["principal_arn"]}, value=params["value"])
        if not module.check_mode:
            after = put_setting(module, client) or after
    module.exit_json(**module_result(True, resource_diff(before, after), setting=after))


if __name__ == "__main__":
    main()
