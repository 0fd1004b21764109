"""variable_and_connection: reads a Variable and a Connection and checks their values.

Both are stored encrypted with the fernet key and fetched by the task through the
execution API (authenticated with the JWT secret). If the containers disagree on
either secret this DAG fails: a mismatched fernet key makes the values unreadable
("not found"), a mismatched JWT secret fails the task with "Invalid auth token".
Create them first, for example:

    airflow variables set airflow_ecs_demo_variable airflow-ecs-demo
    airflow connections add airflow_ecs_demo_conn --conn-uri 'http://demo:demo-password@demo.internal:8080/'
"""

from __future__ import annotations

from airflow.sdk import Connection, Variable, dag, task

VARIABLE_KEY = "airflow_ecs_demo_variable"
EXPECTED_VARIABLE = "airflow-ecs-demo"
CONNECTION_ID = "airflow_ecs_demo_conn"
EXPECTED_CONNECTION = {"conn_type": "http", "host": "demo.internal", "login": "demo", "port": 8080}


@dag(dag_id="variable_and_connection", schedule=None, catchup=False, tags=["airflow_ecs", "example"])
def variable_and_connection():
    @task
    def check_variable() -> None:
        value = Variable.get(VARIABLE_KEY)  # raises when missing or undecryptable
        if value != EXPECTED_VARIABLE:
            raise ValueError(f"Variable {VARIABLE_KEY} is {value!r}, expected {EXPECTED_VARIABLE!r}")

    @task
    def check_connection() -> None:
        connection = Connection.get(CONNECTION_ID)  # raises when missing or undecryptable
        found = {name: getattr(connection, name) for name in EXPECTED_CONNECTION}
        if found != EXPECTED_CONNECTION:
            raise ValueError(f"Connection {CONNECTION_ID} is {found}, expected {EXPECTED_CONNECTION}")
        if not connection.password:
            raise ValueError(f"Connection {CONNECTION_ID} has no password: was it encrypted with another fernet key?")

    check_variable()
    check_connection()


variable_and_connection()
