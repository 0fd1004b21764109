"""module_utils/ecs_service_scaling: normalising, comparing and checking step policies."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import (
    capacity_changed,
    input_errors,
    normalize_policy,
    normalize_target,
    policies_to_delete,
    policy_changed,
    policy_to_api,
    resource_id,
    wanted_policy,
)

OPTION = {
    "name": "track",
    "adjustment_type": "ExactCapacity",
    "cooldown": 60,
    "metric_aggregation_type": "Maximum",
    "step_adjustments": [{"lower_bound": 1, "upper_bound": None, "scaling_adjustment": 2},
                         {"lower_bound": 0, "upper_bound": 1, "scaling_adjustment": 1}],
}
API = {
    "PolicyName": "track",
    "PolicyARN": "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:x:resource/ecs/service/c/worker:policyName/track",
    "StepScalingPolicyConfiguration": {
        "AdjustmentType": "ExactCapacity",
        "Cooldown": 60,
        "MetricAggregationType": "Maximum",
        "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 1.0, "ScalingAdjustment": 1},
                            {"MetricIntervalLowerBound": 1.0, "ScalingAdjustment": 2}],
    },
}


def _params(**overrides):
    params = {"state": "present", "min_capacity": 0, "max_capacity": 10, "step_policies": [OPTION]}
    params.update(overrides)
    return params


def test_resource_id_and_target():
    assert resource_id("airflow-prod", "worker") == "service/airflow-prod/worker"
    assert normalize_target({"MinCapacity": 0, "MaxCapacity": 5, "ResourceId": "x"}) == {"min_capacity": 0, "max_capacity": 5}
    assert normalize_target(None) is None


def test_capacity_changed():
    assert capacity_changed(None, 0, 5)
    assert not capacity_changed({"min_capacity": 0, "max_capacity": 5}, 0, 5)
    assert capacity_changed({"min_capacity": 0, "max_capacity": 5}, 1, 5)
    assert capacity_changed({"min_capacity": 0, "max_capacity": 5}, 0, 6)


def test_a_policy_read_back_equals_the_one_given_in_any_order_and_number_type():
    current = normalize_policy(API)
    assert current["arn"] == API["PolicyARN"]
    assert not policy_changed(current, wanted_policy(OPTION))


@pytest.mark.parametrize(
    "change",
    [
        {"cooldown": 120},
        {"adjustment_type": "ChangeInCapacity"},
        {"metric_aggregation_type": "Average"},
        {"step_adjustments": [{"lower_bound": 0, "upper_bound": None, "scaling_adjustment": 1}]},
    ],
)
def test_each_setting_counts_as_a_change(change):
    assert policy_changed(normalize_policy(API), wanted_policy(dict(OPTION, **change)))
    assert policy_changed(None, wanted_policy(OPTION))


def test_policy_to_api_leaves_open_bounds_out():
    assert policy_to_api(wanted_policy(OPTION)) == {
        "AdjustmentType": "ExactCapacity",
        "Cooldown": 60,
        "MetricAggregationType": "Maximum",
        "StepAdjustments": [{"ScalingAdjustment": 1, "MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 1.0},
                            {"ScalingAdjustment": 2, "MetricIntervalLowerBound": 1.0}],
    }


def test_purge():
    assert policies_to_delete(["a", "b", "c"], ["b"], True) == ["a", "c"]
    assert policies_to_delete(["a", "b"], ["b"], False) == []


def test_good_input_has_no_errors_and_absent_needs_nothing():
    assert input_errors(_params()) == []
    assert input_errors({"state": "absent", "min_capacity": None, "max_capacity": None, "step_policies": []}) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_capacity": None}, "min_capacity and max_capacity are required with state=present"),
        ({"min_capacity": 6, "max_capacity": 5}, "min_capacity (6) and max_capacity (5) must be 0 or more"),
        ({"step_policies": [OPTION, OPTION]}, "step_policies names must be unique: track"),
        ({"step_policies": [dict(OPTION, step_adjustments=[])]}, "step_policies[track].step_adjustments must not be empty"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": 0, "upper_bound": 1, "scaling_adjustment": 1},
                                                           {"lower_bound": 2, "upper_bound": None, "scaling_adjustment": 2}])]},
         "step_policies[track]: steps must meet without gap or overlap (1.0 then 2.0)"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": 0, "upper_bound": 1, "scaling_adjustment": 1},
                                                           {"lower_bound": 1, "upper_bound": 2, "scaling_adjustment": 2}])]},
         "step_policies[track]: with a positive upper_bound the last step must leave upper_bound out"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": 0, "upper_bound": None, "scaling_adjustment": 1},
                                                           {"lower_bound": 1, "upper_bound": None, "scaling_adjustment": 2}])]},
         "step_policies[track]: only the last step may leave upper_bound out"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": -1, "upper_bound": 0, "scaling_adjustment": 0}])]},
         "step_policies[track]: with a negative lower_bound the first step must leave lower_bound out"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": 1, "upper_bound": 1, "scaling_adjustment": 1}])]},
         "step_policies[track]: lower_bound 1.0 must be below upper_bound 1.0"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": None, "upper_bound": None, "scaling_adjustment": 1}])]},
         "step_policies[track]: a step needs a lower_bound or an upper_bound"),
        ({"step_policies": [dict(OPTION, step_adjustments=[{"lower_bound": 0, "upper_bound": None, "scaling_adjustment": -1}])]},
         "step_policies[track]: ExactCapacity adjustments must be 0 or more"),
    ],
)
def test_bad_input_is_named(overrides, message):
    errors = input_errors(_params(**overrides))
    assert any(error.startswith(message) for error in errors), errors
