# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the ecs_autoscaling_group module (no AWS calls).

Every ``*_changed`` function takes the group as normalize_group() returns it and the
module option; an option that is None leaves the attribute as it is.
"""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import AUTO_SCALING_TAGS

# Tags that purge_tags never removes: `aws:` tags cannot be removed, and ECS adds
# AmazonECSManaged to a group used by a capacity provider with managed scaling
# (managed scaling stops working without it).
KEEP_TAGS = ("AmazonECSManaged",)
DEFAULT_TERMINATION_POLICIES = ["Default"]
METRICS_GRANULARITY = "1Minute"
# Named rather than left out ("all metrics"): an API implementation that records
# only the metrics named (the emulator) then reports them too.
GROUP_METRICS = [
    "GroupMinSize",
    "GroupMaxSize",
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupPendingInstances",
    "GroupStandbyInstances",
    "GroupTerminatingInstances",
    "GroupTotalInstances",
    "GroupInServiceCapacity",
    "GroupPendingCapacity",
    "GroupStandbyCapacity",
    "GroupTerminatingCapacity",
    "GroupTotalCapacity",
]
DELETE_IN_PROGRESS = "Delete in progress"


def _subnets(vpc_zone_identifier):
    return sorted(subnet.strip() for subnet in (vpc_zone_identifier or "").split(",") if subnet.strip())


def normalize_launch_template(template):
    """LaunchTemplate (API) or launch_template (option) -> {id, name, version}."""
    if not template:
        return None
    return {
        "id": template.get("LaunchTemplateId", template.get("id")),
        "name": template.get("LaunchTemplateName", template.get("name")),
        "version": template.get("Version", template.get("version")),
    }


def normalize_group(group):
    """DescribeAutoScalingGroups output -> the snake_case shape the module returns and diffs."""
    if not group:
        return None
    return {
        "name": group["AutoScalingGroupName"],
        "arn": group.get("AutoScalingGroupARN"),
        "launch_template": normalize_launch_template(group.get("LaunchTemplate")),
        "min_size": group.get("MinSize"),
        "max_size": group.get("MaxSize"),
        "desired_capacity": group.get("DesiredCapacity"),
        "subnet_ids": _subnets(group.get("VPCZoneIdentifier")),
        "new_instances_protected_from_scale_in": bool(group.get("NewInstancesProtectedFromScaleIn", False)),
        "health_check_type": group.get("HealthCheckType"),
        "health_check_grace_period": group.get("HealthCheckGracePeriod"),
        "default_instance_warmup": group.get("DefaultInstanceWarmup"),
        "capacity_rebalance": bool(group.get("CapacityRebalance", False)),
        "termination_policies": list(group.get("TerminationPolicies") or DEFAULT_TERMINATION_POLICIES),
        "max_instance_lifetime": group.get("MaxInstanceLifetime") or None,
        "metrics_collection": bool(group.get("EnabledMetrics")),
        "tags": AUTO_SCALING_TAGS.to_dict(group.get("Tags")),
    }


def is_being_deleted(group):
    return bool(group) and group.get("Status") == DELETE_IN_PROGRESS


def input_errors(params):
    """Problems with the options, as messages that name the option (checked before any call)."""
    errors = []
    min_size, max_size, desired = params.get("min_size"), params.get("max_size"), params.get("desired_capacity")
    for option in ("min_size", "max_size", "desired_capacity", "health_check_grace_period", "max_instance_lifetime"):
        if params.get(option) is not None and params[option] < 0:
            errors.append(f"{option} must be 0 or more, got {params[option]}")
    if min_size is not None and max_size is not None and min_size > max_size:
        errors.append(f"min_size ({min_size}) must not be larger than max_size ({max_size})")
    if desired is not None:
        if min_size is not None and desired < min_size:
            errors.append(f"desired_capacity ({desired}) must not be smaller than min_size ({min_size})")
        if max_size is not None and desired > max_size:
            errors.append(f"desired_capacity ({desired}) must not be larger than max_size ({max_size})")
    if params.get("default_instance_warmup") is not None and params["default_instance_warmup"] < -1:
        errors.append("default_instance_warmup must be -1 (unset) or more")
    lifetime = params.get("max_instance_lifetime")
    if lifetime and lifetime < 86400:
        errors.append(f"max_instance_lifetime must be 0 (unset) or at least 86400 seconds, got {lifetime}")
    if params.get("subnet_ids") is not None and not [s for s in params["subnet_ids"] if s]:
        errors.append("subnet_ids must name at least one subnet")
    return errors


def _differs(current_value, desired):
    return desired is not None and current_value != desired


def launch_template_changed(current, desired):
    """Whether the launch template or its version differs.

    The group reports both the id and the name of its template; the option gives
    one of them, which is the one compared.
    """
    if desired is None:
        return False
    actual = current["launch_template"] or {}
    if desired.get("id") and desired["id"] != actual.get("id"):
        return True
    if desired.get("name") and desired["name"] != actual.get("name"):
        return True
    return desired.get("version") != actual.get("version")


def min_size_changed(current, desired):
    return _differs(current["min_size"], desired)


def max_size_changed(current, desired):
    return _differs(current["max_size"], desired)


def desired_capacity_changed(current, desired, enforce):
    """Desired capacity is only compared with enforce: managed scaling owns it after the create."""
    return bool(enforce) and _differs(current["desired_capacity"], desired)


def planned_desired_capacity(current, min_size, max_size, desired, enforce):
    """The desired capacity after an update, as AWS sets it.

    Without enforce the current value stays, except that AWS moves it into a new
    min_size..max_size range.
    """
    if desired_capacity_changed(current, desired, enforce):
        return desired
    value = current["desired_capacity"]
    if value is None:
        return None
    low = current["min_size"] if min_size is None else min_size
    high = current["max_size"] if max_size is None else max_size
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def subnets_changed(current, desired):
    """Whether the subnets differ; their order does not matter."""
    if desired is None:
        return False
    return sorted(set(desired)) != current["subnet_ids"]


def new_instances_protected_changed(current, desired):
    return _differs(current["new_instances_protected_from_scale_in"], desired)


def health_check_type_changed(current, desired):
    return _differs(current["health_check_type"], desired)


def health_check_grace_period_changed(current, desired):
    return _differs(current["health_check_grace_period"], desired)


def default_instance_warmup_changed(current, desired):
    """-1 is how the API removes the setting, so it matches a group without one."""
    if desired is None:
        return False
    if desired == -1:
        return current["default_instance_warmup"] is not None
    return current["default_instance_warmup"] != desired


def capacity_rebalance_changed(current, desired):
    return _differs(current["capacity_rebalance"], desired)


def termination_policies_changed(current, desired):
    """Order matters (AWS applies the policies in turn); an empty list means Default."""
    if desired is None:
        return False
    return list(desired or DEFAULT_TERMINATION_POLICIES) != current["termination_policies"]


def max_instance_lifetime_changed(current, desired):
    """0 is how the API removes the setting, so it matches a group without one."""
    if desired is None:
        return False
    return (current["max_instance_lifetime"] or 0) != desired


def metrics_collection_action(current, desired):
    """'enable', 'disable' or None.

    True enables GROUP_METRICS when no metric is collected; False disables them
    only when some are collected.
    """
    if desired is None or current["metrics_collection"] == desired:
        return None
    return "enable" if desired else "disable"


def launch_template_to_api(template):
    request = {"Version": template["version"]}
    if template.get("id"):
        request["LaunchTemplateId"] = template["id"]
    else:
        request["LaunchTemplateName"] = template["name"]
    return request


def create_request(params):
    """CreateAutoScalingGroup parameters for the module options."""
    desired = params["desired_capacity"]
    request = {
        "AutoScalingGroupName": params["name"],
        "LaunchTemplate": launch_template_to_api(params["launch_template"]),
        "MinSize": params["min_size"],
        "MaxSize": params["max_size"],
        "DesiredCapacity": params["min_size"] if desired is None else desired,
        "VPCZoneIdentifier": ",".join(sorted(set(params["subnet_ids"]))),
    }
    optional = {
        "NewInstancesProtectedFromScaleIn": params.get("new_instances_protected_from_scale_in"),
        "HealthCheckType": params.get("health_check_type"),
        "HealthCheckGracePeriod": params.get("health_check_grace_period"),
        "CapacityRebalance": params.get("capacity_rebalance"),
        "TerminationPolicies": params.get("termination_policies") or None,
        "MaxInstanceLifetime": params.get("max_instance_lifetime") or None,
    }
    warmup = params.get("default_instance_warmup")
    if warmup is not None and warmup != -1:
        optional["DefaultInstanceWarmup"] = warmup
    request.update({key: value for key, value in optional.items() if value is not None})
    if params.get("tags"):
        request["Tags"] = AUTO_SCALING_TAGS.group_tags(params["name"], params["tags"])
    return request


def planned_group(params):
    """The normalized group a create would make (what check mode reports)."""
    request = create_request(params)
    template = params["launch_template"]
    warmup = params.get("default_instance_warmup")
    return {
        "name": params["name"],
        "arn": None,
        "launch_template": {"id": template.get("id"), "name": template.get("name"), "version": template["version"]},
        "min_size": request["MinSize"],
        "max_size": request["MaxSize"],
        "desired_capacity": request["DesiredCapacity"],
        "subnet_ids": sorted(set(params["subnet_ids"])),
        "new_instances_protected_from_scale_in": bool(params.get("new_instances_protected_from_scale_in")),
        "health_check_type": params.get("health_check_type") or "EC2",
        # None: AWS picks the default (the emulator picks another one).
        "health_check_grace_period": request.get("HealthCheckGracePeriod"),
        "default_instance_warmup": None if warmup in (None, -1) else warmup,
        "capacity_rebalance": bool(params.get("capacity_rebalance")),
        "termination_policies": list(params.get("termination_policies") or DEFAULT_TERMINATION_POLICIES),
        "max_instance_lifetime": params.get("max_instance_lifetime") or None,
        "metrics_collection": bool(params.get("metrics_collection")),
        "tags": dict(params.get("tags") or {}),
    }


def update_request(current, params):
    """(UpdateAutoScalingGroup parameters for what differs, the group as it would be after).

    The request is empty when nothing the update call manages differs.
    """
    after = dict(current)
    request = {}
    template = params.get("launch_template")
    if launch_template_changed(current, template):
        request["LaunchTemplate"] = launch_template_to_api(template)
        after["launch_template"] = {"id": template.get("id"), "name": template.get("name"), "version": template["version"]}
    if min_size_changed(current, params.get("min_size")):
        request["MinSize"] = after["min_size"] = params["min_size"]
    if max_size_changed(current, params.get("max_size")):
        request["MaxSize"] = after["max_size"] = params["max_size"]
    desired, enforce = params.get("desired_capacity"), params.get("enforce_desired_capacity")
    if desired_capacity_changed(current, desired, enforce):
        request["DesiredCapacity"] = desired
    after["desired_capacity"] = planned_desired_capacity(
        current, params.get("min_size"), params.get("max_size"), desired, enforce
    )
    if subnets_changed(current, params.get("subnet_ids")):
        after["subnet_ids"] = sorted(set(params["subnet_ids"]))
        request["VPCZoneIdentifier"] = ",".join(after["subnet_ids"])
    if new_instances_protected_changed(current, params.get("new_instances_protected_from_scale_in")):
        value = params["new_instances_protected_from_scale_in"]
        request["NewInstancesProtectedFromScaleIn"] = after["new_instances_protected_from_scale_in"] = value
    if health_check_type_changed(current, params.get("health_check_type")):
        request["HealthCheckType"] = after["health_check_type"] = params["health_check_type"]
    if health_check_grace_period_changed(current, params.get("health_check_grace_period")):
        request["HealthCheckGracePeriod"] = after["health_check_grace_period"] = params["health_check_grace_period"]
    if default_instance_warmup_changed(current, params.get("default_instance_warmup")):
        request["DefaultInstanceWarmup"] = params["default_instance_warmup"]
        after["default_instance_warmup"] = None if params["default_instance_warmup"] == -1 else params["default_instance_warmup"]
    if capacity_rebalance_changed(current, params.get("capacity_rebalance")):
        request["CapacityRebalance"] = after["capacity_rebalance"] = params["capacity_rebalance"]
    if termination_policies_changed(current, params.get("termination_policies")):
        after["termination_policies"] = list(params["termination_policies"] or DEFAULT_TERMINATION_POLICIES)
        request["TerminationPolicies"] = after["termination_policies"]
    if max_instance_lifetime_changed(current, params.get("max_instance_lifetime")):
        request["MaxInstanceLifetime"] = params["max_instance_lifetime"]
        after["max_instance_lifetime"] = params["max_instance_lifetime"] or None
    return request, after
