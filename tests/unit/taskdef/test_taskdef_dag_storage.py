"""Where the DAGs come from, per dag_storage.mode, and how they reach the Airflow container."""

import json

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, container, env_of, storage_for


def _render(mode, component="scheduler", major=3, launch_type="EC2", **storage):
    spec = base_spec(component, major, launch_type=launch_type, dag_storage=dict(storage_for(mode), **storage))
    return render_task_definition(spec)


def _volume(definition, name):
    return next((volume for volume in definition.get("volumes", []) if volume["name"] == name), None)


def _mount_at(container_definition, path):
    return next(
        (mount for mount in container_definition.get("mountPoints", []) if mount["containerPath"] == path), None
    )


def test_s3fs_checks_the_hosts_mount_before_airflow_starts():
    definition = _render("s3fs", host_path="/mnt/dags-bucket")
    check = container(definition, "dag-mount-init")
    assert check["essential"] is False and check["user"] == "50000:0"
    assert check["entryPoint"] == ["/bin/sh", "-c"] and check["image"] == container(definition, "scheduler")["image"]
    assert check["mountPoints"] == [{"sourceVolume": "dags", "containerPath": "/opt/airflow/dags", "readOnly": True}]
    script = check["command"][0]
    assert "/proc/self/mountinfo" in script and 'case "$fstype" in fuse*)' in script
    assert "host path /mnt/dags-bucket" in script and "is empty" in script
    assert {"containerName": "dag-mount-init", "condition": "SUCCESS"} in container(definition, "scheduler")["dependsOn"]


@pytest.mark.parametrize("mode", ["efs", "git", "image", "s3_bundle"])
def test_other_modes_have_no_mount_check(mode):
    names = [c["name"] for c in _render(mode, launch_type="FARGATE")["containerDefinitions"]]
    assert "dag-mount-init" not in names


def test_s3fs_mounts_the_host_folder_read_only():
    definition = _render("s3fs", host_path="/mnt/dags-bucket")
    assert _volume(definition, "dags") == {"name": "dags", "host": {"sourcePath": "/mnt/dags-bucket"}}
    mount = _mount_at(container(definition, "scheduler"), "/opt/airflow/dags")
    assert mount == {"sourceVolume": "dags", "containerPath": "/opt/airflow/dags", "readOnly": True}


def test_efs_uses_tls_and_iam_through_the_access_point():
    definition = _render("efs", launch_type="FARGATE")
    assert _volume(definition, "dags")["efsVolumeConfiguration"] == {
        "fileSystemId": "fs-0123456789abcdef0",
        "transitEncryption": "ENABLED",
        "authorizationConfig": {"accessPointId": "fsap-0123456789abcdef0", "iam": "ENABLED"},
    }
    assert _mount_at(container(definition, "scheduler"), "/opt/airflow/dags")["readOnly"] is True


def test_git_clones_before_airflow_starts():
    definition = _render("git", component="triggerer", container_path="/opt/airflow/repo")
    clone = container(definition, "dags-clone")
    assert clone["essential"] is False
    assert clone["image"] == "alpine/git:2.47.2"
    assert clone["entryPoint"] == ["git"]
    assert clone["command"] == [
        "clone",
        "--depth",
        "1",
        "--single-branch",
        "--branch",
        "release",
        "--",
        "https://github.com/example/dags.git",
        "/dags",
    ]
    assert clone["logConfiguration"]["options"]["awslogs-stream-prefix"] == "triggerer-init"
    assert _volume(definition, "dags") == {"name": "dags"}
    airflow = container(definition, "triggerer")
    assert {"containerName": "dags-clone", "condition": "SUCCESS"} in airflow["dependsOn"]
    assert _mount_at(airflow, "/opt/airflow/repo") == {
        "sourceVolume": "dags",
        "containerPath": "/opt/airflow/repo",
        "readOnly": True,
    }
    assert env_of(airflow)["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/airflow/repo"


def test_git_ref_defaults_to_main():
    spec = base_spec(dag_storage={"mode": "git", "git_repository": "https://example.com/dags.git"})
    assert "main" in container(render_task_definition(spec), "dags-clone")["command"]


@pytest.mark.parametrize("mode", ["image", "s3_bundle"])
def test_image_and_bundle_mount_nothing(mode):
    definition = _render(mode)
    assert _volume(definition, "dags") is None
    assert _mount_at(container(definition, "scheduler"), "/opt/airflow/dags") is None
    assert [item["name"] for item in definition["containerDefinitions"]] == ["scheduler", "scratch-init"]


@pytest.mark.parametrize("component", ["scheduler", "dag-processor", "worker", "api-server", "triggerer"])
def test_s3_bundle_config_on_every_airflow3_container(component):
    definition = _render("s3_bundle", component=component)
    bundles = json.loads(env_of(container(definition, component))["AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST"])
    assert bundles == [
        {
            "name": "dags",
            "classpath": "airflow.providers.amazon.aws.bundles.s3.S3DagBundle",
            "kwargs": {"bucket_name": "prod-airflow-dags", "prefix": "dags/", "aws_conn_id": "aws_default"},
        }
    ]


def test_default_mode_is_s3fs_on_ec2():
    spec = base_spec()
    del spec["task_role_arn"]
    definition = render_task_definition(spec)
    assert _volume(definition, "dags")["host"] == {"sourcePath": "/mnt/airflow-dags"}


def test_fargate_refuses_s3fs():
    errors = validation_errors(base_spec(launch_type="FARGATE"))
    assert len(errors) == 1 and errors[0].startswith("dag_storage.mode")
    assert "Fargate tasks have no host mounts" in errors[0]


def test_airflow2_refuses_s3_bundle():
    errors = validation_errors(base_spec(major=2, dag_storage=storage_for("s3_bundle")))
    assert errors == [
        "dag_storage.mode s3_bundle needs Airflow 3 (DAG bundles); on Airflow 2 use s3fs, efs, git or image"
    ]
