"""Worker autoscaling on the stand-in: the scheduler's load-metric sidecar puts the queue into
CloudWatch (the emulator's) even with no worker running, and a worker's task-protection
sidecar keeps it from being stopped by a scale-in while it runs a task.

Runs after test_airflow_on_standin.py on the same Airflow; leaves one healthy worker in
airflow.services["worker"]."""

from __future__ import annotations

import datetime
import time

import pytest
from deployment import Deployment
from ecs_standin import Container, Task

FAN_OUT_TASKS = 32 + 1
LONG_DAG = "e2e_long_task"
LONG_TASK_SECONDS = 40
# A test-only DAG, put into the bucket by the test (files/dags/ stays as it is).
LONG_DAG_SOURCE = f'''
import time

from airflow.sdk import dag, task


@dag(dag_id="{LONG_DAG}", schedule=None, catchup=False)
def e2e_long_task():
    @task
    def sleep():
        time.sleep({LONG_TASK_SECONDS})

    sleep()


e2e_long_task()
'''


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _wait_until(predicate, timeout: float, what, *containers: Container, interval: float = 1) -> None:
    """Poll predicate until it is true; else fail with `what` (a string, or a function giving
    one when it fails) and the containers' last output."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            outputs = "\n".join(f"--- {c.name} (exit code {c.exit_code()}):\n{c.output()}" for c in containers)
            raise AssertionError(f"{what() if callable(what) else what}: not within {timeout:.0f} s\n{outputs}")
        time.sleep(interval)


def _worker_tasks(airflow: Deployment) -> list[Task]:
    family = airflow.standin.describe(airflow.task_definitions["worker"])["family"]
    return [task for task in airflow.standin.tasks if task.family == family]


def _start_worker(airflow: Deployment) -> Task:
    """What the service does when it scales out (or replaces a task): start one and wait until it is healthy."""
    worker = airflow.standin.run_task(airflow.task_definitions["worker"])
    airflow.services["worker"] = worker
    worker.wait_healthy()
    return worker


def _unfinished(airflow: Deployment) -> dict[str, int]:
    rows = airflow.postgres.query("select state, count(*) from task_instance where state in ('queued', 'running') group by 1")
    return {state: int(count) for state, count in rows}


def _celery_queue_length(airflow: Deployment) -> int:
    return int(airflow.redis.command("LLEN", "default").lstrip(":"))


class Metrics:
    """The load metric as the emulator's CloudWatch holds it."""

    def __init__(self, airflow: Deployment):
        self.sidecar = airflow.services["scheduler"].containers["load-metric"]
        self.namespace = self.sidecar.environment["AIRFLOW_ECS_METRIC_NAMESPACE"]
        self.dimensions = [{"Name": "Environment", "Value": self.sidecar.environment["AIRFLOW_ECS_ENVIRONMENT"]}]
        self.cloudwatch = airflow.emulator.client("cloudwatch")

    def values(self, name: str, statistic: str, since: datetime.datetime) -> list[float]:
        """`statistic` of each minute with datapoints of `name` since `since`."""
        points = self.cloudwatch.get_metric_statistics(
            Namespace=self.namespace, MetricName=name, Dimensions=self.dimensions, StartTime=since,
            EndTime=_now() + datetime.timedelta(minutes=1), Period=60, Statistics=[statistic],
        )["Datapoints"]
        return [point[statistic] for point in points]

    def maximum(self, name: str, since: datetime.datetime) -> float | None:
        values = self.values(name, "Maximum", since)
        return max(values) if values else None

    def was_zero(self, name: str, since: datetime.datetime) -> bool:
        return 0 in self.values(name, "Minimum", since)


@pytest.fixture(scope="module")
def idle_worker(airflow: Deployment):
    """One healthy worker and nothing left to run: the earlier tests stopped workers in the
    middle of tasks. Afterwards, one healthy worker is left running for what comes next."""
    for task in _worker_tasks(airflow):
        if not task.running():
            task.stop()  # ECS stops the whole task when its essential container exits: its sidecar too
    worker = airflow.services.get("worker")
    if worker is None or not worker.running():
        worker = _start_worker(airflow)
    # The tasks of a worker that was killed stay `running` until the scheduler's heartbeat
    # timeout (5 minutes): mark them failed, as an operator would.
    alive = ", ".join(f"'{task.main.environment['HOSTNAME']}'" for task in _worker_tasks(airflow) if task.running())
    airflow.postgres.query(
        f"update task_instance set state = 'failed', end_date = now() where state = 'running' and hostname not in ({alive})"
    )
    _wait_until(lambda: not _unfinished(airflow) and _celery_queue_length(airflow) == 0, 300,
                lambda: f"the earlier tests' tasks to finish (left: {_unfinished(airflow)})", worker.main)
    settled = _now()
    metrics = Metrics(airflow)
    _wait_until(lambda: metrics.was_zero("RequiredWorkers", settled), 60,
                "a RequiredWorkers datapoint of 0 with nothing to run", metrics.sidecar)
    yield worker
    if not airflow.services["worker"].running():
        _start_worker(airflow)


def test_queued_tasks_raise_the_load_metric_from_zero_workers(airflow: Deployment, idle_worker: Task):
    agent, metrics = airflow.standin.agent, Metrics(airflow)
    protection = idle_worker.containers["task-protection"]
    _wait_until(lambda: not agent.protected(idle_worker.task_id), 60, "the idle worker's protection to be off", protection)
    assert airflow.standin.scale_in([idle_worker], 0) == [idle_worker]
    assert idle_worker.main.exit_code() == 0, idle_worker.main.output()
    assert all(container.exit_code() is not None for container in idle_worker.containers.values())

    run = "e2e-scale-from-zero"
    triggered = _now() - datetime.timedelta(seconds=1)
    airflow.trigger("fan_out", run)

    def load_seen() -> bool:
        seen = [metrics.maximum(name, triggered) for name in ("RequiredWorkers", "QueuedTasks", "CeleryQueueLength")]
        return all(value is not None and value >= 1 for value in seen)

    _wait_until(load_seen, 60, "RequiredWorkers, QueuedTasks and CeleryQueueLength of at least 1 with no worker",
                metrics.sidecar, interval=2)
    assert _unfinished(airflow).get("running", 0) == 0  # nothing ran without a worker

    worker = _start_worker(airflow)  # the scale-out the alarm on RequiredWorkers asks for
    assert airflow.wait_for_run("fan_out", run) == "success", airflow.task_states("fan_out", run)
    assert airflow.task_states("fan_out", run) == {"success": FAN_OUT_TASKS}
    finished = _now()
    _wait_until(lambda: metrics.was_zero("RequiredWorkers", finished), 60,
                "a RequiredWorkers datapoint of 0 after the run", metrics.sidecar, worker.main, interval=2)


def test_a_busy_worker_is_protected_from_scale_in(airflow: Deployment, idle_worker: Task):
    agent = airflow.standin.agent
    worker = airflow.services["worker"]
    assert worker.running()
    protection = worker.containers["task-protection"]
    minutes = int(protection.environment["AIRFLOW_ECS_PROTECTION_MINUTES"])
    poll = int(protection.environment["AIRFLOW_ECS_PROTECTION_POLL"])
    hostname = worker.main.environment["HOSTNAME"]
    with airflow.dag_file(LONG_DAG, LONG_DAG_SOURCE):
        run = "e2e-protected-scale-in"
        started = time.time()
        airflow.trigger(LONG_DAG, run)

        def task_state() -> list[list[str]]:
            return airflow.postgres.query(
                f"select state, hostname from task_instance where dag_id = '{LONG_DAG}' and run_id = '{run}'"
            )

        _wait_until(lambda: task_state() == [["running", hostname]], 180, f"{LONG_DAG} running on {hostname}", worker.main)
        _wait_until(lambda: agent.protected(worker.task_id), 5 * poll + 10, "the busy worker's protection to be on",
                    protection, interval=0.5)

        assert airflow.standin.scale_in([worker], 0) == []
        assert worker.running()
        assert task_state() == [["running", hostname]]

        assert airflow.wait_for_run(LONG_DAG, run) == "success", task_state()
        ended = float(airflow.postgres.query(
            f"select extract(epoch from end_date) from task_instance where dag_id = '{LONG_DAG}' and run_id = '{run}'"
        )[0][0])
        _wait_until(lambda: not agent.protected(worker.task_id), 5 * poll + 10,
                    "the idle worker's protection to be off again", protection, interval=0.5)
        history = [change for change in agent.protection(worker.task_id).history if change.time >= started]
        switched_on = [change for change in history if change.enabled]
        assert switched_on and {change.expires_in_minutes for change in switched_on} == {minutes}, history
        assert not history[-1].enabled and history[-1].time >= ended, history

        assert airflow.standin.scale_in([worker], 0) == [worker]
        assert worker.main.exit_code() == 0, worker.main.output()
