"""airflow_ecs.deploy.ecs_task_run on the emulator: a one-off task is waited for with the ECS
tasks_stopped waiter, then its exit code is read.

Emulator notes (moto 5.2.5): each DescribeTasks moves a task one state towards STOPPED
(RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED), and its container exits with 0;
launch type EC2 needs a registered container instance.
"""

from __future__ import annotations

import json

import pytest
from plays import module_task, role_task, run_task, write_play

pytestmark = pytest.mark.emulator

CLUSTER = "it-task-run"
LOG_GROUP = "/it/task-run"


def _cluster_with_a_host(emulator) -> str:
    """A cluster with one container instance and a task definition; returns family:revision."""
    ec2 = emulator.client("ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    [instance] = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.medium")["Instances"]
    ecs = emulator.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    ecs.register_container_instance(cluster=CLUSTER, instanceIdentityDocument=json.dumps({"instanceId": instance["InstanceId"]}))
    logs = {"logDriver": "awslogs", "options": {"awslogs-group": LOG_GROUP, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "migrate"}}
    container = {"name": "migrate", "image": "apache/airflow", "memory": 128, "essential": True, "logConfiguration": logs}
    definition = ecs.register_task_definition(family="it-migrate", networkMode="bridge", containerDefinitions=[container])
    return f"it-migrate:{definition['taskDefinition']['revision']}"


def _playbook(tmp_path, task_definition: str, **options) -> str:
    args = dict(cluster=CLUSTER, task_definition=task_definition, container="migrate", **options)
    return write_play(tmp_path, [module_task("ecs_task_run", args)])


def _tasks(emulator) -> list[str]:
    return emulator.client("ecs").list_tasks(cluster=CLUSTER)["taskArns"]


def test_waits_until_the_task_stopped_and_reads_its_exit_code(clean_emulator, playbook, tmp_path):
    task_definition = _cluster_with_a_host(clean_emulator)
    run, result = run_task(playbook, _playbook(tmp_path, task_definition, wait_timeout=120))
    assert run.returncode == 0, run.output
    assert result["changed"] and result["exit_code"] == 0 and result["msg"] == "migrate exited with 0"
    task_id = result["task_arn"].rsplit("/", 1)[-1]
    assert (result["log_group"], result["log_stream"]) == (LOG_GROUP, f"migrate/migrate/{task_id}")
    [task] = clean_emulator.client("ecs").describe_tasks(cluster=CLUSTER, tasks=[result["task_arn"]])["tasks"]
    assert task["lastStatus"] == "STOPPED"


def test_a_task_still_running_at_the_timeout_fails_with_its_log(clean_emulator, playbook, tmp_path):
    task_definition = _cluster_with_a_host(clean_emulator)
    run, result = run_task(playbook, _playbook(tmp_path, task_definition, wait_timeout=0))
    assert run.returncode != 0
    task_arn = result["task_arn"]
    assert result["msg"] == f"{task_arn} did not stop within 0 s (logs: {LOG_GROUP} migrate/migrate/{task_arn.rsplit('/', 1)[-1]})"
    assert _tasks(clean_emulator) == [task_arn]


def test_check_mode_runs_nothing(clean_emulator, playbook, tmp_path):
    task_definition = _cluster_with_a_host(clean_emulator)
    run, result = run_task(playbook, _playbook(tmp_path, task_definition), check=True)
    assert run.returncode == 0, run.output
    assert result["changed"] and result["task_arn"] is None and result["msg"] == f"would run {task_definition}"
    assert _tasks(clean_emulator) == []


def test_a_started_task_is_followed_by_its_arn_until_it_stops(clean_emulator, playbook, tmp_path):
    """How a role prints progress: start without waiting, then wait in slices by task_arn."""
    task_definition = _cluster_with_a_host(clean_emulator)
    run, started = run_task(playbook, _playbook(tmp_path, task_definition, wait_timeout=0, fail_on_timeout=False))
    assert run.returncode == 0, run.output
    task_arn = started["task_arn"]
    assert started["changed"] and started["stopped"] is False
    assert started["last_status"] != "STOPPED" and started["elapsed_seconds"] >= 0
    assert started["msg"].startswith(f"{task_arn} is {started['last_status']} after ")
    run, followed = run_task(playbook, _playbook(tmp_path, task_definition, task_arn=task_arn, wait_timeout=120))
    assert run.returncode == 0, run.output
    assert not followed["changed"] and followed["stopped"] is True and followed["last_status"] == "STOPPED"
    assert followed["exit_code"] == 0 and followed["task_arn"] == task_arn
    assert _tasks(clean_emulator) == [task_arn]


def test_the_migrate_step_prints_where_the_task_is_until_it_stopped(clean_emulator, playbook, tmp_path):
    """airflow_services' migrate.yml and migrate_wait.yml (the role's scenarios converge on the
    emulator switch, which skips the migration; this cluster has a host that runs tasks)."""
    task_definition = _cluster_with_a_host(clean_emulator)
    arn = clean_emulator.client("ecs").describe_task_definition(taskDefinition=task_definition)["taskDefinition"]
    role_vars = {
        "airflow_ecs_on_emulator": False,
        "airflow_services_environment": "it",
        "airflow_services_cluster_name": CLUSTER,
        "airflow_services_network_mode": "bridge",
        "airflow_services_capacity_providers": {"core": "it-core"},
        "airflow_services_migrate_timeout": 600,
        "__airflow_services_task_definition_arns": {"migrate": arn["taskDefinitionArn"]},
    }
    path = write_play(tmp_path, [role_task("airflow_services", role_vars, tasks_from="migrate")])
    run = playbook(path)
    assert run.returncode == 0, run.output
    [progress] = [result["msg"] for result in run.task_results("Say where airflow db migrate is") if "msg" in result]
    assert progress.startswith("Waiting for airflow db migrate: the task is ")
    assert "(at most 10.0 min; logs: /it/task-run migrate/migrate/" in progress
    [task_arn] = _tasks(clean_emulator)
    assert clean_emulator.client("ssm").get_parameter(Name="/airflow-ecs/it/migrated-task-definition")["Parameter"]["Value"] == (
        arn["taskDefinitionArn"])
    [task] = clean_emulator.client("ecs").describe_tasks(cluster=CLUSTER, tasks=[task_arn])["tasks"]
    assert task["lastStatus"] == "STOPPED"
