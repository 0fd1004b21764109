# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Defaults of every input, so the module can document them and render can rely on them.

`None` counts as "not given" (Ansible passes None for options the user left out).
apply_defaults never fails on bad input: it leaves wrong types in place for validation
to name.
"""

from __future__ import annotations

import copy

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sidecars import default_protection_minutes
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sizing import default_cpu, default_memory

DEFAULT_AIRFLOW_VERSION = "3.3.2"
DEFAULT_GIT_IMAGE = "alpine/git:2.47.2"

# Top-level options; None means required or optional without a default (see validate.py).
TOP_LEVEL = {
    "environment": None,
    "component": None,
    "airflow_version": DEFAULT_AIRFLOW_VERSION,
    "image": None,
    "family": None,  # computed: <environment>-airflow-<component>
    "launch_type": "EC2",
    "network_mode": "awsvpc",
    "cpu": None,  # computed per component
    "memory": None,  # computed per component, worker.concurrency and launch_type
    "execution_role_arn": None,
    "task_role_arn": None,
    "log_group": None,
    "region": None,
    "log_stream_prefix": None,  # computed: the component
    "read_only_root_filesystem": True,
    "secrets": {},
    "execution_api_server_url": None,
    "api_base_url": None,
    "airflow_config": {},
    "tags": {},
}

NESTED = {
    "dag_storage": {
        "mode": "s3fs",
        "container_path": "/opt/airflow/dags",
        "host_path": "/mnt/airflow-dags",
        "efs_file_system_id": None,
        "efs_access_point_id": None,
        "git_repository": None,
        "git_ref": "main",
        "git_image": DEFAULT_GIT_IMAGE,
        "s3_bucket": None,
        "s3_prefix": "",
        "aws_conn_id": "aws_default",
    },
    "worker": {
        "concurrency": 8,
        "log_server_port": 8793,
        "longest_task_seconds": 600,
        "stop_timeout_margin_seconds": 30,
    },
    "remote_logging": {
        "enabled": False,
        "base_log_folder": None,
        "conn_id": "aws_default",
    },
    "statsd": {
        "enabled": False,
        "host": None,
        "port": 8125,
        "prefix": "airflow",
    },
    "scaling": {
        "enabled": False,
        "metric_namespace": "AirflowECS",
        "metric_interval_seconds": 30,
        "celery_queue": "default",
        "protection_minutes": None,  # computed from worker.longest_task_seconds
        "protection_poll_seconds": 10,
    },
}

OPTIONS = tuple(TOP_LEVEL) + tuple(NESTED)


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def apply_defaults(spec):
    """A copy of spec with every default filled in (computed ones included)."""
    spec = copy.deepcopy(spec or {})
    result = {key: _given(spec.get(key), default) for key, default in TOP_LEVEL.items()}
    for group, defaults in NESTED.items():
        result[group] = _fill_group(spec.get(group), defaults)
    for key, value in spec.items():
        result.setdefault(key, value)  # unknown options stay for validation to name
    _fill_computed(result)
    return result


def _given(value, default):
    return copy.deepcopy(default) if value is None else value


def _fill_group(given, defaults):
    if given is None:
        given = {}
    if not isinstance(given, dict):
        return given
    filled = {key: _given(given.get(key), default) for key, default in defaults.items()}
    for key, value in given.items():
        filled.setdefault(key, value)
    return filled


def _fill_computed(result):
    environment, component = result["environment"], result["component"]
    known_component = isinstance(component, str) and component in COMPONENTS
    if result["family"] is None and isinstance(environment, str) and known_component:
        result["family"] = "%s-airflow-%s" % (environment, component)
    if result["log_stream_prefix"] is None and known_component:
        result["log_stream_prefix"] = component
    if not known_component:
        return
    if result["cpu"] is None:
        result["cpu"] = default_cpu(component)
    scaling, worker = result["scaling"], result["worker"]
    if isinstance(scaling, dict) and scaling.get("protection_minutes") is None and isinstance(worker, dict) and all(
        is_int(worker.get(key)) for key in ("longest_task_seconds", "stop_timeout_margin_seconds")
    ):
        scaling["protection_minutes"] = default_protection_minutes(worker)
    concurrency = result["worker"].get("concurrency") if isinstance(result["worker"], dict) else None
    if result["memory"] is None and is_int(concurrency) and is_int(result["cpu"]):
        result["memory"] = default_memory(component, concurrency, result["launch_type"], result["cpu"])
