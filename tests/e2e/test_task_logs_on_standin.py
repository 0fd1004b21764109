"""A task's log outlives its worker: the worker writes it to the environment's CloudWatch log
group (the emulator's) as it runs, the worker scales in, and the api-server still serves the log
through Airflow's REST API.

Runs after test_secrets_manager_on_standin.py on the same Airflow, which has no worker running
then: it starts one and stops it again (test_worker_scaling_on_standin.py starts from zero)."""

from __future__ import annotations

import json
import uuid

from deployment import ENVIRONMENT, Deployment
from rest_api import API_PORT, admin_token, request

DAG_ID = "e2e_task_log"
MARKER = f"e2e-log-marker-{uuid.uuid4().hex[:12]}"
DAG_SOURCE = f'''
from airflow.sdk import dag, task


@dag(dag_id="{DAG_ID}", schedule=None, catchup=False)
def e2e_task_log():
    @task
    def say():
        print("{MARKER}")

    say()


e2e_task_log()
'''


def test_a_task_log_is_read_through_the_api_after_its_worker_scaled_in(airflow: Deployment):
    run = "e2e-task-log"
    worker = airflow.standin.run_task(airflow.task_definitions["worker"])
    try:
        worker.wait_healthy()
        with airflow.dag_file(DAG_ID, DAG_SOURCE):
            airflow.trigger(DAG_ID, run)
            state = airflow.wait_for_run(DAG_ID, run)
        assert state == "success", f"{airflow.task_states(DAG_ID, run)}\n{worker.main.output(80)}"
    finally:
        assert worker.stop() == 0, worker.main.output()

    # The worker is gone; the log is in the log group, beside the container logs.
    logs = airflow.emulator.client("logs")
    streams = logs.describe_log_streams(logGroupName=f"/airflow-ecs/{ENVIRONMENT}", logStreamNamePrefix=f"dag_id={DAG_ID}/")
    assert [stream["logStreamName"] for stream in streams["logStreams"]], "no task log stream in the log group"

    status, answer = request(
        API_PORT,
        f"/api/v2/dags/{DAG_ID}/dagRuns/{run}/taskInstances/say/logs/1?full_content=true",
        token=admin_token(airflow),
    )
    assert status == 200, status
    assert MARKER in json.dumps(answer), json.dumps(answer)[:2000]
