# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the ecs_capacity_provider module (no AWS calls)."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS

# module option name -> API field of managedScaling
SCALING_FIELDS = {
    "status": "status",
    "target_capacity": "targetCapacity",
    "minimum_scaling_step_size": "minimumScalingStepSize",
    "maximum_scaling_step_size": "maximumScalingStepSize",
    "instance_warmup_period": "instanceWarmupPeriod",
}

# What AWS fills in for fields a request leaves out.
SCALING_DEFAULTS = {
    "status": "DISABLED",
    "target_capacity": 100,
    "minimum_scaling_step_size": 1,
    "maximum_scaling_step_size": 10000,
    "instance_warmup_period": 300,
}

RANGES = {
    "target_capacity": (1, 100),
    "minimum_scaling_step_size": (1, 10000),
    "maximum_scaling_step_size": (1, 10000),
    "instance_warmup_period": (0, 10000),
}


def normalize_managed_scaling(scaling):
    """managedScaling (API) -> module form with every field filled in."""
    scaling = scaling or {}
    result = {}
    for option, field in SCALING_FIELDS.items():
        value = scaling.get(field)
        result[option] = SCALING_DEFAULTS[option] if value is None else value
    return result


def normalize_capacity_provider(provider):
    """DescribeCapacityProviders output -> the snake_case shape the module returns and diffs."""
    if not provider or provider.get("status") == "INACTIVE":
        return None
    asg = provider.get("autoScalingGroupProvider") or {}
    return {
        "name": provider["name"],
        "arn": provider.get("capacityProviderArn"),
        "status": provider.get("status"),
        "auto_scaling_group_arn": asg.get("autoScalingGroupArn"),
        "managed_scaling": normalize_managed_scaling(asg.get("managedScaling")),
        "managed_termination_protection": asg.get("managedTerminationProtection") or "DISABLED",
        # AWS reports managedDraining (default ENABLED); an implementation that omits it leaves it unknown.
        "managed_draining": asg.get("managedDraining"),
        "update_status": provider.get("updateStatus"),
        "tags": ECS_TAGS.to_dict(provider.get("tags")),
    }


def _asg_name(arn_or_name):
    """The group name in `...:autoScalingGroupName/NAME`, or the value itself when it is a name."""
    if arn_or_name and "autoScalingGroupName/" in arn_or_name:
        return arn_or_name.split("autoScalingGroupName/", 1)[1]
    return arn_or_name


def auto_scaling_group_error(current, desired):
    """The Auto Scaling group of a capacity provider is fixed: a message when a different one is asked."""
    actual = current.get("auto_scaling_group_arn")
    if not desired or not actual or desired == actual or _asg_name(desired) == _asg_name(actual):
        return None
    return (
        f"auto_scaling_group_arn of capacity provider {current['name']} is {actual} and cannot be changed to "
        f"{desired}: delete the capacity provider (state=absent, after detaching it from its cluster) "
        "and create it again, or use a new name"
    )


def managed_scaling_changed(current, desired):
    """Whether a managed scaling field given in `desired` differs; unset fields are left as they are."""
    if desired is None:
        return False
    return any(value is not None and current["managed_scaling"][key] != value for key, value in desired.items())


def merge_managed_scaling(current, desired):
    """The complete managed scaling wanted: current values with the given fields replaced."""
    merged = dict(current["managed_scaling"]) if current else dict(SCALING_DEFAULTS)
    merged.update({key: value for key, value in (desired or {}).items() if value is not None})
    return merged


def managed_scaling_to_api(scaling):
    return {SCALING_FIELDS[key]: value for key, value in scaling.items() if value is not None}


def managed_termination_protection_changed(current, desired):
    return desired is not None and current["managed_termination_protection"] != desired


def managed_draining_changed(current, desired):
    return desired is not None and current["managed_draining"] != desired


def input_errors(params):
    """Problems with the options, each naming the option, found before any AWS call."""
    errors = []
    scaling = params.get("managed_scaling") or {}
    for key, (low, high) in RANGES.items():
        value = scaling.get(key)
        if value is not None and not low <= value <= high:
            errors.append(f"managed_scaling.{key} must be between {low} and {high}, got {value}")
    low, high = scaling.get("minimum_scaling_step_size"), scaling.get("maximum_scaling_step_size")
    if low is not None and high is not None and low > high:
        errors.append(
            f"managed_scaling.minimum_scaling_step_size ({low}) must not exceed maximum_scaling_step_size ({high})"
        )
    if params.get("managed_termination_protection") == "ENABLED" and scaling.get("status") == "DISABLED":
        errors.append("managed_termination_protection=ENABLED needs managed_scaling.status=ENABLED")
    if params.get("state", "present") == "present" and not params.get("auto_scaling_group_arn"):
        errors.append("auto_scaling_group_arn is required when state=present")
    return errors


def clusters_using(clusters, provider_name, provider_arn=None):
    """Names of the (described) clusters that have the capacity provider attached."""
    wanted = {provider_name, provider_arn} - {None}
    return sorted(
        cluster["clusterName"]
        for cluster in clusters or []
        if cluster.get("status") != "INACTIVE" and wanted & set(cluster.get("capacityProviders") or [])
    )
