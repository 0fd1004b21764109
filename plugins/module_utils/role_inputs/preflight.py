# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The preflight role's rules: the collection-wide settings (airflow_ecs_*)."""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import botocore_retries_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.images import image_errors


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("airflow_ecs_environment", rules.environment_name)
    aws = inputs.get("airflow_ecs_aws")
    if isinstance(aws, Mapping):
        settings = rules.Problems({"airflow_ecs_aws." + key: value for key, value in aws.items()})
        settings.check("airflow_ecs_aws.region", rules.aws_region)
        settings.check("airflow_ecs_aws.endpoint_url", rules.endpoint_url)
        problems.messages.extend(settings.messages)
        problems.messages.extend(botocore_retries_errors("airflow_ecs_aws.retries", aws.get("retries")))
    problems.check("airflow_ecs_metric_namespace", rules.metric_namespace)
    problems.check_tags("airflow_ecs_tags")
    # Empty means the image role builds the image.
    if inputs.get("airflow_ecs_image"):
        problems.messages.extend(image_errors("airflow_ecs_image", inputs["airflow_ecs_image"]))
    return problems.messages
