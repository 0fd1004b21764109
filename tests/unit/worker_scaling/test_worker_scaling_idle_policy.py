"""module_utils/worker_scaling: the idle policy and the shape of both policies."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import (
    idle_step_adjustments,
    policies,
    track_step_adjustments,
)

SETTINGS = {"min_capacity": 0, "max_capacity": 10, "period_seconds": 60, "cooldown_seconds": 120, "idle_minutes": 10}


def test_idle_sets_capacity_zero_for_any_metric_below_the_threshold():
    # no lower bound: the one step covers (-inf, threshold]; ExactCapacity 0 is raised to the minimum by AWS
    assert idle_step_adjustments() == [{"MetricIntervalUpperBound": 0, "ScalingAdjustment": 0}]


def test_both_policies_set_exact_capacity_on_the_maximum():
    found = policies(SETTINGS)
    assert sorted(found) == ["idle", "track"]
    for policy in found.values():
        assert policy["AdjustmentType"] == "ExactCapacity"
        assert policy["MetricAggregationType"] == "Maximum"
        assert policy["Cooldown"] == 120


def test_track_policy_uses_the_steps_for_max_capacity():
    found = policies(dict(SETTINGS, max_capacity=42))
    assert found["track"]["StepAdjustments"] == track_step_adjustments(42)
    assert found["track"]["StepAdjustments"][-1] == {"MetricIntervalLowerBound": 40, "ScalingAdjustment": 42}
    assert found["idle"]["StepAdjustments"] == idle_step_adjustments()
