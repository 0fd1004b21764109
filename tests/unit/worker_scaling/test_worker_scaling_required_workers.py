"""module_utils/worker_scaling: RequiredWorkers = ceil((queued + running) / concurrency)."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import required_workers


def test_no_work_needs_no_worker():
    assert required_workers(0, 0, 8) == 0


@pytest.mark.parametrize(("queued", "running", "workers"), [(8, 0, 1), (0, 16, 2), (10, 14, 3), (400, 0, 50)])
def test_exact_multiples(queued, running, workers):
    assert required_workers(queued, running, 8) == workers


@pytest.mark.parametrize(("queued", "running", "workers"), [(1, 0, 1), (0, 1, 1), (5, 4, 2), (8, 9, 3), (401, 0, 51)])
def test_rounds_up(queued, running, workers):
    assert required_workers(queued, running, 8) == workers


def test_queued_and_running_both_count():
    assert required_workers(3, 0, 4) == 1
    assert required_workers(3, 2, 4) == 2


def test_concurrency_one_is_one_worker_per_task():
    assert required_workers(7, 5, 1) == 12


@pytest.mark.parametrize(("queued", "running", "workers"), [(-5, 0, 0), (0, -3, 0), (-8, 9, 2), (9, -100, 2)])
def test_negative_counts_clamp_to_zero(queued, running, workers):
    assert required_workers(queued, running, 8) == workers


def test_result_is_an_int():
    assert isinstance(required_workers(9, 0, 8), int)


@pytest.mark.parametrize("concurrency", [0, -1, 0.5])
def test_concurrency_below_one_raises(concurrency):
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        required_workers(1, 0, concurrency)
