#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ecr_authorization_info
short_description: A registry login for Amazon ECR from GetAuthorizationToken
version_added: 0.2.0
description:
  - Returns the registry address, user name and password that C(podman login), C(docker login) and the
    registry HTTP API take for the account's ECR registry, read from ECR's GetAuthorizationToken. The
    password is valid for 12 hours.
  - Written because amazon.aws and community.aws have no module for it, and the usual
    C(aws ecr get-login-password) needs the AWS CLI on the control node (an AWX execution environment
    does not have it).
  - The result holds a password. Set C(no_log) on the task and on every task that uses it.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  registry_id:
    description: The account whose registry to log in to; the caller's account when left out.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Log in to the account's ECR registry
  airflow_ecs.deploy.ecr_authorization_info:
  register: ecr_login
  no_log: true

- name: Let podman push to it
  containers.podman.podman_login:
    registry: "{{ ecr_login.registry }}"
    username: "{{ ecr_login.username }}"
    password: "{{ ecr_login.password }}"
  no_log: true
"""

RETURN = r"""
registry:
  description: The registry's host name, without scheme (C(<account>.dkr.ecr.<region>.amazonaws.com)).
  returned: always
  type: str
username:
  description: The user name of the login (always C(AWS)).
  returned: always
  type: str
password:
  description: The password of the login.
  returned: always
  type: str
expires_at:
  description: When the password stops working (ISO 8601).
  returned: always
  type: str
"""

import base64

try:
    import botocore
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry


def login(authorization):
    """Split one authorizationData entry into what a registry client takes."""
    username, password = base64.b64decode(authorization["authorizationToken"]).decode().split(":", 1)
    endpoint = authorization["proxyEndpoint"]
    registry = endpoint.split("://", 1)[-1].rstrip("/")
    expires = authorization.get("expiresAt")
    return {
        "registry": registry,
        "username": username,
        "password": password,
        "expires_at": expires.isoformat() if hasattr(expires, "isoformat") else str(expires or ""),
    }


def main():
    module = AnsibleAWSModule(argument_spec=dict(registry_id=dict(type="str")), supports_check_mode=True)
    client = module.client("ecr", retry_decorator=aws_retry())
    request = {"registryIds": [module.params["registry_id"]]} if module.params["registry_id"] else {}
    try:
        data = client.get_authorization_token(aws_retry=True, **request)["authorizationData"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to get an ECR authorization token")
    module.exit_json(changed=False, **login(data[0]))


if __name__ == "__main__":
    main()
