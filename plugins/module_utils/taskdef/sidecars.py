# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scaling sidecars: load-metric in the scheduler task, task-protection in the worker task.

Both run the Airflow image's own Python on a source file this collection ships
(module_utils/sidecars/), passed as `python -c <source>`: no image of ours to build or pull,
and the task definition shows exactly what runs. They are not essential: a sidecar that
fails never stops the scheduler or a worker (the alarms treat a silent metric as missing
data; an orphaned protection expires by itself).
"""

from __future__ import annotations

import inspect
import math

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars import load_metric
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars import task_protection
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import secret_env_name
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import value_from
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.storage import AIRFLOW_USER

SIDECAR_MEMORY_RESERVATION = 128
MAX_PROTECTION_MINUTES = 2880

_SOURCES = {"load-metric": load_metric, "task-protection": task_protection}
_SECRETS = {"load-metric": ("sql_alchemy_conn", "broker_url"), "task-protection": ("broker_url",)}
_OWNER = {"scheduler": "load-metric", "worker": "task-protection"}


def default_protection_minutes(worker):
    """Long enough to outlast the longest task if the sidecar stops renewing it, at least 15 minutes."""
    seconds = worker["longest_task_seconds"] + worker["stop_timeout_margin_seconds"]
    return min(max(15, int(math.ceil(seconds / 60.0))), MAX_PROTECTION_MINUTES)


def sidecar_names(spec):
    """Names of the sidecars the component's task gets (empty when scaling is off)."""
    if not spec["scaling"]["enabled"] or spec["component"] not in _OWNER:
        return []
    return [_OWNER[spec["component"]]]


def sidecar_containers(spec, major):
    """Container definitions of the component's sidecars, without logging and reservations."""
    return [_container(spec, major, name) for name in sidecar_names(spec)]


def _container(spec, major, name):
    return {
        "name": name,
        "image": spec["image"],
        "essential": False,
        "command": ["python", "-c", inspect.getsource(_SOURCES[name])],
        "user": AIRFLOW_USER,
        "environment": [{"name": key, "value": value} for key, value in sorted(_environment(spec, name).items())],
        "secrets": sorted(
            ({"name": secret_env_name(secret, major), "valueFrom": value_from(spec["secrets"][secret])} for secret in _SECRETS[name]),
            key=lambda entry: entry["name"],
        ),
    }


def _environment(spec, name):
    scaling = spec["scaling"]
    env = {"AIRFLOW_ECS_ENVIRONMENT": spec["environment"], "AWS_DEFAULT_REGION": spec["region"], "AWS_REGION": spec["region"]}
    if name == "load-metric":
        env.update({
            "AIRFLOW_ECS_METRIC_NAMESPACE": scaling["metric_namespace"],
            "AIRFLOW_ECS_METRIC_INTERVAL": str(scaling["metric_interval_seconds"]),
            "AIRFLOW_ECS_WORKER_CONCURRENCY": str(spec["worker"]["concurrency"]),
            "AIRFLOW_ECS_CELERY_QUEUES": scaling["celery_queue"],
        })
    else:
        env.update({
            "AIRFLOW_ECS_PROTECTION_MINUTES": str(scaling["protection_minutes"]),
            "AIRFLOW_ECS_PROTECTION_POLL": str(scaling["protection_poll_seconds"]),
        })
    return env
