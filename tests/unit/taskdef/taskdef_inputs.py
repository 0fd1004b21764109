"""Inputs shared by the task definition tests: one valid spec and the matrix of variants."""

import copy
import itertools

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS, SECRET_NAMES

ACCOUNT = "123456789012"
REGION = "eu-west-1"


def secret_arn(name):
    return "arn:aws:secretsmanager:%s:%s:secret:prod/airflow/%s-AbCdEf" % (REGION, ACCOUNT, name)


SECRETS = {
    name: secret_arn(name)
    for name in SECRET_NAMES
}
SECRET_ARNS = set(SECRETS.values())

VERSIONS = {3: "3.3.2", 2: "2.10.5"}
MODES = ("s3fs", "efs", "git", "image", "s3_bundle")
LAUNCH_TYPES = ("EC2", "FARGATE")


def base_spec(component="scheduler", major=3, **overrides):
    """A complete, valid spec; overrides replace top-level keys."""
    version = VERSIONS[major]
    spec = {
        "environment": "prod",
        "component": component,
        "airflow_version": version,
        "image": "apache/airflow:%s-python3.11" % version,
        "execution_role_arn": "arn:aws:iam::%s:role/prod-airflow-execution" % ACCOUNT,
        "task_role_arn": "arn:aws:iam::%s:role/prod-airflow-%s" % (ACCOUNT, component),
        "log_group": "/airflow/prod",
        "region": REGION,
        "secrets": dict(SECRETS),
        "execution_api_server_url": "http://api-server.airflow.local:8080/execution/",
    }
    spec.update(copy.deepcopy(overrides))
    return spec


def storage_for(mode):
    return {
        "s3fs": {"mode": "s3fs"},
        "efs": {
            "mode": "efs",
            "efs_file_system_id": "fs-0123456789abcdef0",
            "efs_access_point_id": "fsap-0123456789abcdef0",
        },
        "git": {"mode": "git", "git_repository": "https://github.com/example/dags.git", "git_ref": "release"},
        "image": {"mode": "image"},
        "s3_bundle": {"mode": "s3_bundle", "s3_bucket": "prod-airflow-dags", "s3_prefix": "dags/"},
    }[mode]


def variant_spec(component, major, mode, launch_type):
    """A valid spec for one cell of the matrix (Fargate workers get short tasks)."""
    spec = base_spec(component, major, launch_type=launch_type, dag_storage=storage_for(mode))
    if launch_type == "FARGATE":
        spec["worker"] = {"longest_task_seconds": 60, "stop_timeout_margin_seconds": 30}
    return spec


def valid_matrix():
    """(component, major, mode, launch_type) for every combination the renderer accepts."""
    for component, major, mode, launch_type in itertools.product(COMPONENTS, (3, 2), MODES, LAUNCH_TYPES):
        if mode == "s3fs" and launch_type == "FARGATE":
            continue
        if mode == "s3_bundle" and major == 2:
            continue
        yield component, major, mode, launch_type


def matrix_id(cell):
    component, major, mode, launch_type = cell
    return "%s-airflow%d-%s-%s" % (component, major, mode, launch_type)


def container(definition, name):
    return next(item for item in definition["containerDefinitions"] if item["name"] == name)


def env_of(container_definition):
    return {item["name"]: item["value"] for item in container_definition.get("environment", [])}


def secrets_of(container_definition):
    return {item["name"]: item["valueFrom"] for item in container_definition.get("secrets", [])}
