# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every input filled in: the defaults of the option table (options.py) and the computed ones.

`None` counts as "not given" (Ansible passes None for options the user left out).
apply_defaults never fails on bad input: it leaves wrong types in place for validation
to name. It runs once per render: the module, the checks and the renderer share its result
(render.render_filled, validate.filled_errors).
"""

from __future__ import annotations

import copy

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.options import OPTIONS, groups
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sidecars import default_protection_minutes
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sizing import default_cpu, default_memory

# The defaults by option name, read from the option table. None means required, optional
# without a default, or computed when left out (the table's `computed`; see _fill_computed).
TOP_LEVEL = {name: option.get("default") for name, option in OPTIONS.items() if "suboptions" not in option}
NESTED = {group: {key: option.get("default") for key, option in table.items()} for group, table in groups().items()}

OPTION_NAMES = tuple(OPTIONS)


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
    """The options the table marks `computed`, where they were left out and can be computed."""
    environment, component = result["environment"], result["component"]
    known_component = isinstance(component, str) and component in COMPONENTS
    if result["family"] is None and isinstance(environment, str) and known_component:
        result["family"] = "%s-airflow-%s" % (environment, component)
    backend = result["secrets_backend"]
    if isinstance(backend, dict) and isinstance(environment, str):
        for kind in ("connections", "variables"):
            if backend.get(kind + "_prefix") is None:
                backend[kind + "_prefix"] = "airflow-ecs/%s/%s" % (environment, kind)
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
