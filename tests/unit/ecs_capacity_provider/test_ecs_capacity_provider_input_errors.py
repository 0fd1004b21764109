"""module_utils/ecs_capacity_provider: bad input is reported before any call, naming the option."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import input_errors

ASG = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1234:autoScalingGroupName/worker"


def _params(**scaling):
    return {"state": "present", "auto_scaling_group_arn": ASG, "managed_scaling": scaling or None}


def test_good_input_has_no_errors():
    assert input_errors(_params(status="ENABLED", target_capacity=100, instance_warmup_period=0)) == []
    assert input_errors({"state": "absent", "auto_scaling_group_arn": None, "managed_scaling": None}) == []


def test_ranges():
    errors = input_errors(_params(target_capacity=0, maximum_scaling_step_size=10001, instance_warmup_period=-1))
    assert "managed_scaling.target_capacity must be between 1 and 100, got 0" in errors
    assert "managed_scaling.maximum_scaling_step_size must be between 1 and 10000, got 10001" in errors
    assert "managed_scaling.instance_warmup_period must be between 0 and 10000, got -1" in errors


def test_minimum_step_above_maximum():
    errors = input_errors(_params(minimum_scaling_step_size=5, maximum_scaling_step_size=2))
    assert errors == ["managed_scaling.minimum_scaling_step_size (5) must not exceed maximum_scaling_step_size (2)"]


def test_termination_protection_needs_managed_scaling():
    params = dict(_params(status="DISABLED"), managed_termination_protection="ENABLED")
    assert input_errors(params) == ["managed_termination_protection=ENABLED needs managed_scaling.status=ENABLED"]


def test_present_needs_the_auto_scaling_group():
    assert input_errors({"state": "present", "auto_scaling_group_arn": None}) == [
        "auto_scaling_group_arn is required when state=present"
    ]
