"""The scheduler's load-metric sidecar (module_utils/sidecars/load_metric) puts its metrics into the
emulator's CloudWatch where the worker scaling alarms look: namespace, metric names, the Environment
dimension and the values one round publishes. The counting itself is unit tested (tests/unit/sidecars)."""

from __future__ import annotations

import datetime

import pytest
from sidecar_fakes import FakeRedis

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars import load_metric

pytestmark = pytest.mark.emulator


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def fetchall(self):
        return self.rows


class _Database:
    """Stands in for an SQLAlchemy engine: the counts a metadata database would return."""

    def __init__(self, rows):
        self.rows = rows
        self.parameters = None

    def connect(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def execute(self, _statement, parameters):
        self.parameters = parameters
        return _Rows(self.rows)


def test_the_load_metric_lands_where_the_alarms_look(clean_emulator):
    cloudwatch = clean_emulator.client("cloudwatch")
    config = {"environment": "it", "namespace": "AirflowECS", "queues": ["default"], "concurrency": 8}
    now = datetime.datetime.now(datetime.timezone.utc)
    database = _Database([("queued", 13), ("running", 4)])
    metrics = load_metric.publish_round(config, database, load_metric.COUNT_SQL, FakeRedis({"default": 9}), cloudwatch, now)
    assert dict(metrics)["RequiredWorkers"] == 3
    assert database.parameters == {"queues": ["default"]}

    def maximum(name):
        points = cloudwatch.get_metric_statistics(
            Namespace="AirflowECS", MetricName=name, Dimensions=[{"Name": "Environment", "Value": "it"}],
            StartTime=now - datetime.timedelta(minutes=2), EndTime=now + datetime.timedelta(minutes=2), Period=60, Statistics=["Maximum"],
        )["Datapoints"]
        return [point["Maximum"] for point in points]

    assert maximum("RequiredWorkers") == [3.0]
    assert maximum("QueuedTasks") == [13.0] and maximum("RunningTasks") == [4.0]
    assert maximum("CeleryQueueLength") == [9.0] and maximum("WorkerLoad") == [2.125]
