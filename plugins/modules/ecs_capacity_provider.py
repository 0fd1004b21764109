#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ecs_capacity_provider
short_description: Manage an ECS capacity provider backed by an EC2 Auto Scaling group
version_added: 0.1.0
description:
  - Creates, updates or deletes an Amazon ECS capacity provider for an Auto Scaling group, so
    ECS scales the core and worker host groups of an Airflow environment with the tasks placed on them.
  - Written because neither amazon.aws nor community.aws has a module for ECS capacity
    providers (M(community.aws.ecs_cluster) can only attach existing ones).
  - The Auto Scaling group of a capacity provider cannot be changed; asking for a different
    one fails with a message that says so. Managed scaling, managed termination protection,
    managed draining and tags are updated in place.
  - Deleting fails with a clear message while the capacity provider is attached to a cluster;
    detach it first (M(airflow_ecs.deploy.ecs_cluster) with O(airflow_ecs.deploy.ecs_cluster#module:capacity_providers)).
  - Use M(airflow_ecs.deploy.ecs_cluster) to attach the capacity provider to a cluster.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  name:
    description:
      - Name of the capacity provider.
      - Must not start with C(aws), C(ecs) or C(fargate).
    type: str
    required: true
  auto_scaling_group_arn:
    description:
      - ARN of the Auto Scaling group whose instances the capacity provider manages. Required when O(state=present).
      - Cannot be changed once the capacity provider exists. A group name matches the group ARN of an
        existing provider.
    type: str
  managed_scaling:
    description:
      - ECS managed scaling of the Auto Scaling group.
      - Unset fields keep their current value (on creation, the AWS defaults shown).
    type: dict
    suboptions:
      status:
        description: Whether ECS scales the group (AWS default V(DISABLED)).
        type: str
        choices: [ENABLED, DISABLED]
      target_capacity:
        description: Target utilization of the group's capacity in percent, 1 to 100 (AWS default 100).
        type: int
      minimum_scaling_step_size:
        description: Minimum number of instances to scale by at once, 1 to 10000 (AWS default 1).
        type: int
      maximum_scaling_step_size:
        description: Maximum number of instances to scale by at once, 1 to 10000 (AWS default 10000).
        type: int
      instance_warmup_period:
        description: Seconds a new instance needs before it counts towards the group's metrics, 0 to 10000 (AWS default 300).
        type: int
  managed_termination_protection:
    description:
      - Whether ECS protects instances that run tasks from scale-in.
      - V(ENABLED) requires the Auto Scaling group to protect new instances from scale-in
        (C(NewInstancesProtectedFromScaleIn=true)) and needs managed scaling V(ENABLED); AWS
        rejects it otherwise. M(amazon.aws.autoscaling_group) cannot set that group setting;
        set it when creating the group through the API, e.g.
        C(aws autoscaling update-auto-scaling-group --new-instances-protected-from-scale-in).
      - Unset leaves the current setting unchanged (V(DISABLED) on creation).
    type: str
    choices: [ENABLED, DISABLED]
  managed_draining:
    description:
      - Whether ECS drains the tasks of an instance before the group terminates it.
      - Unset leaves the current setting unchanged (AWS enables it on creation).
      - The moto emulator ignores this setting in updates; there, give it at creation only.
    type: str
    choices: [ENABLED, DISABLED]
  state:
    description: V(present) creates or updates the capacity provider, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Capacity provider for the worker hosts
  airflow_ecs.deploy.ecs_capacity_provider:
    name: airflow-prod-worker
    auto_scaling_group_arn: "{{ worker_asg.auto_scaling_group_arn }}"
    managed_scaling:
      status: ENABLED
      target_capacity: 90
      minimum_scaling_step_size: 1
      maximum_scaling_step_size: 4
      instance_warmup_period: 120
    # The group protects new instances from scale-in (NewInstancesProtectedFromScaleIn)
    managed_termination_protection: ENABLED
    managed_draining: ENABLED
    tags:
      airflow_ecs_environment: prod

- name: Delete it (after detaching it from the cluster)
  airflow_ecs.deploy.ecs_capacity_provider:
    name: airflow-prod-worker
    state: absent
"""

RETURN = r"""
capacity_provider:
  description: The capacity provider after the change (in check mode, as it would be). Null when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the capacity provider.
      type: str
      sample: airflow-prod-worker
    arn:
      description: ARN of the capacity provider.
      type: str
      sample: arn:aws:ecs:eu-west-1:123456789012:capacity-provider/airflow-prod-worker
    status:
      description: Status of the capacity provider.
      type: str
      sample: ACTIVE
    auto_scaling_group_arn:
      description: ARN of the Auto Scaling group.
      type: str
    managed_scaling:
      description: Managed scaling, every field filled in.
      type: dict
      sample: {"status": "ENABLED", "target_capacity": 90, "minimum_scaling_step_size": 1,
               "maximum_scaling_step_size": 4, "instance_warmup_period": 120}
    managed_termination_protection:
      description: Managed termination protection.
      type: str
      sample: ENABLED
    managed_draining:
      description: Managed draining; null when the API does not report it.
      type: str
      sample: ENABLED
    update_status:
      description: Status of the latest update, e.g. C(UPDATE_COMPLETE).
      type: str
    tags:
      description: Tags of the capacity provider.
      type: dict
"""

from copy import deepcopy
from functools import partial

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import auto_scaling_group_error
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import clusters_using
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import input_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import managed_draining_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import managed_scaling_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import managed_scaling_to_api
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import (
    managed_termination_protection_changed,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import merge_managed_scaling
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import normalize_capacity_provider
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags


def describe_capacity_provider(client, name):
    response = client.describe_capacity_providers(capacityProviders=[name], include=["TAGS"], aws_retry=True)
    providers = response.get("capacityProviders") or []
    return normalize_capacity_provider(providers[0]) if providers else None


@aws_retry()
def _list_cluster_arns(client):
    return client.get_paginator("list_clusters").paginate().build_full_result().get("clusterArns", [])


def attached_clusters(client, provider):
    arns = _list_cluster_arns(client)
    clusters = []
    for start in range(0, len(arns), 100):
        clusters += client.describe_clusters(clusters=arns[start:start + 100], aws_retry=True).get("clusters", [])
    return clusters_using(clusters, provider["name"], provider["arn"])


def create_capacity_provider(module, client):
    params = module.params
    scaling = merge_managed_scaling(None, params["managed_scaling"])
    planned = {
        "name": params["name"],
        "arn": None,
        "status": "ACTIVE",
        "auto_scaling_group_arn": params["auto_scaling_group_arn"],
        "managed_scaling": scaling,
        "managed_termination_protection": params["managed_termination_protection"] or "DISABLED",
        "managed_draining": params["managed_draining"] or "ENABLED",
        "update_status": None,
        "tags": params["tags"] or {},
    }
    if module.check_mode:
        return planned

    asg_provider = {
        "autoScalingGroupArn": params["auto_scaling_group_arn"],
        "managedScaling": managed_scaling_to_api(scaling),
        "managedTerminationProtection": planned["managed_termination_protection"],
    }
    if params["managed_draining"]:
        asg_provider["managedDraining"] = params["managed_draining"]
    request = {"name": params["name"], "autoScalingGroupProvider": asg_provider}
    if params["tags"]:
        request["tags"] = ECS_TAGS.to_list(params["tags"])
    client.create_capacity_provider(aws_retry=True, **request)
    return describe_capacity_provider(client, params["name"])


def ensure_managed_scaling(module, provider, update):
    desired = module.params["managed_scaling"]
    if not managed_scaling_changed(provider, desired):
        return False
    # The whole block is sent so AWS does not reset the fields left out to their defaults.
    provider["managed_scaling"] = merge_managed_scaling(provider, desired)
    update["managedScaling"] = managed_scaling_to_api(provider["managed_scaling"])
    return True


def ensure_managed_termination_protection(module, provider, update):
    desired = module.params["managed_termination_protection"]
    if not managed_termination_protection_changed(provider, desired):
        return False
    provider["managed_termination_protection"] = desired
    update["managedTerminationProtection"] = desired
    return True


def ensure_managed_draining(module, provider, update):
    desired = module.params["managed_draining"]
    if not managed_draining_changed(provider, desired):
        return False
    provider["managed_draining"] = desired
    update["managedDraining"] = desired
    return True


def ensure_present(module, client, original):
    if original is None:
        return True, create_capacity_provider(module, client)
    error = auto_scaling_group_error(original, module.params["auto_scaling_group_arn"])
    if error:
        raise AnsibleAWSError(error)
    provider = deepcopy(original)
    # The three settings share one UpdateCapacityProvider call; the ensure_* functions fill it in.
    update = {}
    changed = False
    changed |= ensure_managed_scaling(module, provider, update)
    changed |= ensure_managed_termination_protection(module, provider, update)
    changed |= ensure_managed_draining(module, provider, update)
    if update and not module.check_mode:
        client.update_capacity_provider(name=provider["name"], autoScalingGroupProvider=update, aws_retry=True)
    changed |= ensure_tags(module, client, ECS_TAGS, provider, provider["arn"])
    return changed, provider


def ensure_absent(module, client, original):
    if original is None:
        return False
    clusters = attached_clusters(client, original)
    if clusters:
        raise AnsibleAWSError(
            f"capacity provider {original['name']} is attached to cluster(s) {', '.join(clusters)}: "
            "detach it first (airflow_ecs.deploy.ecs_cluster capacity_providers without it)"
        )
    if not module.check_mode:
        client.delete_capacity_provider(capacityProvider=original["name"], aws_retry=True)
    return True


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        auto_scaling_group_arn=dict(type="str"),
        managed_scaling=dict(
            type="dict",
            options=dict(
                status=dict(type="str", choices=["ENABLED", "DISABLED"]),
                target_capacity=dict(type="int"),
                minimum_scaling_step_size=dict(type="int"),
                maximum_scaling_step_size=dict(type="int"),
                instance_warmup_period=dict(type="int"),
            ),
        ),
        managed_termination_protection=dict(type="str", choices=["ENABLED", "DISABLED"]),
        managed_draining=dict(type="str", choices=["ENABLED", "DISABLED"]),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    errors = input_errors(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))

    client = module.client("ecs", retry_decorator=aws_retry())
    name = module.params["name"]
    messages = {
        "ResourceInUseException": f"capacity provider {name} is in use: detach it from its cluster and services first",
        "UpdateInProgressException": f"capacity provider {name} is being updated or deleted; run again when that has finished",
    }
    with reported_errors(module, f"Failed to manage ECS capacity provider {name}", messages):
        changed, before, after = converge(module, client, partial(describe_capacity_provider, client, name), ensure_present, ensure_absent)
    module.exit_json(**module_result(changed, resource_diff(before, after), capacity_provider=after))


if __name__ == "__main__":
    main()
