#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: s3_access_logging
short_description: Turn S3 server access logging of a bucket on or off
version_added: 0.1.0
description:
  - Sets where a bucket's server access logs go (PutBucketLogging), with check mode and diff. In check mode
    a bucket that does not exist yet (an earlier task would create it) counts as logging nowhere.
  - Written because M(community.aws.s3_logging) grants the legacy LogDelivery group an ACL on the
    target bucket, which fails on buckets whose ACLs are disabled (Object Ownership
    C(BucketOwnerEnforced), S3's default for new buckets and AWS's recommendation). With ACLs
    disabled, S3 delivers the logs by the target bucket's policy instead; this module leaves that
    policy to the bucket's owner (the dag_storage role writes it).
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  bucket:
    description: The bucket whose requests are logged.
    type: str
    required: true
  target_bucket:
    description:
      - The bucket the logs are written to (same region and account), with O(state=present).
      - Its policy must let C(logging.s3.amazonaws.com) put objects under O(target_prefix).
    type: str
  target_prefix:
    description: Key prefix of the log objects in O(target_bucket).
    type: str
    default: ""
  state:
    description: V(present) logs to O(target_bucket), V(absent) turns logging off.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Log the DAG bucket's requests
  airflow_ecs.deploy.s3_access_logging:
    bucket: airflow-ecs-prod-dags-123456789012
    target_bucket: airflow-ecs-prod-access-logs-123456789012
    target_prefix: airflow-ecs-prod-dags-123456789012/
"""

RETURN = r"""
logging:
  description: Where the logs go after the change (in check mode, as they would); null when logging is off.
  returned: always
  type: dict
  contains:
    target_bucket:
      description: The bucket the logs are written to.
      type: str
    target_prefix:
      description: Key prefix of the log objects.
      type: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_access_logging import logging_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_access_logging import normalize_logging


def read_logging(module, client, bucket):
    """Where the bucket logs to; in check mode a bucket an earlier task would create logs nowhere yet."""
    try:
        return normalize_logging(client.get_bucket_logging(Bucket=bucket, aws_retry=True))
    except is_boto3_error_code("NoSuchBucket"):
        if module.check_mode:
            return None
        raise


def main():
    argument_spec = dict(
        bucket=dict(type="str", required=True),
        target_bucket=dict(type="str"),
        target_prefix=dict(type="str", default=""),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec, supports_check_mode=True, required_if=[("state", "present", ["target_bucket"])]
    )
    params = module.params
    desired = None
    if params["state"] == "present":
        desired = {"target_bucket": params["target_bucket"], "target_prefix": params["target_prefix"]}

    client = module.client("s3", retry_decorator=aws_retry())
    messages = {
        "NoSuchBucket": "bucket %s does not exist" % params["bucket"],
        "InvalidTargetBucketForLogging": "S3 refuses %s as the log bucket of %s: it must exist in the same region and "
        "account, and its policy must let logging.s3.amazonaws.com put objects under %r" % (
            params["target_bucket"], params["bucket"], params["target_prefix"]),
    }
    with reported_errors(module, "Failed to set the access logging of bucket %s" % params["bucket"], messages):
        before = read_logging(module, client, params["bucket"])
        if not logging_changed(before, desired):
            module.exit_json(**module_result(False, logging=before))
        if not module.check_mode:
            status = {}
            if desired:
                status = {"LoggingEnabled": {"TargetBucket": desired["target_bucket"], "TargetPrefix": desired["target_prefix"]}}
            client.put_bucket_logging(Bucket=params["bucket"], BucketLoggingStatus=status, aws_retry=True)
    module.exit_json(**module_result(True, resource_diff(before, desired), logging=desired))


if __name__ == "__main__":
    main()
