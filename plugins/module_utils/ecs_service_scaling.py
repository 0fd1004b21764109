# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the ecs_service_scaling module (no AWS calls)."""

from __future__ import annotations

DIMENSION = "ecs:service:DesiredCount"
ADJUSTMENT_TYPES = ("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity")
AGGREGATIONS = ("Average", "Minimum", "Maximum")


def resource_id(cluster, service):
    return "service/%s/%s" % (cluster, service)


def _number(value):
    return None if value is None else float(value)


def normalize_target(target):
    """DescribeScalableTargets item -> {min_capacity, max_capacity}, or None."""
    if not target:
        return None
    return {"min_capacity": target["MinCapacity"], "max_capacity": target["MaxCapacity"]}


def _sorted_steps(steps):
    # The step with no lower bound comes first; the API keeps the order it was given.
    return sorted(steps, key=lambda step: float("-inf") if step["lower_bound"] is None else step["lower_bound"])


def normalize_policy(policy):
    """DescribeScalingPolicies item (StepScaling) -> the module's snake_case shape."""
    config = policy.get("StepScalingPolicyConfiguration") or {}
    steps = [
        {
            "lower_bound": _number(step.get("MetricIntervalLowerBound")),
            "upper_bound": _number(step.get("MetricIntervalUpperBound")),
            "scaling_adjustment": step["ScalingAdjustment"],
        }
        for step in config.get("StepAdjustments", [])
    ]
    return {
        "name": policy["PolicyName"],
        "arn": policy.get("PolicyARN"),
        "adjustment_type": config.get("AdjustmentType"),
        "cooldown": config.get("Cooldown", 0),
        "metric_aggregation_type": config.get("MetricAggregationType", "Average"),
        "step_adjustments": _sorted_steps(steps),
    }


def wanted_policy(option):
    """A step_policies item -> the normalized shape (no ARN yet)."""
    steps = [
        {
            "lower_bound": _number(step.get("lower_bound")),
            "upper_bound": _number(step.get("upper_bound")),
            "scaling_adjustment": step["scaling_adjustment"],
        }
        for step in option["step_adjustments"]
    ]
    return {
        "name": option["name"],
        "arn": None,
        "adjustment_type": option["adjustment_type"],
        "cooldown": option["cooldown"],
        "metric_aggregation_type": option["metric_aggregation_type"],
        "step_adjustments": _sorted_steps(steps),
    }


def capacity_changed(current, min_capacity, max_capacity):
    return current is None or current["min_capacity"] != min_capacity or current["max_capacity"] != max_capacity


def policy_changed(current, wanted):
    """Whether the policy must be put: it is new or a setting differs (the ARN does not count)."""
    if current is None:
        return True
    return any(current[key] != wanted[key] for key in ("adjustment_type", "cooldown", "metric_aggregation_type", "step_adjustments"))


def policies_to_delete(current_names, wanted_names, purge):
    return sorted(set(current_names) - set(wanted_names)) if purge else []


def policy_to_api(policy):
    """The StepScalingPolicyConfiguration of a normalized policy."""
    steps = []
    for step in policy["step_adjustments"]:
        item = {"ScalingAdjustment": step["scaling_adjustment"]}
        if step["lower_bound"] is not None:
            item["MetricIntervalLowerBound"] = step["lower_bound"]
        if step["upper_bound"] is not None:
            item["MetricIntervalUpperBound"] = step["upper_bound"]
        steps.append(item)
    return {
        "AdjustmentType": policy["adjustment_type"],
        "StepAdjustments": steps,
        "Cooldown": policy["cooldown"],
        "MetricAggregationType": policy["metric_aggregation_type"],
    }


def _step_errors(name, steps):
    """The API's rules for step adjustments: no gap, no overlap, open ends only at the ends."""
    if not steps:
        return ["step_policies[%s].step_adjustments must not be empty" % name]
    errors = []
    ordered = _sorted_steps(steps)
    for index, step in enumerate(ordered):
        low, high = step["lower_bound"], step["upper_bound"]
        if low is None and high is None:
            errors.append("step_policies[%s]: a step needs a lower_bound or an upper_bound" % name)
        elif low is not None and high is not None and low >= high:
            errors.append("step_policies[%s]: lower_bound %s must be below upper_bound %s" % (name, low, high))
        if low is None and index > 0:
            errors.append("step_policies[%s]: only the first step may leave lower_bound out" % name)
        if high is None and index < len(ordered) - 1:
            errors.append("step_policies[%s]: only the last step may leave upper_bound out" % name)
        if index > 0 and ordered[index - 1]["upper_bound"] is not None and low is not None and ordered[index - 1]["upper_bound"] != low:
            errors.append(
                "step_policies[%s]: steps must meet without gap or overlap (%s then %s)" % (name, ordered[index - 1]["upper_bound"], low)
            )
    if ordered[-1]["upper_bound"] is not None and ordered[-1]["upper_bound"] > 0:
        errors.append("step_policies[%s]: with a positive upper_bound the last step must leave upper_bound out" % name)
    if ordered[0]["lower_bound"] is not None and ordered[0]["lower_bound"] < 0:
        errors.append("step_policies[%s]: with a negative lower_bound the first step must leave lower_bound out" % name)
    return errors


def input_errors(params):
    """Problems with the options, each naming the option, found before any AWS call."""
    if params["state"] != "present":
        return []
    errors = []
    low, high = params["min_capacity"], params["max_capacity"]
    if low is None or high is None:
        errors.append("min_capacity and max_capacity are required with state=present")
    elif low < 0 or high < 0 or low > high:
        errors.append("min_capacity (%s) and max_capacity (%s) must be 0 or more, min_capacity not above max_capacity" % (low, high))
    names = [policy["name"] for policy in params["step_policies"] or []]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        errors.append("step_policies names must be unique: %s" % ", ".join(duplicates))
    for policy in params["step_policies"] or []:
        errors.extend(_step_errors(policy["name"], wanted_policy(policy)["step_adjustments"]))
        if policy["adjustment_type"] == "ExactCapacity" and any(step["scaling_adjustment"] < 0 for step in policy["step_adjustments"]):
            errors.append("step_policies[%s]: ExactCapacity adjustments must be 0 or more" % policy["name"])
    return errors
