"""fan_out: 32 mapped tasks of 2 seconds each, to watch the Celery workers scale out."""

from __future__ import annotations

import time

from airflow.sdk import dag, task

TASK_COUNT = 32
SLEEP_SECONDS = 2


@dag(dag_id="fan_out", schedule=None, catchup=False, tags=["airflow_ecs", "example"])
def fan_out():
    @task
    def sleep(number: int) -> int:
        time.sleep(SLEEP_SECONDS)
        return number

    @task
    def count(numbers) -> int:
        total = len(list(numbers))
        if total != TASK_COUNT:
            raise RuntimeError(f"expected {TASK_COUNT} mapped results, got {total}")
        return total

    count(sleep.expand(number=list(range(TASK_COUNT))))


fan_out()
