# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare a rendered task definition with the one DescribeTaskDefinition returns.

Both sides are brought to one canonical shape first: registration metadata dropped,
defaults that AWS fills in removed (or filled in when absent), lists that ECS treats as
sets sorted and matched by their key. What is left to differ is what a new revision
would change.
"""

from __future__ import annotations

import copy

_METADATA = (
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "deleteRequestedAt",
)
_TASK_DEFAULTS = {"enableFaultInjection": False}
_RUNTIME_PLATFORM_DEFAULTS = {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"}
_CONTAINER_DROP_IF = {"cpu": 0, "versionConsistency": "enabled"}
_CONTAINER_FILL = {"essential": True, "readonlyRootFilesystem": False}
# ECS fills these health check fields when they are left out.
_HEALTH_CHECK_FILL = {"interval": 30, "timeout": 5, "retries": 3}

# List fields whose order does not matter, and the key that identifies an item.
KEYED_LISTS = {
    "containerDefinitions": "name",
    "volumes": "name",
    "environment": "name",
    "secrets": "name",
    "portMappings": "containerPort",
    "mountPoints": "containerPath",
    "dependsOn": "containerName",
    "tags": "key",
    "ulimits": "name",
    "systemControls": "namespace",
}
# Name/value lists: a difference is reported as `<field>.<name>`.
_VALUE_FIELDS = {"environment": "value", "secrets": "valueFrom", "tags": "value"}


def normalize_registered(described):
    """The canonical, render-shaped form of a DescribeTaskDefinition result.

    Takes the whole response (`{"taskDefinition": ..., "tags": ...}`) or the
    `taskDefinition` dict alone. Tags are kept (AWS's own `aws:` tags dropped) only when
    the response carries them, i.e. when it was asked for with include=["TAGS"].
    """
    task = described.get("taskDefinition", described)
    result = {key: value for key, value in task.items() if key not in _METADATA}
    tags = described.get("tags", task.get("tags"))
    if tags is not None:
        result["tags"] = [tag for tag in tags if not str(tag.get("key", "")).startswith("aws:")]
    return canonical(result)


def differences(desired, current):
    """Paths that differ, e.g. `containerDefinitions[api-server].environment.AIRFLOW__CORE__LOAD_EXAMPLES`.

    Empty when a new revision would change nothing. current None (nothing registered):
    every top-level field of desired. Tags are compared only when current carries them.
    """
    desired = canonical(desired)
    if current is None:
        return sorted(desired)
    current = normalize_registered(current)
    if "tags" not in current:
        desired.pop("tags", None)
    return _diff("", desired, current)


def canonical(definition):
    """A copy of a task definition with AWS defaults removed and set-like lists sorted."""
    had_tags = "tags" in definition
    result = _prune(copy.deepcopy(definition))
    for key, default in _TASK_DEFAULTS.items():
        if result.get(key) == default:
            del result[key]
    if set(result.get("runtimePlatform", {}).items()) <= set(_RUNTIME_PLATFORM_DEFAULTS.items()):
        result.pop("runtimePlatform", None)
    for key in ("cpu", "memory"):
        if key in result:
            result[key] = str(result[key])
    result.setdefault("networkMode", "bridge")
    result["containerDefinitions"] = [
        _canonical_container(container, result["networkMode"]) for container in result.get("containerDefinitions", [])
    ]
    for volume in result.get("volumes", []):
        _canonical_volume(volume)
    if had_tags:
        result["tags"] = result.get("tags", [])
    return _sort_keyed(result)


def _prune(value):
    """Drop None, empty lists and empty dicts at any depth."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def _canonical_container(container, network_mode):
    for key, default in _CONTAINER_DROP_IF.items():
        if container.get(key) == default:
            del container[key]
    for key, default in _CONTAINER_FILL.items():
        container.setdefault(key, default)
    for mapping in container.get("portMappings", []):
        _canonical_port(mapping, network_mode)
    for mount in container.get("mountPoints", []):
        mount.setdefault("readOnly", False)
    if "healthCheck" in container:
        for key, default in _HEALTH_CHECK_FILL.items():
            container["healthCheck"].setdefault(key, default)
    return container


def _canonical_port(mapping, network_mode):
    if mapping.get("protocol") == "tcp":
        del mapping["protocol"]
    host_port = mapping.get("hostPort")
    # hostPort 0 and no hostPort both mean "dynamic"; in awsvpc it always equals containerPort.
    if host_port == 0 or (network_mode == "awsvpc" and host_port == mapping.get("containerPort")):
        mapping.pop("hostPort", None)


def _canonical_volume(volume):
    efs = volume.get("efsVolumeConfiguration")
    if efs and efs.get("rootDirectory") == "/":
        del efs["rootDirectory"]


def _sort_keyed(value):
    if isinstance(value, dict):
        return {key: _sort_list(key, _sort_keyed(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_sort_keyed(item) for item in value]
    return value


def _sort_list(field, value):
    if field in KEYED_LISTS and _is_keyed(value, KEYED_LISTS[field]):
        return sorted(value, key=lambda item: str(item[KEYED_LISTS[field]]))
    return value


def _is_keyed(value, id_field):
    return isinstance(value, list) and all(isinstance(item, dict) and id_field in item for item in value)


def _diff(path, desired, current):
    if not (isinstance(desired, dict) and isinstance(current, dict)):
        return [] if desired == current else [path]
    found = []
    for key in sorted(set(desired) | set(current)):
        sub_path = "%s.%s" % (path, key) if path else key
        if key not in desired or key not in current:
            found.append(sub_path)
        elif (
            key in KEYED_LISTS
            and _is_keyed(desired[key], KEYED_LISTS[key])
            and _is_keyed(current[key], KEYED_LISTS[key])
        ):
            found.extend(_diff_keyed(sub_path, key, desired[key], current[key]))
        else:
            found.extend(_diff(sub_path, desired[key], current[key]))
    return found


def _diff_keyed(path, field, desired, current):
    id_field = KEYED_LISTS[field]
    wanted = {str(item[id_field]): item for item in desired}
    present = {str(item[id_field]): item for item in current}
    found = []
    for item_id in sorted(set(wanted) | set(present)):
        if field in _VALUE_FIELDS:
            item_path = "%s.%s" % (path, item_id)
        else:
            item_path = "%s[%s]" % (path, item_id)
        if item_id not in wanted or item_id not in present:
            found.append(item_path)
        elif field in _VALUE_FIELDS:
            found.extend([] if wanted[item_id] == present[item_id] else [item_path])
        else:
            found.extend(_diff(item_path, wanted[item_id], present[item_id]))
    return found
