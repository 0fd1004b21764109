"""The task definitions site.yml registers run a real Airflow: DAGs succeed, a worker stopped
the way ECS stops it finishes its running tasks, and a container with a wrong secret is named."""

from __future__ import annotations

import json
import re
import time

import pytest
from deployment import Deployment, MigrationFailed, run_migration, worker_user_data
from ecs_standin import StandIn, StandInError
from local_services import DagMount

DAGS = ("fan_out", "variable_and_connection", "deferrable_sensor")
FAN_OUT_TASKS = 32 + 1  # the mapped sleeps and the count
# Tasks that outlast any stop, so whether the stop killed them does not depend on how long the
# loaded machine takes between seeing them run and stopping the worker.
LONG_TASKS_DAG = "e2e_long_tasks"
LONG_TASKS_SOURCE = """
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import dag


@dag(dag_id="e2e_long_tasks", schedule=None, catchup=False)
def e2e_long_tasks():
    BashOperator.partial(task_id="sleep", bash_command="sleep 600").expand(env=[{"N": "0"}, {"N": "1"}])


e2e_long_tasks()
"""


@pytest.fixture(scope="module")
def first_runs(airflow: Deployment) -> dict[str, str]:
    """One run of each DAG, all started together; the Variable and Connection first, created in
    the api-server container the way an operator would with ECS Exec."""
    api_server = airflow.services["api-server"].main
    created = api_server.exec(
        "airflow variables set airflow_ecs_demo_variable airflow-ecs-demo && "
        "airflow connections add airflow_ecs_demo_conn --conn-uri 'http://demo:demo-password@demo.internal:8080/'",
        timeout=600,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    runs = {dag_id: f"e2e-{dag_id}" for dag_id in DAGS}
    for dag_id in DAGS:
        airflow.wait_for_dag(dag_id)
    airflow.scheduler_exec(" && ".join(f"airflow dags trigger {dag_id} --run-id {run}" for dag_id, run in runs.items()))
    return runs


def test_the_dags_come_from_the_bucket_through_the_hosts_mount(airflow: Deployment):
    mounted = sorted(path.name for path in airflow.dag_mount.directory.glob("*.py"))
    assert mounted == ["deferrable_sensor.py", "fan_out.py", "variable_and_connection.py"]
    listed = airflow.services["scheduler"].main.exec("ls /opt/airflow/dags")
    assert sorted(listed.stdout.split()) == mounted


@pytest.mark.parametrize("host", ["unmounted", "empty prefix"])
def test_a_task_on_a_host_without_its_dags_refuses_to_start(airflow: Deployment, tmp_path, host: str):
    """A host whose DAG mount failed (its path is its own disk), or whose mount shows an empty
    prefix: the task's dag-mount-init exits 1 naming the mount, and Airflow never starts."""
    host_root = tmp_path / "host"
    mount = None
    bucket = airflow.dag_mount.source.partition(":")[0]
    if host == "empty prefix":  # a prefix that holds only its folder object
        airflow.emulator.client("s3").put_object(Bucket=bucket, Key="no-dags-here/", Body=b"")
        user_data = worker_user_data(airflow.emulator).replace(":/dags /", ":/no-dags-here /")
        mount = DagMount.mount(user_data, host_root, airflow.emulator.endpoint, "testing", "testing")
    standin = StandIn(ecs=airflow.emulator.client("ecs"), secretsmanager=airflow.emulator.client("secretsmanager"),
                      work_dir=tmp_path / "tasks", host_root=host_root, service_names=[],
                      aws_endpoint=airflow.emulator.endpoint)
    try:
        with pytest.raises(StandInError) as refused:
            standin.run_task(airflow.task_definitions["worker"])
        expected = ("dag-mount-init: /opt/airflow/dags is not the DAG bucket mount of the host (host path /mnt/airflow-dags"
                    if host == "unmounted" else
                    "dag-mount-init: /opt/airflow/dags, the DAG bucket mount of the host at /mnt/airflow-dags, is empty")
        assert expected in str(refused.value)
        assert "worker" not in standin.tasks[-1].containers
    finally:
        try:
            standin.stop_all()
        finally:
            if mount is not None:
                mount.unmount()
                airflow.emulator.client("s3").delete_object(Bucket=bucket, Key="no-dags-here/")


def test_every_container_runs_the_built_image_by_digest_as_its_definition_says(airflow: Deployment):
    published = json.loads(
        airflow.emulator.client("ssm").get_parameter(Name="/airflow-ecs/local/image")["Parameter"]["Value"]
    )
    assert re.fullmatch(r"127\.0\.0\.1:\d+/airflow-local@sha256:[0-9a-f]{64}", published["image"]), published["image"]
    for task in airflow.services.values():
        for container in task.containers.values():
            assert container.definition["image"] == published["image"], (task.family, container.name)
            assert published["digest"] in container.image_digests(), (task.family, container.name)
    scheduler = airflow.services["scheduler"].main
    # user 50000:0, the root file system read-only, /tmp and AIRFLOW_HOME the task's volumes.
    probe = scheduler.exec("id -u; id -g; touch /usr/probe 2>&1; touch /tmp/probe /opt/airflow/probe && echo writable")
    lines = probe.stdout.splitlines()
    assert lines[:2] == ["50000", "0"] and "Read-only file system" in lines[2] and lines[3] == "writable", probe
    # initProcessEnabled: an init process is PID 1 (podman's catatonit), and its child is the image's dumb-init.
    init = scheduler.exec("cat /proc/1/comm /proc/$(cut -d' ' -f1 /proc/1/task/1/children)/comm")
    assert init.stdout.split() == ["podman-init", "dumb-init"], init


def test_fan_out_runs_every_task_on_the_workers(airflow: Deployment, first_runs: dict[str, str]):
    assert airflow.wait_for_run("fan_out", first_runs["fan_out"]) == "success"
    assert airflow.task_states("fan_out", first_runs["fan_out"]) == {"success": FAN_OUT_TASKS}
    hosts = airflow.postgres.query(
        f"select distinct hostname from task_instance where dag_id = 'fan_out' and run_id = '{first_runs['fan_out']}'"
    )
    assert [row[0] for row in hosts] == [airflow.services["worker"].main.environment["HOSTNAME"]]


def test_variable_and_connection_are_shared_through_fernet_and_jwt(airflow: Deployment, first_runs: dict[str, str]):
    run = first_runs["variable_and_connection"]
    assert airflow.wait_for_run("variable_and_connection", run) == "success", airflow.task_states(
        "variable_and_connection", run
    )
    encrypted = airflow.postgres.query(
        "select is_encrypted from variable where key = 'airflow_ecs_demo_variable' "
        "union all select is_encrypted from connection where conn_id = 'airflow_ecs_demo_conn'"
    )
    assert encrypted == [["t"], ["t"]]


def test_deferrable_sensor_is_resumed_by_the_triggerer(airflow: Deployment, first_runs: dict[str, str]):
    run = first_runs["deferrable_sensor"]
    assert airflow.wait_for_run("deferrable_sensor", run) == "success", airflow.task_states("deferrable_sensor", run)
    # WaitSensor ends from the trigger: the triggerer itself reports the sensor's success.
    triggerer = airflow.services["triggerer"].main.output(last_lines=2000)
    assert any(
        "task_id='wait'" in line and f"run_id='{run}'" in line and "SUCCESS" in line for line in triggerer.splitlines()
    ), triggerer[-3000:]


def test_a_worker_stopped_by_ecs_finishes_its_running_tasks(airflow: Deployment):
    run = "e2e-worker-stop"
    worker = airflow.services["worker"]
    hostname = worker.main.environment["HOSTNAME"]
    airflow.scheduler_exec(f"airflow dags trigger fan_out --run-id {run}")
    running = _wait_for_running_tasks(airflow, run, hostname, at_least=2)

    started = time.monotonic()
    exit_code = worker.main.stop()  # SIGTERM as ECS sends it, SIGKILL only after stopTimeout
    stopped_after = time.monotonic() - started
    assert exit_code == 0, worker.main.output()
    assert stopped_after < worker.main.definition["stopTimeout"]
    finished = _states(airflow, run, running)
    assert set(finished.values()) == {"success"}, finished

    # The service replaces the task; the replacement runs what was still queued.
    replacement = airflow.standin.run_task(airflow.task_definitions["worker"])
    replacement.wait_healthy()
    airflow.services["worker"] = replacement
    assert airflow.wait_for_run("fan_out", run) == "success"
    assert airflow.task_states("fan_out", run) == {"success": FAN_OUT_TASKS}


def test_without_dumb_init_setsid_0_a_stopped_worker_loses_its_running_tasks(airflow: Deployment):
    """The control of the test above: the same stop reaching every process of the worker (what
    dumb-init does without the task definition's DUMB_INIT_SETSID=0) kills the running tasks.

    The task runners sit in process groups of their own (Airflow 3's task supervisor), so the
    SIGTERM reaches them through Celery's pool processes, which supervise them and forward it;
    the task runner then calls the operator's on_kill. BashOperator's kills its command, so the
    task fails whatever the machine's load (a Python callable has no on_kill and would run on)."""
    run = "e2e-worker-stop-whole-group"
    airflow.services["worker"].main.stop()
    worker = airflow.standin.run_task(airflow.task_definitions["worker"], {"worker": {"DUMB_INIT_SETSID": "1"}})
    worker.wait_healthy()
    airflow.services["worker"] = worker
    with airflow.dag_file(LONG_TASKS_DAG, LONG_TASKS_SOURCE):
        airflow.trigger(LONG_TASKS_DAG, run)
        running = _wait_for_running_tasks(airflow, run, worker.main.environment["HOSTNAME"], at_least=2,
                                          dag_id=LONG_TASKS_DAG)
        worker.main.stop()
        states = _states(airflow, run, running, dag_id=LONG_TASKS_DAG)
    assert all(state != "success" for state in states.values()), states
    # Nothing of the run may reach the next worker (the scaling tests count queued work).
    airflow.scheduler_exec(f"airflow dags delete {LONG_TASKS_DAG} --yes")
    replacement = airflow.standin.run_task(airflow.task_definitions["worker"])
    replacement.wait_healthy()
    airflow.services["worker"] = replacement


def test_a_container_with_another_jwt_secret_is_named(airflow: Deployment):
    emulator, definitions = airflow.emulator, airflow.task_definitions
    scheduler = airflow.standin.describe(definitions["scheduler"])
    wrong_secret = emulator.client("secretsmanager").create_secret(
        Name="e2e/another-jwt-secret", SecretString=json.dumps({"jwt_secret": "not-the-environments-jwt-secret"})
    )
    container = scheduler["containerDefinitions"][0]
    for entry in container["secrets"]:
        if entry["name"] == "AIRFLOW__API_AUTH__JWT_SECRET":
            entry["valueFrom"] = f"{wrong_secret['ARN']}:jwt_secret::"
    registered = emulator.client("ecs").register_task_definition(
        family=f"{scheduler['family']}-wrong-jwt",
        **{key: scheduler[key] for key in ("containerDefinitions", "networkMode", "requiresCompatibilities", "cpu", "memory",
                                           "executionRoleArn", "volumes")},
    )["taskDefinition"]["taskDefinitionArn"]

    problems = airflow.standin.shared_setting_mismatches(
        [definitions["api-server"], registered, definitions["dag-processor"], definitions["triggerer"], definitions["worker"]]
    )
    assert problems == ["scheduler: AIRFLOW__API_AUTH__JWT_SECRET differs from what api-server, dag-processor, triggerer hold"]
    assert "not-the-environments-jwt-secret" not in " ".join(problems)


def _wait_for_running_tasks(airflow: Deployment, run: str, hostname: str, at_least: int,
                            dag_id: str = "fan_out") -> list[tuple[str, str]]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        rows = airflow.postgres.query(
            "select task_id, map_index from task_instance "
            f"where dag_id = '{dag_id}' and run_id = '{run}' and state = 'running' and hostname = '{hostname}'"
        )
        if len(rows) >= at_least:
            return [tuple(row) for row in rows]
        time.sleep(0.2)
    raise AssertionError(f"no {at_least} tasks of {run} ran on {hostname} within 300 s: {airflow.task_states(dag_id, run)}")


def _states(airflow: Deployment, run: str, tasks: list[tuple[str, str]], dag_id: str = "fan_out") -> dict[tuple[str, str], str]:
    rows = airflow.postgres.query(
        f"select task_id, map_index, state from task_instance where dag_id = '{dag_id}' and run_id = '{run}'"
    )
    states = {(task_id, map_index): state for task_id, map_index, state in rows}
    return {task: states.get(task) for task in tasks}


def test_a_migration_that_fails_is_reported_with_its_exit_code(airflow: Deployment):
    wrong = airflow.postgres.sql_alchemy_conn.replace(airflow.postgres.password, "not-the-password")
    with pytest.raises(MigrationFailed, match=r"airflow db migrate exited with [1-9]") as failure:
        run_migration(airflow, {"migrate": {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": wrong}})
    assert "password authentication failed" in str(failure.value)
