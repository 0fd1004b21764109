"""module_utils/ecs_capacity_provider: comparing and merging managed scaling."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import (
    managed_scaling_changed,
    managed_scaling_to_api,
    merge_managed_scaling,
)

CURRENT = {
    "managed_scaling": {
        "status": "ENABLED",
        "target_capacity": 90,
        "minimum_scaling_step_size": 1,
        "maximum_scaling_step_size": 4,
        "instance_warmup_period": 120,
    }
}
UNSET = dict.fromkeys(CURRENT["managed_scaling"])


def test_unset_fields_are_not_compared():
    assert not managed_scaling_changed(CURRENT, None)
    assert not managed_scaling_changed(CURRENT, UNSET)
    assert not managed_scaling_changed(CURRENT, dict(UNSET, target_capacity=90))


def test_a_different_field_is_a_change():
    assert managed_scaling_changed(CURRENT, dict(UNSET, target_capacity=75))
    assert managed_scaling_changed(CURRENT, dict(UNSET, status="DISABLED"))


def test_merge_keeps_the_fields_not_given():
    merged = merge_managed_scaling(CURRENT, dict(UNSET, target_capacity=75))
    assert merged == dict(CURRENT["managed_scaling"], target_capacity=75)


def test_merge_on_create_starts_from_aws_defaults():
    merged = merge_managed_scaling(None, dict(UNSET, status="ENABLED"))
    assert merged == {
        "status": "ENABLED",
        "target_capacity": 100,
        "minimum_scaling_step_size": 1,
        "maximum_scaling_step_size": 10000,
        "instance_warmup_period": 300,
    }


def test_to_api_uses_api_names():
    assert managed_scaling_to_api(CURRENT["managed_scaling"]) == {
        "status": "ENABLED",
        "targetCapacity": 90,
        "minimumScalingStepSize": 1,
        "maximumScalingStepSize": 4,
        "instanceWarmupPeriod": 120,
    }
