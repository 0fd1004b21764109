# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input validation for the task definition renderer.

Every message starts with the input it is about (`memory`, `secrets.fernet_key`,
`dag_storage.mode` ...) and says what to do. Values of `secrets.*` never appear in a
message; neither do URLs, which may carry credentials.
"""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import (
    COMPONENTS,
    SECRET_NAMES,
    major_of,
    secrets_for,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.config_keys import (
    airflow_config_errors,
    env_name,
    reserved_variable,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import (
    NESTED,
    OPTION_NAMES,
    apply_defaults,
    is_int,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.images import image_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.options import DEFAULT_GIT_IMAGE, choices_of
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import AIRFLOW_VERSION
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import reference_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sso import sso_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sizing import (
    EC2_CPU_RANGE,
    FARGATE_MEMORY,
    floor_source,
    memory_floor,
    nearest_fargate_memory,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.urls import is_local_host, url_errors

FARGATE_STOP_TIMEOUT_CAP = 120
EC2_STOP_TIMEOUT_CAP = 86400
RESERVED_TAGS = ("airflow_ecs_environment", "airflow_ecs_component")

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?\Z")
_FAMILY = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
_STREAM_PREFIX = re.compile(r"^[A-Za-z0-9._/-]{1,128}\Z")
_CONN_ID = re.compile(r"^[A-Za-z0-9_.-]{1,250}\Z")
_HOSTNAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\Z")
_STATSD_PREFIX = re.compile(r"^[A-Za-z0-9_.-]{1,64}\Z")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,254}\Z")
_ADMIN_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}\Z")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_CONTAINER_PATH = re.compile(r"^(/[A-Za-z0-9._-]+)+\Z")
_S3_FOLDER = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\s]*)?\Z")
_S3_PREFIX = re.compile(r"^([^/\s][^\s]*)?\Z")
_EFS_ID = re.compile(r"^fs-[0-9a-f]{8,40}\Z")
_EFS_ACCESS_POINT = re.compile(r"^fsap-[0-9a-f]{8,40}\Z")
_GIT_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}\Z")
_SCRATCH_PATHS = ("/", "/opt/airflow", "/tmp")


def validation_errors(spec):
    """Every problem with spec, as messages naming the input; empty when it can render."""
    if not isinstance(spec, dict):
        return ["the task definition input must be a dict of options"]
    return filled_errors(apply_defaults(spec))


def filled_errors(spec):
    """validation_errors of a spec that apply_defaults has filled already."""
    errors = []
    for check in _CHECKS:
        errors.extend(check(spec))
    return errors


def known_major(spec):
    """Airflow major version when airflow_version is valid, else None."""
    version = spec.get("airflow_version")
    if not isinstance(version, str):
        return None
    match = _VERSION.match(version)
    if not match:
        return None
    major, minor = int(match.group(1)), int(match.group(2))
    if major == 3 or (major == 2 and minor >= 10):
        return major_of(version)
    return None


def _known_component(spec):
    component = spec.get("component")
    return component if isinstance(component, str) and component in COMPONENTS else None


def _check_options(spec):
    errors = [
        "%s is not a known option; known options: %s" % (key, ", ".join(OPTION_NAMES))
        for key in spec
        if key not in OPTION_NAMES
    ]
    for group, defaults in NESTED.items():
        value = spec[group]
        if not isinstance(value, dict):
            errors.append("%s must be a dict with the keys %s" % (group, ", ".join(defaults)))
            continue
        errors.extend(
            "%s.%s is not a known option; known: %s" % (group, key, ", ".join(defaults))
            for key in value
            if key not in defaults
        )
    for name in ("secrets", "extra_secrets", "airflow_config", "tags"):
        if not isinstance(spec[name], dict):
            errors.append("%s must be a dict" % name)
    return errors


def _check_identity(spec):
    errors = []
    environment = spec["environment"]
    if rules.environment_name(environment):
        errors.append("environment is required and %s (e.g. prod)" % rules.environment_name(environment))
    if not _known_component(spec):
        errors.append("component is required and must be one of %s" % ", ".join(COMPONENTS))
    version = spec["airflow_version"] if known_major(spec) else None
    if version is None:
        errors.append(
            "airflow_version must be a release of Airflow 2.10 or later 2.x, or of Airflow 3 (e.g. %s or 2.10.5); "
            "got %r" % (AIRFLOW_VERSION, spec["airflow_version"])
        )
    errors.extend(image_errors("image", spec["image"], version))
    family = spec["family"]
    if family is not None and not (isinstance(family, str) and _FAMILY.match(family)):
        errors.append("family must be 1-255 letters, digits, hyphens or underscores")
    if not isinstance(spec["read_only_root_filesystem"], bool):
        errors.append("read_only_root_filesystem must be true or false")
    return errors


def _check_placement(spec):
    errors = [
        "%s must be %s" % (name, " or ".join(choices_of(name)))
        for name in ("launch_type", "network_mode")
        if spec[name] not in choices_of(name)
    ]
    if spec["launch_type"] == "FARGATE" and spec["network_mode"] == "bridge":
        errors.append("network_mode: Fargate supports only awsvpc; use network_mode awsvpc or launch_type EC2")
    return errors


def _check_sizing(spec):
    cpu, memory = spec["cpu"], spec["memory"]
    if cpu is None:  # only when component is unknown, which is reported already
        return []
    errors = []
    if not is_int(cpu):
        errors.append("cpu must be a whole number of CPU units (1024 = 1 vCPU)")
    if memory is not None and not is_int(memory):
        errors.append("memory must be a whole number of MiB")
    if errors:
        return errors
    if spec["launch_type"] == "FARGATE":
        errors.extend(_fargate_size_errors(cpu, memory))
    elif not EC2_CPU_RANGE[0] <= cpu <= EC2_CPU_RANGE[1]:
        errors.append("cpu must be between %d and %d CPU units (1024 = 1 vCPU)" % EC2_CPU_RANGE)
    errors.extend(_floor_errors(spec))
    return errors


def _fargate_size_errors(cpu, memory):
    if cpu not in FARGATE_MEMORY:
        return ["cpu %d is not a Fargate task size: use one of %s" % (cpu, ", ".join(map(str, sorted(FARGATE_MEMORY))))]
    valid = FARGATE_MEMORY[cpu]
    if memory is None or memory in valid:
        return []
    return [
        "memory %d MiB is not valid on Fargate with cpu %d (valid: %s); the nearest valid memory is %d"
        % (memory, cpu, ", ".join(map(str, valid)), nearest_fargate_memory(cpu, memory))
    ]


def _floor_errors(spec):
    component, memory = _known_component(spec), spec["memory"]
    worker = spec["worker"] if isinstance(spec["worker"], dict) else {}
    concurrency = worker.get("concurrency")
    if component is None or not is_int(memory) or not is_int(concurrency) or not 1 <= concurrency <= 64:
        return []
    floor = memory_floor(component, concurrency)
    if memory >= floor:
        return []
    return [
        "memory %d MiB is below the %s floor of %d MiB (%s): set memory to at least %d"
        % (memory, component, floor, floor_source(component, concurrency), floor)
    ]


def _check_roles(spec):
    errors = []
    role = spec["execution_role_arn"]
    if role is None:
        errors.append(
            "execution_role_arn is required: ECS reads the container secrets (and, on Fargate, pulls the image "
            "and writes logs) with the task execution role"
        )
    elif rules.iam_role_arn(role):
        errors.append("execution_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
    role = spec["task_role_arn"]
    if role is not None and rules.iam_role_arn(role):
        errors.append("task_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
    return errors


def _check_logging(spec):
    errors = []
    if rules.log_group_name(spec["log_group"]):
        errors.append("log_group is required: a CloudWatch Logs group name (letters, digits, . _ - / #)")
    if rules.aws_region(spec["region"]):
        errors.append("region is required: the AWS region of the log group, e.g. eu-west-1")
    prefix = spec["log_stream_prefix"]
    if prefix is not None and not (isinstance(prefix, str) and _STREAM_PREFIX.match(prefix)):
        errors.append("log_stream_prefix must be 1-128 letters, digits, . _ - or /")
    return errors


def _check_secrets(spec):
    secrets = spec["secrets"]
    if not isinstance(secrets, dict):
        return []
    errors = []
    for name in sorted(secrets, key=str):
        if name not in SECRET_NAMES:
            errors.append("secrets.%s is not a known secret; known: %s" % (name, ", ".join(SECRET_NAMES)))
        elif secrets[name] is not None:
            errors.extend(reference_errors(name, secrets[name]))
    errors.extend(_missing_secret_errors(spec, secrets))
    return errors


def _check_extra_secrets(spec):
    extra = spec["extra_secrets"]
    if not isinstance(extra, dict):
        return []
    config = spec["airflow_config"] if isinstance(spec["airflow_config"], dict) else {}
    configured = {
        env_name(section, key): "%s.%s" % (section, key)
        for section, keys in config.items()
        if isinstance(section, str) and isinstance(keys, dict)
        for key in keys
        if isinstance(key, str)
    }
    errors = []
    for name in sorted(extra, key=str):
        field = "extra_secrets.%s" % name
        if not (isinstance(name, str) and _VARIABLE.match(name)):
            errors.append("%s: the name must be an environment variable name (letters, digits and _, e.g. "
                          "AIRFLOW__SMTP__SMTP_PASSWORD)" % field)
        elif reserved_variable(name):
            errors.append("%s: %s; pick another variable" % (field, reserved_variable(name)))
        elif name in configured:
            errors.append("%s is also set by airflow_config.%s: set it in one place" % (field, configured[name]))
        else:
            errors.extend(reference_errors(name, extra[name], group="extra_secrets"))
    return errors


def _check_secrets_backend(spec):
    backend = spec["secrets_backend"]
    if not isinstance(backend, dict):
        return []
    errors = []
    if not isinstance(backend["enabled"], bool):
        errors.append("secrets_backend.enabled must be true or false")
    environment = spec["environment"] if isinstance(spec["environment"], str) else None
    for kind in ("connections", "variables"):
        field, prefix = "secrets_backend.%s_prefix" % kind, backend[kind + "_prefix"]
        if not rules.is_secret_name_prefix(prefix):
            errors.append("%s must be a Secrets Manager name prefix without a trailing / (e.g. airflow-ecs/prod/%s)"
                          % (field, kind))
        elif environment and rules.covers_environment_secrets(prefix, environment):
            # The task roles may read everything under the prefix: the environment's own secrets
            # (fernet key, database password) must not be under it.
            errors.append("%s must not hold the environment's own secrets (airflow-ecs/%s/...): use a path below "
                          "it, e.g. airflow-ecs/%s/%s" % (field, environment, environment, kind))
    if backend["connections_prefix"] == backend["variables_prefix"]:
        errors.append("secrets_backend.connections_prefix and secrets_backend.variables_prefix must differ")
    return errors


def _missing_secret_errors(spec, secrets):
    component, major = _known_component(spec), known_major(spec)
    if component is None or major is None:
        return []
    needed = secrets_for(component, major)
    missing = [name for name in needed if secrets.get(name) is None]
    if not missing:
        return []
    return [
        "secrets: the %s on Airflow %d needs %s; missing: %s (pass the ARN of each)"
        % (component, major, ", ".join("secrets." + n for n in needed), ", ".join("secrets." + n for n in missing))
    ]


def _check_urls(spec):
    component, major = _known_component(spec), known_major(spec)
    errors = []
    url = spec["execution_api_server_url"]
    if url is None and major == 3 and component not in (None, "migrate"):
        errors.append(
            "execution_api_server_url is required on Airflow 3 for the %s: the api-server's address as the "
            "other tasks reach it, e.g. http://api-server.airflow.local:8080/execution/" % component
        )
    elif url is not None:
        errors.extend(url_errors("execution_api_server_url", url, path="/execution/"))
    if spec["api_base_url"] is not None:
        errors.extend(url_errors("api_base_url", spec["api_base_url"]))
    return errors


def _check_airflow_config(spec):
    if not isinstance(spec["airflow_config"], dict):
        return []
    backend = spec["secrets_backend"]
    managed = not (isinstance(backend, dict) and backend["enabled"] is False)
    return airflow_config_errors(spec["airflow_config"], secrets_backend_managed=managed)


def _check_remote_logging(spec):
    remote = spec["remote_logging"]
    if not isinstance(remote, dict):
        return []
    errors = []
    if not isinstance(remote["enabled"], bool):
        errors.append("remote_logging.enabled must be true or false")
    if remote["destination"] not in choices_of("remote_logging.destination"):
        errors.append("remote_logging.destination must be one of %s" % ", ".join(choices_of("remote_logging.destination")))
    folder = remote["base_log_folder"]
    if remote["enabled"] is True and remote["destination"] == "s3":
        if not (isinstance(folder, str) and _S3_FOLDER.match(folder)):
            errors.append(
                "remote_logging.base_log_folder is required with remote_logging.destination s3: s3://<bucket>/<prefix>"
            )
    elif remote["destination"] == "cloudwatch" and folder is not None:
        errors.append(
            "remote_logging.base_log_folder is for destination s3 only: with cloudwatch the task logs go to "
            "log_group (its retention and encryption)"
        )
    if not (isinstance(remote["conn_id"], str) and _CONN_ID.match(remote["conn_id"])):
        errors.append("remote_logging.conn_id must be an Airflow connection id (letters, digits, _ . -)")
    return errors


def _check_admin_user(spec):
    admin = spec["admin_user"]
    if not isinstance(admin, dict):
        return []
    errors = []
    if not (isinstance(admin["username"], str) and _ADMIN_USERNAME.match(admin["username"])):
        errors.append("admin_user.username must be 1-64 letters, digits, _ . @ or - (e.g. admin)")
    if not (isinstance(admin["email"], str) and _EMAIL.match(admin["email"])):
        errors.append("admin_user.email must be an e-mail address (e.g. data-platform@example.com)")
    return errors


def _check_statsd(spec):
    statsd = spec["statsd"]
    if not isinstance(statsd, dict):
        return []
    errors = []
    if not isinstance(statsd["enabled"], bool):
        errors.append("statsd.enabled must be true or false")
    if statsd["enabled"] is True:
        errors.extend(_statsd_host_errors(statsd["host"]))
    if not (is_int(statsd["port"]) and 1 <= statsd["port"] <= 65535):
        errors.append("statsd.port must be a port number between 1 and 65535")
    if not (isinstance(statsd["prefix"], str) and _STATSD_PREFIX.match(statsd["prefix"])):
        errors.append("statsd.prefix must be 1-64 letters, digits, _ . or -")
    return errors


def _statsd_host_errors(host):
    if not (isinstance(host, str) and _HOSTNAME.match(host)):
        return ["statsd.host is required when statsd.enabled: the host name or IP address of the StatsD server"]
    if is_local_host(host):
        return ["statsd.host must not be localhost: the task has no StatsD sidecar; use the StatsD server's address"]
    return []


def _check_dag_storage(spec):
    storage = spec["dag_storage"]
    if not isinstance(storage, dict):
        return []
    mode = storage["mode"]
    if mode not in choices_of("dag_storage.mode"):
        return ["dag_storage.mode must be one of %s" % ", ".join(choices_of("dag_storage.mode"))]
    return _container_path_errors(storage["container_path"]) + DAG_STORAGE_CHECKS[mode](spec, storage)


def _container_path_errors(path):
    if not (isinstance(path, str) and _CONTAINER_PATH.match(path)) or ".." in path.split("/"):
        return ["dag_storage.container_path must be an absolute path such as /opt/airflow/dags"]
    if path in _SCRATCH_PATHS or path.startswith("/tmp/"):
        return [
            "dag_storage.container_path must not be /, /opt/airflow, /tmp or under /tmp: those are the "
            "writable scratch volumes; use a folder such as /opt/airflow/dags"
        ]
    return []


def _s3fs_errors(spec, storage):
    errors = []
    if spec["launch_type"] == "FARGATE":
        errors.append(
            "dag_storage.mode: s3fs mounts the DAG bucket on the EC2 host and Fargate tasks have no host mounts; "
            "use efs, git, image or s3_bundle on FARGATE, or launch_type EC2"
        )
    path = storage["host_path"]
    if not (isinstance(path, str) and _CONTAINER_PATH.match(path)):
        errors.append("dag_storage.host_path must be the absolute path where the hosts mount the DAG bucket")
    return errors


def _efs_errors(spec, storage):
    errors = []
    if not (isinstance(storage["efs_file_system_id"], str) and _EFS_ID.match(storage["efs_file_system_id"])):
        errors.append(
            "dag_storage.efs_file_system_id is required with mode efs: an EFS id such as fs-0123456789abcdef0"
        )
    if not (
        isinstance(storage["efs_access_point_id"], str) and _EFS_ACCESS_POINT.match(storage["efs_access_point_id"])
    ):
        errors.append(
            "dag_storage.efs_access_point_id is required with mode efs: an access point id such as fsap-0123456789abcdef0"
        )
    if spec["task_role_arn"] is None:
        errors.append("task_role_arn is required with dag_storage.mode efs: EFS IAM authorization uses the task role")
    return errors


def _git_errors(spec, storage):
    errors = url_errors("dag_storage.git_repository", storage["git_repository"], schemes=("https",))
    ref = storage["git_ref"]
    if not (isinstance(ref, str) and _GIT_REF.match(ref)) or ".." in ref:
        errors.append("dag_storage.git_ref must be a branch or tag name (git clone --branch does not take a commit id)")
    errors.extend(image_errors("dag_storage.git_image", storage["git_image"], example=DEFAULT_GIT_IMAGE))
    return errors


def _s3_bundle_errors(spec, storage):
    errors = []
    if known_major(spec) == 2:
        errors.append(
            "dag_storage.mode s3_bundle needs Airflow 3 (DAG bundles); on Airflow 2 use s3fs, efs, git or image"
        )
    if rules.bucket_name(storage["s3_bucket"]):
        errors.append("dag_storage.s3_bucket is required with mode s3_bundle: the name of the DAG bucket")
    if not (isinstance(storage["s3_prefix"], str) and _S3_PREFIX.match(storage["s3_prefix"])):
        errors.append("dag_storage.s3_prefix must be a key prefix without a leading slash, e.g. dags/")
    if not (isinstance(storage["aws_conn_id"], str) and _CONN_ID.match(storage["aws_conn_id"])):
        errors.append("dag_storage.aws_conn_id must be an Airflow connection id (letters, digits, _ . -)")
    return errors


# One check per dag_storage.mode the option table declares (a unit test keeps them equal).
DAG_STORAGE_CHECKS = {
    "s3fs": _s3fs_errors,
    "efs": _efs_errors,
    "git": _git_errors,
    "image": lambda spec, storage: [],
    "s3_bundle": _s3_bundle_errors,
}


def _whole_number_errors(group, values, limits):
    """One message per value of `group` outside its (key, low, high or None, what) limits."""
    errors = []
    for key, low, high, what in limits:
        value = values[key]
        if not is_int(value) or value < low or (high is not None and value > high):
            bounds = "between %d and %d" % (low, high) if high is not None else "of at least %d" % low
            errors.append("%s.%s must be a whole number %s (%s)" % (group, key, bounds, what))
    return errors


def _check_worker(spec):
    worker = spec["worker"]
    if not isinstance(worker, dict):
        return []
    limits = (
        ("concurrency", 1, 64, "task slots per worker"),
        ("log_server_port", 1024, 65535, "the worker log server port"),
        ("longest_task_seconds", 1, None, "seconds the longest task runs"),
        ("stop_timeout_margin_seconds", 0, None, "seconds added to the longest task for the stop timeout"),
    )
    errors = _whole_number_errors("worker", worker, limits)
    if not errors and _known_component(spec) == "worker":
        errors.extend(_stop_timeout_errors(spec["launch_type"], worker))
    return errors


def _stop_timeout_errors(launch_type, worker):
    longest, margin = worker["longest_task_seconds"], worker["stop_timeout_margin_seconds"]
    stop_timeout = longest + margin
    if launch_type == "FARGATE" and stop_timeout > FARGATE_STOP_TIMEOUT_CAP:
        return [
            "worker.longest_task_seconds: %d s plus worker.stop_timeout_margin_seconds %d s gives a stopTimeout of "
            "%d s, above Fargate's %d s cap, so running tasks would be killed on scale-in and deploys: use "
            "launch_type EC2 for workers or keep tasks under %d s"
            % (longest, margin, stop_timeout, FARGATE_STOP_TIMEOUT_CAP, max(FARGATE_STOP_TIMEOUT_CAP - margin, 0))
        ]
    if stop_timeout > EC2_STOP_TIMEOUT_CAP:
        return [
            "worker.longest_task_seconds: %d s plus worker.stop_timeout_margin_seconds %d s exceeds the %d s "
            "stopTimeout this collection allows; split long tasks or make them resumable"
            % (longest, margin, EC2_STOP_TIMEOUT_CAP)
        ]
    return []


_CELERY_QUEUE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


def _check_scaling(spec):
    scaling = spec["scaling"]
    if not isinstance(scaling, dict):
        return []
    errors = []
    if not isinstance(scaling["enabled"], bool):
        errors.append("scaling.enabled must be true or false")
    if rules.metric_namespace(scaling["metric_namespace"]):
        errors.append("scaling.metric_namespace must be a CloudWatch namespace (letters, digits, . _ / # : -), not starting with AWS/")
    if not (isinstance(scaling["celery_queue"], str) and _CELERY_QUEUE.match(scaling["celery_queue"])):
        errors.append("scaling.celery_queue must be a Celery queue name (letters, digits, . _ -)")
    limits = (
        ("metric_interval_seconds", 5, 30, "how often the load metric is put; the alarms look at 60 s periods"),
        ("protection_minutes", 1, 2880, "how long a busy worker's scale-in protection lasts unless renewed"),
        ("protection_poll_seconds", 2, 60, "how often a worker's sidecar asks it whether it is busy"),
    )
    errors.extend(_whole_number_errors("scaling", scaling, limits))
    if scaling["enabled"] is True and _known_component(spec) == "worker" and spec["network_mode"] != "awsvpc":
        errors.append(
            "scaling.enabled needs network_mode awsvpc for the worker: its task-protection sidecar asks the worker "
            "by the host name the containers of an awsvpc task share (got network_mode %s)" % spec["network_mode"]
        )
    return errors


def _check_tags(spec):
    tags = spec["tags"]
    if not isinstance(tags, dict):
        return []
    # The module sets the environment and component tags itself and turns numbers into text.
    return ["tags.%s %s" % (key, problem) for key, problem in rules.tag_problems(tags, reserved=RESERVED_TAGS, scalar_values=True)]


_CHECKS = (
    _check_options,
    _check_identity,
    _check_placement,
    _check_sizing,
    _check_roles,
    _check_logging,
    _check_secrets,
    _check_extra_secrets,
    _check_secrets_backend,
    _check_urls,
    _check_airflow_config,
    _check_remote_logging,
    _check_admin_user,
    sso_errors,
    _check_statsd,
    _check_dag_storage,
    _check_worker,
    _check_scaling,
    _check_tags,
)
