"""module_utils/worker_scaling: the capacity the track policy sets for a RequiredWorkers value."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import capacity_for, track_step_adjustments

MAXIMA = list(range(1, 26)) + [37, 40, 41, 99, 100, 101, 333, 999, 1000]


@pytest.mark.parametrize("max_capacity", MAXIMA)
def test_never_below_the_work_nor_more_than_one_edge_above_it(max_capacity):
    edges = [step["ScalingAdjustment"] for step in track_step_adjustments(max_capacity)]
    for required in range(1, max_capacity + 3):
        capacity = capacity_for(required, max_capacity)
        needed = min(required, max_capacity)
        assert capacity >= needed, (required, max_capacity)
        assert capacity in edges
        # the smallest edge that covers the work: every smaller edge is short of it
        assert all(edge < needed for edge in edges if edge < capacity), (required, max_capacity)


@pytest.mark.parametrize("max_capacity", range(1, 21))
def test_exact_when_every_worker_count_is_a_step(max_capacity):
    assert [capacity_for(required, max_capacity) for required in range(1, max_capacity + 1)] == list(
        range(1, max_capacity + 1)
    )


@pytest.mark.parametrize(
    ("required", "max_capacity", "capacity"),
    [
        (1, 10, 1),
        (7, 10, 7),
        (11, 10, 10),
        (500, 10, 10),
        (1, 21, 2),
        (2, 21, 2),
        (3, 21, 3),
        (1, 1000, 50),
        (50, 1000, 50),
        (51, 1000, 100),
        (999, 1000, 1000),
        (5000, 1000, 1000),
    ],
)
def test_concrete_capacities(required, max_capacity, capacity):
    assert capacity_for(required, max_capacity) == capacity


def test_steps_assume_a_whole_metric():
    # RequiredWorkers is published as a whole number and aggregated with Maximum; a fraction falls in the step below
    assert capacity_for(1.5, 10) == 1


@pytest.mark.parametrize("required", [0, 0.5, -3])
def test_below_the_threshold_raises(required):
    with pytest.raises(ValueError, match="below the threshold 1"):
        capacity_for(required, 10)
