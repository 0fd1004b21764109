"""module_utils/ecs_capacity_provider: the Auto Scaling group cannot be changed."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import auto_scaling_group_error

ASG = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1234:autoScalingGroupName/airflow-prod-worker"
CURRENT = {"name": "airflow-prod-worker", "auto_scaling_group_arn": ASG}


def test_same_arn_or_its_group_name_is_fine():
    assert auto_scaling_group_error(CURRENT, ASG) is None
    assert auto_scaling_group_error(CURRENT, "airflow-prod-worker") is None
    assert auto_scaling_group_error(CURRENT, None) is None


def test_another_group_is_an_error_naming_the_option():
    error = auto_scaling_group_error(CURRENT, ASG.replace("airflow-prod-worker", "airflow-prod-core"))
    assert error.startswith("auto_scaling_group_arn of capacity provider airflow-prod-worker is")
    assert "cannot be changed" in error
