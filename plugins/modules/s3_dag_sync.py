#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: s3_dag_sync
short_description: Mirror a local directory of DAG files into an S3 prefix, with check mode and diff
version_added: 0.1.0
description:
  - Uploads the files of O(source_dir) that are new or changed to O(bucket) under
    O(prefix), and deletes the objects under O(prefix) whose file is gone.
  - A file is unchanged when its MD5 equals the object's ETag, or the MD5 the module
    stored in the object's metadata (C(x-amz-meta-md5)) when it uploaded it. The
    metadata covers buckets encrypted with SSE-KMS, where the ETag is not the MD5;
    those objects cost one HEAD request each per run.
  - Written because M(community.aws.s3_sync) does not support check mode (it is
    skipped under C(--check), so a dry run cannot show what a DAG deploy would change),
    returns no diff, and decides what to delete only after uploading.
  - Files are uploaded in one request each, so each must be smaller than 5 GiB;
    DAG files are far smaller.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  bucket:
    description: Name of the bucket, which must exist (in check mode a missing bucket counts as empty).
    type: str
    required: true
  prefix:
    description:
      - Key prefix the files are placed under, for example V(dags/).
      - A trailing slash is added when missing; V("") mirrors to the bucket root,
        where O(delete) removes every object that has no local file.
    type: str
    default: ""
  source_dir:
    description: Local directory to mirror (read on the controller or the target host, wherever the module runs).
    type: path
    required: true
  delete:
    description: Delete objects under O(prefix) that have no local file.
    type: bool
    default: true
  exclude:
    description:
      - Shell-style patterns of files and directories to leave out; a pattern matches
        the path relative to O(source_dir) or any one of its components.
      - Excluded objects that exist remotely are deleted when O(delete=true).
    type: list
    elements: str
    default: ["__pycache__", "*.pyc", ".*"]
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Publish the DAGs
  airflow_ecs.deploy.s3_dag_sync:
    bucket: airflow-ecs-prod-dags-123456789012
    prefix: dags/
    source_dir: "{{ playbook_dir }}/../files/dags"

- name: Show what a deploy would change (run with --check --diff)
  airflow_ecs.deploy.s3_dag_sync:
    bucket: airflow-ecs-prod-dags-123456789012
    prefix: dags/
    source_dir: files/dags
  check_mode: true
  register: dag_plan
"""

RETURN = r"""
uploaded:
  description: Keys uploaded (in check mode, that would be uploaded), sorted.
  returned: always
  type: list
  elements: str
  sample: [dags/fan_out.py]
deleted:
  description: Keys deleted (in check mode, that would be deleted), sorted.
  returned: always
  type: list
  elements: str
  sample: [dags/old.py]
unchanged:
  description: Number of files already up to date.
  returned: always
  type: int
  sample: 2
files:
  description: Number of local files considered (after O(exclude)).
  returned: always
  type: int
  sample: 3
"""

import base64
import mimetypes
import os

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import MD5_METADATA_KEY
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import keys_to_inspect
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import local_files
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import normalize_prefix
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import plan_sync
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import remote_objects
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import sync_diff

DELETE_BATCH = 1000  # the most keys DeleteObjects takes at once


@aws_retry()
def list_objects(client, bucket, prefix):
    paginator = client.get_paginator("list_objects_v2")
    return paginator.paginate(Bucket=bucket, Prefix=prefix).build_full_result().get("Contents", [])


def read_remote(module, client, bucket, prefix):
    try:
        return remote_objects(list_objects(client, bucket, prefix))
    except is_boto3_error_code("NoSuchBucket"):
        if module.check_mode:
            return {}  # the bucket is created by an earlier task of the same run
        module.fail_json(msg=f"bucket {bucket} does not exist")


def add_metadata_md5(client, bucket, local, remote):
    for key in keys_to_inspect(local, remote):
        head = client.head_object(Bucket=bucket, Key=key, aws_retry=True)
        remote[key]["metadata_md5"] = (head.get("Metadata") or {}).get(MD5_METADATA_KEY)


def upload(client, bucket, key, entry):
    with open(entry["path"], "rb") as handle:
        body = handle.read()
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    if key.endswith(".py"):
        content_type = "text/x-python"
    client.put_object(
        Bucket=bucket,
        Key=key,
        Body=body,
        ContentType=content_type,
        ContentMD5=base64.b64encode(bytes.fromhex(entry["md5"])).decode("ascii"),
        Metadata={MD5_METADATA_KEY: entry["md5"]},
        aws_retry=True,
    )


def delete(module, client, bucket, keys):
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start:start + DELETE_BATCH]
        response = client.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True}, aws_retry=True
        )
        if response.get("Errors"):
            failed = ", ".join(f"{error['Key']} ({error.get('Code')})" for error in response["Errors"])
            module.fail_json(msg=f"could not delete from {bucket}: {failed}")


def main():
    argument_spec = dict(
        bucket=dict(type="str", required=True),
        prefix=dict(type="str", default=""),
        source_dir=dict(type="path", required=True),
        delete=dict(type="bool", default=True),
        exclude=dict(type="list", elements="str", default=["__pycache__", "*.pyc", ".*"]),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    bucket = params["bucket"]
    prefix = normalize_prefix(params["prefix"])
    source_dir = params["source_dir"]
    if not os.path.isdir(source_dir):
        module.fail_json(msg=f"source_dir {source_dir} is not a directory")

    local = local_files(source_dir, prefix, params["exclude"])
    client = module.client("s3", retry_decorator=aws_retry())
    with reported_errors(module, f"Failed to sync {source_dir} to s3://{bucket}/{prefix}"):
        remote = read_remote(module, client, bucket, prefix)
        add_metadata_md5(client, bucket, local, remote)
        plan = plan_sync(local, remote, delete=params["delete"])
        if not module.check_mode:
            for key in plan["upload"]:
                upload(client, bucket, key, local[key])
            delete(module, client, bucket, plan["delete"])

    result = module_result(
        bool(plan["upload"] or plan["delete"]),
        sync_diff(local, remote, plan, f"s3://{bucket}/{prefix}", source_dir),
        uploaded=plan["upload"],
        deleted=plan["delete"],
        unchanged=len(plan["unchanged"]),
        files=len(local),
    )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
