"""A definition read back from DescribeTaskDefinition compares equal to what was rendered."""

import copy
import datetime

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.compare import (
    differences,
    normalize_registered,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from taskdef_inputs import base_spec, storage_for


def _as_registered(rendered, revision=7):
    """What DescribeTaskDefinition(include=["TAGS"]) returns for a registered definition."""
    task = copy.deepcopy(rendered)
    tags = task.pop("tags")
    awsvpc = task["networkMode"] == "awsvpc"
    for container in task["containerDefinitions"]:
        container.setdefault("cpu", 0)
        container["environment"] = list(reversed(container.get("environment", [])))
        container.setdefault("environmentFiles", [])
        container.setdefault("mountPoints", [])
        container.setdefault("volumesFrom", [])
        container.setdefault("systemControls", [])
        container.setdefault("portMappings", [])
        container["versionConsistency"] = "enabled"
        for mapping in container["portMappings"]:
            mapping["protocol"] = "tcp"
            if awsvpc:
                mapping["hostPort"] = mapping["containerPort"]
        if "linuxParameters" in container:
            container["linuxParameters"].update({"capabilities": {}, "devices": [], "tmpfs": []})
    for volume in task.get("volumes", []):
        volume.setdefault("host", {})
        if "efsVolumeConfiguration" in volume:
            volume["efsVolumeConfiguration"]["rootDirectory"] = "/"
    family = task["family"]
    task.update(
        {
            "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/%s:%d" % (family, revision),
            "revision": revision,
            "status": "ACTIVE",
            "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"}],
            "compatibilities": ["EC2", "FARGATE"],
            "placementConstraints": [],
            "registeredAt": datetime.datetime(2025, 1, 2, 3, 4, 5),
            "registeredBy": "arn:aws:sts::123456789012:assumed-role/deployer/ansible",
            "enableFaultInjection": False,
        }
    )
    tags = list(reversed(tags)) + [{"key": "aws:cloudformation:stack-name", "value": "x"}]
    return {"taskDefinition": task, "tags": tags, "ResponseMetadata": {"HTTPStatusCode": 200}}


VARIANTS = {
    "scheduler-ec2-s3fs": base_spec("scheduler"),
    "worker-fargate-git": base_spec(
        "worker", launch_type="FARGATE", dag_storage=storage_for("git"), worker={"longest_task_seconds": 60}
    ),
    "api-server-bridge-efs": base_spec("api-server", 2, network_mode="bridge", dag_storage=storage_for("efs")),
    "migrate-writable-root": base_spec("migrate", read_only_root_filesystem=False),
}


@pytest.mark.parametrize("spec", list(VARIANTS.values()), ids=list(VARIANTS))
def test_registered_copy_has_no_differences(spec):
    rendered = render_task_definition(spec)
    assert differences(rendered, normalize_registered(_as_registered(rendered))) == []


def test_normalize_drops_registration_metadata_and_aws_tags():
    rendered = render_task_definition(base_spec())
    normalized = normalize_registered(_as_registered(rendered))
    for key in ("taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt"):
        assert key not in normalized
    assert {tag["key"] for tag in normalized["tags"]} == {"airflow_ecs_environment", "airflow_ecs_component"}
    [scheduler] = [c for c in normalized["containerDefinitions"] if c["name"] == "scheduler"]
    env = scheduler["environment"]
    assert [item["name"] for item in env] == sorted(item["name"] for item in env)


def test_changed_and_added_environment_variables():
    spec = base_spec("api-server")
    current = normalize_registered(_as_registered(render_task_definition(spec)))
    desired = render_task_definition(dict(spec, airflow_config={"core": {"parallelism": 64}}))
    desired_env = desired["containerDefinitions"][0]["environment"]
    for item in current["containerDefinitions"][0]["environment"]:
        if item["name"] == "AIRFLOW__CORE__LOAD_EXAMPLES":
            item["value"] = "True"
    assert {"name": "AIRFLOW__CORE__PARALLELISM", "value": "64"} in desired_env
    assert differences(desired, current) == [
        "containerDefinitions[api-server].environment.AIRFLOW__CORE__LOAD_EXAMPLES",
        "containerDefinitions[api-server].environment.AIRFLOW__CORE__PARALLELISM",
    ]


def test_exactly_one_difference_for_one_changed_value():
    rendered = render_task_definition(base_spec("api-server"))
    registered = _as_registered(rendered)
    for item in registered["taskDefinition"]["containerDefinitions"][0]["environment"]:
        if item["name"] == "AIRFLOW__CORE__LOAD_EXAMPLES":
            item["value"] = "True"
    assert differences(rendered, normalize_registered(registered)) == [
        "containerDefinitions[api-server].environment.AIRFLOW__CORE__LOAD_EXAMPLES"
    ]


def test_a_removed_environment_variable_is_detected():
    rendered = render_task_definition(base_spec("worker"))
    registered = _as_registered(rendered)
    worker = registered["taskDefinition"]["containerDefinitions"][0]
    worker["environment"] = [item for item in worker["environment"] if item["name"] != "DUMB_INIT_SETSID"]
    assert differences(rendered, normalize_registered(registered)) == [
        "containerDefinitions[worker].environment.DUMB_INIT_SETSID"
    ]


def test_a_changed_secret_reference_names_the_variable():
    spec = base_spec("migrate")
    current = normalize_registered(_as_registered(render_task_definition(spec)))
    secrets = dict(spec["secrets"], fernet_key="arn:aws:ssm:eu-west-1:123456789012:parameter/prod/fernet")
    desired = render_task_definition(dict(spec, secrets=secrets))
    assert differences(desired, current) == ["containerDefinitions[migrate].secrets.AIRFLOW__CORE__FERNET_KEY"]


def test_image_volume_and_size_changes():
    spec = base_spec("scheduler")
    current = normalize_registered(_as_registered(render_task_definition(spec)))
    changed = dict(spec, image="apache/airflow:3.3.2-python3.12", memory=2048, dag_storage={"host_path": "/mnt/dags2"})
    assert differences(render_task_definition(changed), current) == [
        "containerDefinitions[dag-mount-init].command",
        "containerDefinitions[dag-mount-init].image",
        "containerDefinitions[scheduler].image",
        "containerDefinitions[scheduler].memoryReservation",
        "containerDefinitions[scratch-init].image",
        "memory",
        "volumes[dags].host.sourcePath",
    ]


def test_a_new_init_container_is_reported():
    spec = base_spec("scheduler")
    current = normalize_registered(_as_registered(render_task_definition(spec)))
    desired = render_task_definition(dict(spec, dag_storage=storage_for("git")))
    found = differences(desired, current)
    assert "containerDefinitions[dags-clone]" in found
    assert "containerDefinitions[scheduler].dependsOn[dags-clone]" in found
    assert "volumes[dags].host" in found


def test_nothing_registered_means_everything_is_new():
    rendered = render_task_definition(base_spec())
    found = differences(rendered, None)
    assert "containerDefinitions" in found and "family" in found


def test_tags_compared_only_when_read_back():
    rendered = render_task_definition(base_spec(tags={"team": "data"}))
    without_tags = _as_registered(rendered)["taskDefinition"]
    assert differences(rendered, normalize_registered(without_tags)) == []
    registered = _as_registered(rendered)
    registered["tags"] = [tag for tag in registered["tags"] if tag["key"] != "team"]
    assert differences(rendered, normalize_registered(registered)) == ["tags.team"]


def test_task_size_as_numbers_still_matches():
    spec = base_spec("flower", launch_type="FARGATE", dag_storage=storage_for("image"))
    rendered = render_task_definition(spec)
    registered = _as_registered(rendered)
    registered["taskDefinition"]["cpu"] = 256
    registered["taskDefinition"]["memory"] = 512
    assert differences(rendered, normalize_registered(registered)) == []


def test_health_check_left_to_aws_defaults_is_filled_in():
    rendered = render_task_definition(base_spec())
    registered = _as_registered(rendered)
    check = registered["taskDefinition"]["containerDefinitions"][0]["healthCheck"]
    check["timeout"] = 5
    assert differences(rendered, normalize_registered(registered)) == [
        "containerDefinitions[scheduler].healthCheck.timeout"
    ]
