# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Publish the Celery workers' load to CloudWatch: the scaling signal of the worker service.

Runs as a sidecar container of the scheduler task (`python -c <this file>`, with the Airflow
image's Python, which has SQLAlchemy, redis and boto3). Every AIRFLOW_ECS_METRIC_INTERVAL
seconds (default 30) it counts the queued and running task instances in the metadata database
and the messages waiting in the Celery queues in Redis, and puts into the namespace
AIRFLOW_ECS_METRIC_NAMESPACE, dimension Environment=AIRFLOW_ECS_ENVIRONMENT:

  QueuedTasks, RunningTasks   task instances in state queued / running
  WorkerLoad                  (queued + running) / AIRFLOW_ECS_WORKER_CONCURRENCY
  RequiredWorkers             WorkerLoad rounded up: what the scaling policies act on
  CeleryQueueLength           messages in the broker not yet taken by a worker

Why a sidecar of the scheduler: it is always on (the workers are not: they scale to zero),
it already holds the database and broker URLs, and it needs no schedule of its own.
A failed round is logged and retried on the next one; SIGTERM ends the loop.
"""

from __future__ import annotations

import datetime
import math
import os
import signal
import sys
import threading

# Only the queues this worker service consumes: other queues have workers of their own.
COUNT_SQL = "SELECT state, count(*) FROM task_instance WHERE state IN ('queued', 'running') AND queue IN :queues GROUP BY state"
# kombu's Redis transport keeps one list per queue and priority step (0, 3, 6, 9).
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def load_metrics(queued, running, queue_length, concurrency):
    """[(metric name, value)] for one round."""
    work = queued + running
    return [
        ("QueuedTasks", queued),
        ("RunningTasks", running),
        ("WorkerLoad", round(work / float(concurrency), 3)),
        ("RequiredWorkers", int(math.ceil(work / float(concurrency)))),
        ("CeleryQueueLength", queue_length),
    ]


def metric_data(environment, metrics, timestamp):
    """PutMetricData MetricData for the metrics of one round."""
    return [
        {
            "MetricName": name,
            "Dimensions": [{"Name": "Environment", "Value": environment}],
            "Timestamp": timestamp,
            "Value": float(value),
            "Unit": "Count" if name != "WorkerLoad" else "None",
        }
        for name, value in metrics
    ]


def task_instance_counts(connection, statement, queues):
    """(queued, running) task instances of the queues: `statement` is COUNT_SQL as an SQLAlchemy text()
    with an expanding `queues` parameter."""
    counts = dict(connection.execute(statement, {"queues": list(queues)}).fetchall())
    return int(counts.get("queued", 0)), int(counts.get("running", 0))


def celery_queue_length(redis_client, queues):
    """Messages waiting in the given Celery queues, over every priority step."""
    return sum(redis_client.llen(queue + suffix) for queue in queues for suffix in PRIORITY_SUFFIXES)


def settings(environ):
    """The sidecar's settings from its environment; raises ValueError naming a bad one."""
    missing = [name for name in ("AIRFLOW_ECS_ENVIRONMENT", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CELERY__BROKER_URL")
               if not environ.get(name)]
    if missing:
        raise ValueError("missing environment: %s" % ", ".join(missing))
    result = {
        "environment": environ["AIRFLOW_ECS_ENVIRONMENT"],
        "namespace": environ.get("AIRFLOW_ECS_METRIC_NAMESPACE", "AirflowECS"),
        "queues": [queue for queue in environ.get("AIRFLOW_ECS_CELERY_QUEUES", "default").split(",") if queue],
        "database_url": environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"],
        "broker_url": environ["AIRFLOW__CELERY__BROKER_URL"],
    }
    for key, name, default in (("concurrency", "AIRFLOW_ECS_WORKER_CONCURRENCY", "8"), ("interval", "AIRFLOW_ECS_METRIC_INTERVAL", "30")):
        value = environ.get(name, default)
        if not value.isdigit() or int(value) < 1:
            raise ValueError("%s must be a whole number of at least 1, got %r" % (name, value))
        result[key] = int(value)
    return result


def publish_round(config, engine, statement, redis_client, cloudwatch, now=None):
    """Measure once and put the metrics; returns them."""
    with engine.connect() as connection:
        queued, running = task_instance_counts(connection, statement, config["queues"])
    metrics = load_metrics(queued, running, celery_queue_length(redis_client, config["queues"]), config["concurrency"])
    timestamp = now or datetime.datetime.now(datetime.timezone.utc)
    cloudwatch.put_metric_data(Namespace=config["namespace"], MetricData=metric_data(config["environment"], metrics, timestamp))
    return metrics


def log(line, stream=None):
    """One line to the container log (stdout, or stderr for problems)."""
    stream = stream or sys.stdout
    stream.write("load-metric: %s\n" % line)
    stream.flush()


def main():
    # pylint: disable=import-outside-toplevel
    import boto3
    import redis
    from sqlalchemy import bindparam, create_engine, text

    try:
        config = settings(os.environ)
    except ValueError as error:
        log(str(error), sys.stderr)
        return 2
    engine = create_engine(config["database_url"], pool_size=1, max_overflow=0, pool_pre_ping=True)
    redis_client = redis.Redis.from_url(config["broker_url"], socket_timeout=10)
    cloudwatch = boto3.client("cloudwatch")
    statement = text(COUNT_SQL).bindparams(bindparam("queues", expanding=True))
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stopping.set())
    log("publishing to %s every %d s" % (config["namespace"], config["interval"]))
    while not stopping.is_set():
        try:
            metrics = publish_round(config, engine, statement, redis_client, cloudwatch)
            log(" ".join("%s=%s" % pair for pair in metrics))
        except Exception as error:  # pylint: disable=broad-exception-caught
            # The next round tries again; the alarms treat a silent period as missing data.
            log("round failed: %s: %s" % (type(error).__name__, error), sys.stderr)
        stopping.wait(config["interval"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
