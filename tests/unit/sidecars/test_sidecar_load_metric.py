"""load_metric sidecar: the metrics of one round and its settings."""

import datetime

import pytest
from sidecar_fakes import FakeRedis

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars.load_metric import (
    celery_queue_length,
    load_metrics,
    metric_data,
    settings,
)


def test_load_metrics_of_a_round():
    assert load_metrics(13, 4, 9, 8) == [
        ("QueuedTasks", 13), ("RunningTasks", 4), ("WorkerLoad", 2.125), ("RequiredWorkers", 3), ("CeleryQueueLength", 9),
    ]
    assert dict(load_metrics(0, 0, 0, 8))["RequiredWorkers"] == 0
    assert dict(load_metrics(8, 0, 0, 8))["RequiredWorkers"] == 1
    assert dict(load_metrics(1, 0, 0, 8))["RequiredWorkers"] == 1


def test_metric_data_carries_the_environment_and_units():
    now = datetime.datetime(2026, 11, 26, tzinfo=datetime.timezone.utc)
    data = metric_data("prod", [("RequiredWorkers", 3), ("WorkerLoad", 2.125)], now)
    assert data == [
        {"MetricName": "RequiredWorkers", "Dimensions": [{"Name": "Environment", "Value": "prod"}], "Timestamp": now, "Value": 3.0, "Unit": "Count"},
        {"MetricName": "WorkerLoad", "Dimensions": [{"Name": "Environment", "Value": "prod"}], "Timestamp": now, "Value": 2.125, "Unit": "None"},
    ]


def test_queue_length_adds_every_priority_step_of_each_queue():
    redis = FakeRedis({"default": 2, "default\x06\x163": 1, "default\x06\x169": 4, "etl": 5, "other": 100})
    assert celery_queue_length(redis, ["default"]) == 7
    assert celery_queue_length(redis, ["default", "etl"]) == 12


def test_settings():
    environ = {"AIRFLOW_ECS_ENVIRONMENT": "prod", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql://x", "AIRFLOW__CELERY__BROKER_URL": "redis://y"}
    assert settings(environ) == {"environment": "prod", "namespace": "AirflowECS", "queues": ["default"], "database_url": "postgresql://x",
                                 "broker_url": "redis://y", "concurrency": 8, "interval": 30}
    assert settings(dict(environ, AIRFLOW_ECS_CELERY_QUEUES="a,b", AIRFLOW_ECS_WORKER_CONCURRENCY="16"))["queues"] == ["a", "b"]
    with pytest.raises(ValueError, match="missing environment: AIRFLOW_ECS_ENVIRONMENT"):
        settings(dict(environ, AIRFLOW_ECS_ENVIRONMENT=""))
    with pytest.raises(ValueError, match="AIRFLOW_ECS_WORKER_CONCURRENCY must be a whole number of at least 1"):
        settings(dict(environ, AIRFLOW_ECS_WORKER_CONCURRENCY="0"))
