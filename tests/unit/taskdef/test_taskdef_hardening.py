"""Read-only root filesystem with prepared scratch volumes; non-root user; init process."""

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from taskdef_inputs import base_spec, container, storage_for


def _paths(container_definition):
    return {mount["containerPath"]: mount for mount in container_definition.get("mountPoints", [])}


def test_airflow_writes_only_to_airflow_home_and_tmp():
    definition = render_task_definition(base_spec("api-server"))
    api = container(definition, "api-server")
    assert api["readonlyRootFilesystem"] is True
    writable = sorted(path for path, mount in _paths(api).items() if not mount["readOnly"])
    assert writable == ["/opt/airflow", "/tmp"]
    assert {"name": "airflow-home"} in definition["volumes"] and {"name": "tmp"} in definition["volumes"]


def test_scratch_init_prepares_the_volumes_before_airflow_starts():
    definition = render_task_definition(base_spec("worker"))
    init = container(definition, "scratch-init")
    assert init["essential"] is False
    assert init["image"] == "apache/airflow:3.3.2-python3.11"
    assert init["user"] == "0"
    assert init["entryPoint"] == ["/bin/sh", "-c"]
    script = init["command"][0]
    assert "cp -a /opt/airflow/. /scratch/airflow-home/" in script
    assert "chown -R 50000:0 /scratch/airflow-home" in script
    assert "chmod 1777 /scratch/tmp" in script
    assert sorted(_paths(init)) == ["/scratch/airflow-home", "/scratch/tmp"]
    assert init["memoryReservation"] == 64
    assert container(definition, "worker")["dependsOn"] == [
        {"containerName": "dag-mount-init", "condition": "SUCCESS"},  # s3fs mode: the hosts' DAG mount is checked
        {"containerName": "scratch-init", "condition": "SUCCESS"},
    ]


def test_git_mode_waits_for_both_init_containers():
    definition = render_task_definition(base_spec("scheduler", dag_storage=storage_for("git")))
    names = [item["name"] for item in definition["containerDefinitions"]]
    assert names == ["scheduler", "scratch-init", "dags-clone"]
    assert container(definition, "scheduler")["dependsOn"] == [
        {"containerName": "dags-clone", "condition": "SUCCESS"},
        {"containerName": "scratch-init", "condition": "SUCCESS"},
    ]


def test_writable_root_needs_no_scratch():
    definition = render_task_definition(
        base_spec("scheduler", read_only_root_filesystem=False, dag_storage=storage_for("image"))
    )
    scheduler = container(definition, "scheduler")
    assert scheduler["readonlyRootFilesystem"] is False
    assert [item["name"] for item in definition["containerDefinitions"]] == ["scheduler"]
    assert "volumes" not in definition and "mountPoints" not in scheduler and "dependsOn" not in scheduler


def test_fargate_init_containers_are_not_sized_separately():
    spec = base_spec("scheduler", launch_type="FARGATE", dag_storage=storage_for("git"))
    for item in render_task_definition(spec)["containerDefinitions"]:
        assert "memory" not in item and "memoryReservation" not in item and "cpu" not in item
