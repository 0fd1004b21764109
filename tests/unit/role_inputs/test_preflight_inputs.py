"""The preflight role's rules: the collection-wide settings."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {
    "airflow_ecs_environment": "prod",
    "airflow_ecs_aws": {"region": "eu-west-1"},
    "airflow_ecs_tags": {"owner": "data-platform"},
    "airflow_ecs_metric_namespace": "AirflowECS",
}


def test_good_settings_pass():
    assert problems("preflight", GOOD) == ""
    assert problems("preflight", dict(GOOD, airflow_ecs_aws={"region": "us-east-1", "endpoint_url": "http://127.0.0.1:5000"})) == ""
    assert problems("preflight", dict(GOOD, airflow_ecs_image="")) == ""  # the image role builds it
    assert problems("preflight", dict(GOOD, airflow_ecs_image="apache/airflow:3.3.2-python3.11")) == ""
    assert problems("preflight", dict(GOOD, airflow_ecs_image="123456789012.dkr.ecr.eu-west-1.amazonaws.com/airflow@sha256:" + "a" * 64)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"airflow_ecs_environment": "My Env"}, "airflow_ecs_environment must be 2 to 20 characters"),
    ({"airflow_ecs_environment": "prod-"}, "not end with a hyphen"),
    ({"airflow_ecs_environment": "x" * 21}, "got '" + "x" * 21 + "'"),
    ({"airflow_ecs_aws": {"region": "Europe"}}, "airflow_ecs_aws.region must be an AWS region such as eu-west-1; got 'Europe'."),
    ({"airflow_ecs_aws": {"region": "eu-west-1", "endpoint_url": "localhost:5000"}}, "airflow_ecs_aws.endpoint_url must be a bare http(s) URL"),
    ({"airflow_ecs_aws": {"region": "eu-west-1", "retries": {"mode": "legacy"}}}, "airflow_ecs_aws.retries.mode must be one of"),
    ({"airflow_ecs_aws": {"region": "eu-west-1", "retries": {"max_attempts": 1}}}, "airflow_ecs_aws.retries.max_attempts must be"),
    ({"airflow_ecs_tags": {"aws:owner": "me"}}, "airflow_ecs_tags.aws:owner keys must not start with aws:"),
    ({"airflow_ecs_tags": {"managed_by": "me"}}, "airflow_ecs_tags.managed_by is set by the collection"),
    ({"airflow_ecs_metric_namespace": "AWS/ECS"}, "airflow_ecs_metric_namespace must be a CloudWatch namespace"),
    ({"airflow_ecs_image": "registry.example.com/airflow:latest"}, "airflow_ecs_image must be pinned to a version tag or digest"),
    ({"airflow_ecs_image": "Not An Image"}, "airflow_ecs_image is required: an image pinned"),
])
def test_bad_settings_name_the_setting(change, message):
    assert message in problems("preflight", dict(GOOD, **change))
