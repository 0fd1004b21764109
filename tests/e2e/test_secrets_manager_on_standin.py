"""Connections and variables from Secrets Manager (the emulator's), read by a task on the
worker through the backend every task definition names, and a team's own secret injected into
the worker by reference. Neither is in the metadata database.

Runs after test_login_on_standin.py on the same Airflow, which has no worker running then: it
starts one and stops it again (test_worker_scaling_on_standin.py starts from zero workers)."""

from __future__ import annotations

import json

from deployment import ENVIRONMENT, EXTRA_SECRET, Deployment

DAG_ID = "e2e_secrets_manager"
VARIABLE = ("e2e_sm_variable", "from-secrets-manager")
CONNECTION = ("e2e_sm_conn", {"conn_type": "postgres", "host": "warehouse.internal", "login": "etl",
                              "password": "sm-password", "port": 5439})
VARIABLE_VAR, _EXTRA_NAME, EXTRA_VALUE = EXTRA_SECRET
DAG_SOURCE = f'''
import os

from airflow.sdk import Connection, Variable, dag, task


@dag(dag_id="{DAG_ID}", schedule=None, catchup=False)
def e2e_secrets_manager():
    @task
    def read_them():
        connection = Connection.get("{CONNECTION[0]}")
        found = {{
            "variable": Variable.get("{VARIABLE[0]}"),
            "connection": {{name: getattr(connection, name) for name in {sorted(CONNECTION[1])!r}}},
            "extra": os.environ.get("{VARIABLE_VAR}"),
        }}
        expected = {{"variable": {VARIABLE[1]!r}, "connection": {CONNECTION[1]!r}, "extra": {EXTRA_VALUE!r}}}
        if found != expected:
            # Never print a secret in a real DAG; these are test values.
            raise ValueError(f"found {{found}}, expected {{expected}}")

    read_them()


e2e_secrets_manager()
'''


def test_a_task_reads_a_connection_and_a_variable_from_secrets_manager(airflow: Deployment):
    secrets = airflow.emulator.client("secretsmanager")
    secrets.create_secret(Name=f"airflow-ecs/{ENVIRONMENT}/variables/{VARIABLE[0]}", SecretString=VARIABLE[1])
    secrets.create_secret(Name=f"airflow-ecs/{ENVIRONMENT}/connections/{CONNECTION[0]}", SecretString=json.dumps(CONNECTION[1]))
    worker = airflow.standin.run_task(airflow.task_definitions["worker"])
    try:
        worker.wait_healthy()
        with airflow.dag_file(DAG_ID, DAG_SOURCE):
            airflow.trigger(DAG_ID, "e2e-secrets-manager")
            state = airflow.wait_for_run(DAG_ID, "e2e-secrets-manager")
        log = worker.main.output(80)
    finally:
        worker.stop()
    assert state == "success", f"{airflow.task_states(DAG_ID, 'e2e-secrets-manager')}\n{log}"
    # Not from the metadata database: the backend is what served them.
    assert airflow.postgres.query(f"select 1 from variable where key = '{VARIABLE[0]}'") == []
    assert airflow.postgres.query(f"select 1 from connection where conn_id = '{CONNECTION[0]}'") == []
