# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure interpretation of a one-off ECS task's outcome (no AWS calls)."""

from __future__ import annotations

import datetime


def task_id(task_arn):
    return task_arn.rsplit("/", 1)[-1]


def log_pointer(task_definition, task_arn, container_name):
    """Where the container's awslogs output is: (group, stream), or None without awslogs."""
    for container in task_definition.get("containerDefinitions", []):
        if container.get("name") != container_name:
            continue
        config = container.get("logConfiguration") or {}
        if config.get("logDriver") != "awslogs":
            return None
        options = config.get("options") or {}
        prefix = options.get("awslogs-stream-prefix")
        group = options.get("awslogs-group")
        if not group or not prefix:
            return None
        return group, "%s/%s/%s" % (prefix, container_name, task_id(task_arn))
    return None


def outcome(task, essential_container):
    """Read a STOPPED task: (succeeded, message).

    The task succeeded when the essential container exited with 0. A task that
    stopped before the container ran (image pull, secrets) has no exit code; its
    stoppedReason says why.
    """
    containers = {container["name"]: container for container in task.get("containers", [])}
    container = containers.get(essential_container)
    if container is None:
        return False, "the task has no container named %s" % essential_container
    exit_code = container.get("exitCode")
    if exit_code == 0:
        return True, "%s exited with 0" % essential_container
    if exit_code is None:
        reason = container.get("reason") or task.get("stoppedReason") or "no reason given"
        return False, "%s did not run to completion: %s" % (essential_container, reason)
    return False, "%s exited with %s" % (essential_container, exit_code)


def elapsed_seconds(task, now=None):
    """Whole seconds since ECS created the task (0 when it gives no createdAt)."""
    created = task.get("createdAt")
    if not isinstance(created, datetime.datetime):
        return 0
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if created.tzinfo is None:
        created = created.replace(tzinfo=datetime.timezone.utc)
    return max(0, int((now - created).total_seconds()))
