"""deferrable_sensor: waits a few seconds in the triggerer instead of a worker slot.

WaitSensor counts from the moment the task starts, so it always defers (a
TimeDeltaSensor counts from the run's start and returns at once when a busy
worker picks the task up late, so the triggerer would never be exercised).
"""

from __future__ import annotations

from datetime import timedelta

from airflow.providers.standard.sensors.time_delta import WaitSensor
from airflow.sdk import dag, task

WAIT = timedelta(seconds=5)


@dag(dag_id="deferrable_sensor", schedule=None, catchup=False, tags=["airflow_ecs", "example"])
def deferrable_sensor():
    wait = WaitSensor(task_id="wait", time_to_wait=WAIT, deferrable=True)

    @task
    def done() -> str:
        return "the triggerer resumed the sensor"

    wait >> done()


deferrable_sensor()
