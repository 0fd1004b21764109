"""module_utils/worker_scaling: the track policy's StepAdjustments follow the Application Auto Scaling rules."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import (
    MAX_STEPS,
    capacity_edges,
    track_step_adjustments,
)

EVERY_MAX = range(1, 1001)


def test_max_one_is_a_single_open_step():
    assert track_step_adjustments(1) == [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]


def test_small_max_has_one_step_per_worker():
    assert track_step_adjustments(3) == [
        {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 1, "ScalingAdjustment": 1},
        {"MetricIntervalLowerBound": 1, "MetricIntervalUpperBound": 2, "ScalingAdjustment": 2},
        {"MetricIntervalLowerBound": 2, "ScalingAdjustment": 3},
    ]


def test_edges_of_small_and_large_max():
    assert capacity_edges(20) == list(range(1, 21))
    assert capacity_edges(21) == list(range(2, 22))
    assert capacity_edges(1000) == list(range(50, 1001, 50))
    assert capacity_edges(30)[:4] == [2, 3, 5, 6]


@pytest.mark.parametrize("max_capacity", EVERY_MAX)
def test_ranges_are_contiguous_from_zero_and_only_the_last_is_open(max_capacity):
    steps = track_step_adjustments(max_capacity)
    assert steps[0]["MetricIntervalLowerBound"] == 0
    for before, after in zip(steps, steps[1:]):
        # no gap and no overlap: each upper bound is the next lower bound
        assert before["MetricIntervalUpperBound"] == after["MetricIntervalLowerBound"]
        assert before["MetricIntervalLowerBound"] < before["MetricIntervalUpperBound"]
    assert all("MetricIntervalUpperBound" in step for step in steps[:-1])
    assert "MetricIntervalUpperBound" not in steps[-1]
    assert all("MetricIntervalLowerBound" in step for step in steps)


@pytest.mark.parametrize("max_capacity", EVERY_MAX)
def test_at_most_twenty_steps_ascending_to_max(max_capacity):
    steps = track_step_adjustments(max_capacity)
    capacities = [step["ScalingAdjustment"] for step in steps]
    assert len(steps) == min(max_capacity, MAX_STEPS)
    assert MAX_STEPS == 20
    assert capacities == sorted(set(capacities))
    assert capacities[-1] == max_capacity
    assert capacities[0] >= 1
    assert all(isinstance(capacity, int) for capacity in capacities)
