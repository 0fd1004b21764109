# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iam role's rules: known components, well-formed ARNs, least-privilege extra statements."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS

DAG_STORAGE_MODES = ("s3fs", "efs", "git", "image", "s3_bundle")
COMPONENT_LISTS = ("iam_components", "iam_dag_reader_components", "iam_remote_log_writer_components",
                   "iam_remote_log_reader_components", "iam_secrets_backend_reader_components")
_WILDCARD_ACTION = re.compile(r"^([a-z0-9-]+:)?\*\Z")


def _as_list(value):
    return [value] if isinstance(value, str) else list(value or [])


def statement_problem(statement):
    """What makes an extra IAM statement unacceptable, or None."""
    if not isinstance(statement, Mapping):
        return "each statement must be a dict"
    if statement.get("Effect") not in ("Allow", "Deny"):
        return "each statement needs Effect Allow or Deny"
    if "NotAction" in statement or "NotResource" in statement:
        return "NotAction and NotResource are refused"
    if "Action" not in statement or "Resource" not in statement:
        return "each statement needs Action and Resource"
    wildcard = any(_WILDCARD_ACTION.match(str(action)) for action in _as_list(statement["Action"]))
    if wildcard and "*" in _as_list(statement["Resource"]):
        return 'no statement may pair a "*" or "<service>:*" action with the resource "*"'
    return None


def _secrets_backend_prefixes(problems, inputs):
    environment = inputs.get("iam_environment")
    own = "airflow-ecs/%s/" % environment
    for prefix in _as_list(inputs["iam_secrets_backend_prefixes"]):
        if not rules.is_secret_name_prefix(prefix):
            problems.add("iam_secrets_backend_prefixes: each must be a secret name prefix without a trailing / "
                         "(e.g. %sconnections); got %r." % (own, prefix))
        elif rules.covers_environment_secrets(prefix, environment):
            problems.add("iam_secrets_backend_prefixes: %s would let the task roles read the environment's own "
                         "secrets (%s...); use a path below it, e.g. %sconnections." % (prefix, own, own))


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("iam_environment", rules.environment_name)
    problems.check("iam_region", rules.aws_region)
    for name in COMPONENT_LISTS:
        if name in problems:
            unknown = sorted(set(_as_list(inputs[name])) - set(COMPONENTS))
            if unknown:
                problems.add("%s may name only %s; unknown: %s." % (name, ", ".join(COMPONENTS), ", ".join(unknown)))
    problems.require("iam_dag_storage_mode", inputs.get("iam_dag_storage_mode") in DAG_STORAGE_MODES,
                     "must be one of %s" % ", ".join(DAG_STORAGE_MODES))
    problems.check_each("iam_ecr_repository_arns", rules.ecr_repository_arn)
    problems.check_each("iam_extra_secret_arns", rules.secret_arn, wildcard=True)
    problems.check_each("iam_kms_key_arns", rules.kms_key)
    problems.check("iam_secrets_kms_key_arn", rules.kms_key, optional=True)
    problems.check_each("iam_existing_secret_arns", rules.secret_arn)
    if "iam_secrets_backend_prefixes" in problems:
        _secrets_backend_prefixes(problems, inputs)
    problems.check("iam_log_group_name", rules.log_group_name)
    problems.check("iam_dag_bucket_name", rules.bucket_name, optional=True)
    problems.check("iam_remote_logging_bucket", rules.bucket_name, optional=True)
    if inputs.get("iam_remote_logging_destination") == "s3":
        problems.require("iam_remote_logging_bucket", bool(inputs.get("iam_remote_logging_bucket")),
                         "is required with iam_remote_logging_destination s3")
    problems.check("iam_dag_bundle_prefix", rules.s3_key_prefix)
    problems.check("iam_remote_logging_prefix", rules.s3_key_prefix)
    problems.check("iam_metric_namespace", rules.metric_namespace)
    problems.check("iam_cluster_name", rules.ecs_name)
    extra = inputs.get("iam_task_role_extra_statements")
    if isinstance(extra, Mapping):
        components = _as_list(inputs.get("iam_components", COMPONENTS))
        unknown = sorted(set(extra) - set(components))
        if unknown:
            problems.add("iam_task_role_extra_statements may only have keys from iam_components (%s); unknown: %s."
                         % (", ".join(components), ", ".join(unknown)))
        for component in sorted(extra):
            statements = extra[component]
            if not isinstance(statements, list):
                problems.add("iam_task_role_extra_statements.%s must be a list of IAM statements." % component)
                continue
            for index, statement in enumerate(statements):
                problem = statement_problem(statement)
                if problem:
                    problems.add("iam_task_role_extra_statements.%s[%d]: %s." % (component, index, problem))
    problems.check_tags("iam_tags")
    return problems.messages
