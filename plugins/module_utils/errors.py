# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How our modules fail: one handler around the AWS work of a module's main()."""

from __future__ import annotations

from contextlib import contextmanager

try:
    from botocore.exceptions import BotoCoreError
    from botocore.exceptions import ClientError
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError


def error_code(error):
    """The AWS error code of a botocore exception, or None."""
    return ((getattr(error, "response", None) or {}).get("Error") or {}).get("Code")


@contextmanager
def reported_errors(module, failure, messages=None):
    """Fail the module on what the block raises.

    AnsibleAWSError (a plain message, or an AWS error with the module's message) goes through
    fail_json_aws_error; an AWS error whose code is in messages fails with that message alone;
    any other AWS error goes through fail_json_aws with failure.
    """
    try:
        yield
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    except (ClientError, BotoCoreError) as e:
        message = (messages or {}).get(error_code(e))
        if message:
            module.fail_json(msg=message)
        module.fail_json_aws(e, msg=failure)
