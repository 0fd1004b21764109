# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render the ECS RegisterTaskDefinition request (boto3 kwargs) of one Airflow component.

Pure: no AWS calls. The output is deterministic (environment, secrets, volumes, mount
points and tags sorted; containers in a fixed order: the Airflow container, the init
containers in run order, then the scaling sidecars), so an unchanged input never makes a new revision.

Hardening of the Airflow container: user 50000:0 (the official image's airflow user),
an init process (tini reaps zombies and forwards signals to dumb-init), and a read-only
root filesystem with writable scratch volumes at /opt/airflow and /tmp (see storage.py
for why these two and how they are prepared).

Sizing: cpu/memory are task-level strings on both launch types, so the task as a whole
is capped at the requested memory and ECS reserves exactly that when placing it. On EC2
the containers also carry reservations that add up to the task's memory: the short-lived
init containers reserve a little and the Airflow container the rest.
"""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import (
    command_for,
    health_check_for,
    is_long_running,
    major_of,
    port_for,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import apply_defaults
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.environment import (
    environment_entries,
    secret_entries,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sidecars import (
    SIDECAR_MEMORY_RESERVATION,
    sidecar_containers,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.storage import (
    AIRFLOW_USER,
    airflow_depends_on,
    airflow_mount_points,
    init_containers,
    volumes,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef import sso
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import filled_errors, validation_errors

__all__ = ["TaskDefinitionInputError", "apply_defaults", "render_filled", "render_task_definition"]

# Scheduler, api-server, triggerer and the rest stop cleanly within seconds; 60 s is
# below Fargate's 120 s cap. Workers get their own (worker.longest_task_seconds).
DEFAULT_STOP_TIMEOUT = 60
INIT_MEMORY_RESERVATION = 64


class TaskDefinitionInputError(ValueError):
    """The input cannot be rendered; .errors lists every problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


def render_task_definition(spec):
    """RegisterTaskDefinition kwargs for spec; raises TaskDefinitionInputError on bad input."""
    if not isinstance(spec, dict):
        raise TaskDefinitionInputError(validation_errors(spec))
    return render_filled(apply_defaults(spec))


def render_filled(spec):
    """render_task_definition of a spec that apply_defaults has filled already (checked, then rendered)."""
    errors = filled_errors(spec)
    if errors:
        raise TaskDefinitionInputError(errors)
    major = major_of(spec["airflow_version"])
    inits = init_containers(spec)
    sidecars = sidecar_containers(spec, major)
    containers = [_airflow_container(spec, major, len(inits), len(sidecars))]
    init_logs = "%s-init" % spec["log_stream_prefix"]
    containers.extend(_companion_container(spec, init, init_logs, INIT_MEMORY_RESERVATION) for init in inits)
    containers.extend(
        _companion_container(spec, sidecar, spec["log_stream_prefix"], SIDECAR_MEMORY_RESERVATION) for sidecar in sidecars
    )
    definition = {
        "family": spec["family"],
        "networkMode": spec["network_mode"],
        "requiresCompatibilities": [spec["launch_type"]],
        "executionRoleArn": spec["execution_role_arn"],
        "containerDefinitions": containers,
        "tags": _tags(spec),
    }
    if spec["task_role_arn"] is not None:
        definition["taskRoleArn"] = spec["task_role_arn"]
    task_volumes = volumes(spec)
    if task_volumes:
        definition["volumes"] = task_volumes
    definition["cpu"] = str(spec["cpu"])
    definition["memory"] = str(spec["memory"])
    return definition


def _airflow_container(spec, major, init_count, sidecar_count):
    component = spec["component"]
    container = {
        "name": component,
        "image": spec["image"],
        "essential": True,
        "command": _command(spec, major),
        "user": AIRFLOW_USER,
        "environment": environment_entries(spec, major),
        "secrets": secret_entries(spec, major),
        "linuxParameters": {"initProcessEnabled": True},
        "readonlyRootFilesystem": spec["read_only_root_filesystem"],
        "logConfiguration": _log_configuration(spec, spec["log_stream_prefix"]),
    }
    _add_optional(container, "mountPoints", airflow_mount_points(spec))
    _add_optional(container, "dependsOn", airflow_depends_on(spec))
    _add_optional(container, "portMappings", _port_mappings(spec))
    if is_long_running(component):
        container["healthCheck"] = health_check_for(component, major)
        container["stopTimeout"] = _stop_timeout(spec)
    if spec["launch_type"] == "EC2":
        container["cpu"] = spec["cpu"]
        container["memoryReservation"] = (
            spec["memory"] - init_count * INIT_MEMORY_RESERVATION - sidecar_count * SIDECAR_MEMORY_RESERVATION
        )
    return container


def _command(spec, major):
    command = command_for(spec["component"], major)
    return sso.command(command) if sso.is_enabled(spec) else command


def _companion_container(spec, base, log_stream_prefix, memory_reservation):
    """An init container or a sidecar: never essential, hardened and logged like the Airflow one."""
    container = dict(base)
    container["essential"] = False
    container["readonlyRootFilesystem"] = spec["read_only_root_filesystem"]
    container["logConfiguration"] = _log_configuration(spec, log_stream_prefix)
    if spec["launch_type"] == "EC2":
        container["memoryReservation"] = memory_reservation
    return container


def _add_optional(container, key, value):
    if value:
        container[key] = value


def _log_configuration(spec, prefix):
    return {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": spec["log_group"],
            "awslogs-region": spec["region"],
            "awslogs-stream-prefix": prefix,
        },
    }


def _port_mappings(spec):
    port = port_for(spec["component"], spec["worker"]["log_server_port"])
    if port is None:
        return []
    name, container_port = port
    mapping = {"name": name, "containerPort": container_port}
    if spec["network_mode"] == "bridge":
        mapping["hostPort"] = 0  # dynamic: several tasks of a service can share a host
    return [mapping]


def worker_stop_timeout(worker):
    """Seconds ECS gives a stopping worker: its longest task plus the margin to shut down."""
    return worker["longest_task_seconds"] + worker["stop_timeout_margin_seconds"]


def _stop_timeout(spec):
    if spec["component"] == "worker":
        return worker_stop_timeout(spec["worker"])
    return DEFAULT_STOP_TIMEOUT


def _tags(spec):
    tags = {str(key): _tag_value(value) for key, value in spec["tags"].items()}
    tags["airflow_ecs_environment"] = spec["environment"]
    tags["airflow_ecs_component"] = spec["component"]
    return ECS_TAGS.to_list(tags)


def _tag_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
