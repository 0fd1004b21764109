"""module_utils/ecs_capacity_provider: the shape the module returns and diffs."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import (
    normalize_capacity_provider,
)

ASG = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1234:autoScalingGroupName/airflow-prod-worker"
DESCRIBED = {
    "capacityProviderArn": "arn:aws:ecs:eu-west-1:123456789012:capacity-provider/airflow-prod-worker",
    "name": "airflow-prod-worker",
    "status": "ACTIVE",
    "autoScalingGroupProvider": {
        "autoScalingGroupArn": ASG,
        "managedScaling": {"status": "ENABLED", "targetCapacity": 90},
        "managedTerminationProtection": "ENABLED",
        "managedDraining": "ENABLED",
    },
    "updateStatus": "UPDATE_COMPLETE",
    "tags": [{"key": "airflow_ecs_environment", "value": "prod"}],
}


def test_normalize_fills_in_aws_defaults_for_scaling():
    provider = normalize_capacity_provider(DESCRIBED)
    assert provider == {
        "name": "airflow-prod-worker",
        "arn": DESCRIBED["capacityProviderArn"],
        "status": "ACTIVE",
        "auto_scaling_group_arn": ASG,
        "managed_scaling": {
            "status": "ENABLED",
            "target_capacity": 90,
            "minimum_scaling_step_size": 1,
            "maximum_scaling_step_size": 10000,
            "instance_warmup_period": 300,
        },
        "managed_termination_protection": "ENABLED",
        "managed_draining": "ENABLED",
        "update_status": "UPDATE_COMPLETE",
        "tags": {"airflow_ecs_environment": "prod"},
    }


def test_a_warmup_of_zero_is_kept():
    provider = dict(DESCRIBED, autoScalingGroupProvider={"managedScaling": {"instanceWarmupPeriod": 0}})
    assert normalize_capacity_provider(provider)["managed_scaling"]["instance_warmup_period"] == 0


def test_unreported_draining_stays_unknown():
    provider = dict(DESCRIBED, autoScalingGroupProvider={"autoScalingGroupArn": ASG})
    assert normalize_capacity_provider(provider)["managed_draining"] is None
    assert normalize_capacity_provider(provider)["managed_termination_protection"] == "DISABLED"


def test_inactive_or_missing_is_none():
    assert normalize_capacity_provider(None) is None
    assert normalize_capacity_provider(dict(DESCRIBED, status="INACTIVE")) is None
