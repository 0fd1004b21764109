#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ecs_autoscaling_group
short_description: Manage an EC2 Auto Scaling group that backs an ECS capacity provider
version_added: 0.1.0
description:
  - Creates, updates or deletes an EC2 Auto Scaling group launched from a launch template,
    shaped for an ECS capacity provider with managed scaling and managed termination protection.
  - Written because M(amazon.aws.autoscaling_group) falls short for this job in four ways.
    It always reports C(changed) in check mode for an existing group, so C(--check --diff)
    cannot show what a run would change. It cannot set C(NewInstancesProtectedFromScaleIn),
    which ECS managed termination protection requires. It sets C(DesiredCapacity) on every
    update, fighting the capacity provider's managed scaling, which owns that value. And it
    calls C(DisableMetricsCollection) on updates, which the AWS emulator the tests use lacks.
  - Check mode makes no change and reports exactly what would change; with C(--diff) the
    before and after show the group in the shape of RV(auto_scaling_group).
  - Instances and scaling activities are not waited for when the group is created or
    updated, since the capacity provider decides how many instances run.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  name:
    description: Name of the Auto Scaling group.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  launch_template:
    description:
      - The launch template the group launches instances from. Required with O(state=present).
      - Give either O(launch_template.name) or O(launch_template.id).
    type: dict
    suboptions:
      name:
        description: Name of the launch template.
        type: str
      id:
        description: ID of the launch template.
        type: str
      version:
        description:
          - Version of the launch template; V($Latest), V($Default) or a number.
          - With V($Latest) a new template version applies to instances launched afterwards
            without a change to the group.
        type: str
        default: $Latest
  min_size:
    description: Minimum number of instances. Required with O(state=present).
    type: int
  max_size:
    description: Maximum number of instances. Required with O(state=present).
    type: int
  desired_capacity:
    description:
      - Number of instances the group starts with when it is created; defaults to O(min_size).
      - After the create it is not compared or changed, unless O(enforce_desired_capacity=true).
        The capacity provider's managed scaling owns the desired capacity of the group and
        changes it as tasks need hosts; setting it back on every run would undo managed
        scaling and could terminate hosts that run tasks.
      - AWS still moves the desired capacity into a new O(min_size)..O(max_size) range; the
        diff shows that.
    type: int
  enforce_desired_capacity:
    description:
      - Set the desired capacity of an existing group to O(desired_capacity) when it differs.
      - Meant for groups without managed scaling, or to scale a group by hand.
    type: bool
    default: false
  subnet_ids:
    description:
      - Subnets the group launches instances in (C(VPCZoneIdentifier)); their order does not
        matter. Required with O(state=present).
    type: list
    elements: str
  new_instances_protected_from_scale_in:
    description:
      - Whether instances start protected from scale-in. ECS managed termination protection
        needs V(true); ECS then removes the protection from hosts that run no tasks.
      - Unset leaves the setting unchanged (AWS default on create is V(false)).
    type: bool
  health_check_type:
    description:
      - How the group decides that an instance is unhealthy. Unset leaves it unchanged
        (AWS default on create is V(EC2)).
    type: str
    choices: [EC2, ELB]
  health_check_grace_period:
    description: Seconds after launch before health checks count. Unset leaves it unchanged.
    type: int
  default_instance_warmup:
    description:
      - Seconds a new instance needs before it counts in the group's metrics.
        V(-1) removes the setting. Unset leaves it unchanged.
    type: int
  capacity_rebalance:
    description: Whether Spot capacity rebalancing is on. Unset leaves it unchanged.
    type: bool
  termination_policies:
    description:
      - Termination policies in the order AWS applies them. V([]) means V([Default]).
        Unset leaves them unchanged.
    type: list
    elements: str
  max_instance_lifetime:
    description:
      - Seconds an instance may live before it is replaced (0 removes the limit; otherwise at
        least 86400). Unset leaves it unchanged.
    type: int
  metrics_collection:
    description:
      - V(true) turns on the collection of the group metrics (the C(Group*) instance and
        capacity counts, granularity C(1Minute)) when no metric is collected; V(false) turns
        collection off only when some metric is collected.
        Unset leaves it unchanged.
    type: bool
  tags:
    description:
      - Tags of the group; every tag is propagated to the instances it launches.
      - Unset leaves the tags unchanged.
    type: dict
  purge_tags:
    description:
      - Remove tags not in O(tags). Tags whose key starts with C(aws:) and the
        C(AmazonECSManaged) tag, which ECS adds for managed scaling, are never removed.
    type: bool
    default: true
  force_delete:
    description:
      - With O(state=absent), delete the group together with its instances (C(ForceDelete)).
      - Instances protected from scale-in (see O(new_instances_protected_from_scale_in)) make a
        normal delete fail. Teardown scales the ECS services to 0 first and then deletes
        with O(force_delete=true).
    type: bool
    default: false
  wait:
    description: With O(state=absent), wait until the group is gone.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the group to be gone.
    type: int
    default: 600
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Create the worker hosts of the prod environment
  airflow_ecs.deploy.ecs_autoscaling_group:
    name: airflow-prod-worker
    launch_template:
      name: airflow-prod-worker
    min_size: 0
    max_size: 10
    subnet_ids: [subnet-0a1b2c3d, subnet-4e5f6a7b]
    new_instances_protected_from_scale_in: true
    health_check_type: EC2
    metrics_collection: true
    tags:
      airflow_ecs_environment: prod
      AmazonECSManaged: ""

- name: Delete the group and its instances after the services were scaled to 0
  airflow_ecs.deploy.ecs_autoscaling_group:
    name: airflow-prod-worker
    state: absent
    force_delete: true
"""

RETURN = r"""
auto_scaling_group:
  description: The group after the change (in check mode, as it would be). Null when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the group.
      type: str
      sample: airflow-prod-worker
    arn:
      description: ARN of the group (null in check mode before the create).
      type: str
    launch_template:
      description: The launch template, with C(id), C(name) and C(version).
      type: dict
    min_size:
      description: Minimum number of instances.
      type: int
    max_size:
      description: Maximum number of instances.
      type: int
    desired_capacity:
      description: Desired number of instances.
      type: int
    subnet_ids:
      description: Subnets of the group, sorted.
      type: list
      elements: str
    new_instances_protected_from_scale_in:
      description: Whether new instances start protected from scale-in.
      type: bool
    health_check_type:
      description: EC2 or ELB.
      type: str
    health_check_grace_period:
      description: Health check grace period in seconds.
      type: int
    default_instance_warmup:
      description: Default instance warmup in seconds, if set.
      type: int
    capacity_rebalance:
      description: Whether capacity rebalancing is on.
      type: bool
    termination_policies:
      description: Termination policies in order.
      type: list
      elements: str
    max_instance_lifetime:
      description: Maximum instance lifetime in seconds, if set.
      type: int
    metrics_collection:
      description: Whether group metrics are collected.
      type: bool
    tags:
      description: Tags of the group.
      type: dict
auto_scaling_group_arn:
  description: ARN of the group; what M(airflow_ecs.deploy.ecs_capacity_provider) takes. Null when absent or not yet created.
  returned: always
  type: str
  sample: arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0f1e2d3c:autoScalingGroupName/airflow-prod-worker
"""

from copy import deepcopy
from functools import partial

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import GROUP_METRICS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import KEEP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import METRICS_GRANULARITY
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import create_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import input_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import is_being_deleted
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import metrics_collection_action
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import normalize_group
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import planned_group
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import update_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import AUTO_SCALING_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import poll

POLL_SECONDS = 5


def describe_group(client, name):
    """The group as DescribeAutoScalingGroups returns it, or None."""
    groups = client.describe_auto_scaling_groups(AutoScalingGroupNames=[name], aws_retry=True)["AutoScalingGroups"]
    return groups[0] if groups else None


def set_metrics_collection(client, name, action):
    if action == "enable":
        client.enable_metrics_collection(
            AutoScalingGroupName=name, Metrics=GROUP_METRICS, Granularity=METRICS_GRANULARITY, aws_retry=True
        )
    elif action == "disable":
        client.disable_metrics_collection(AutoScalingGroupName=name, aws_retry=True)


def create_group(module, client):
    params = module.params
    if module.check_mode:
        return planned_group(params)
    client.create_auto_scaling_group(aws_retry=True, **create_request(params))
    if params["metrics_collection"]:
        set_metrics_collection(client, params["name"], "enable")
    return normalize_group(describe_group(client, params["name"]))


def ensure_settings(module, client, group):
    request, after = update_request(group, module.params)
    group.update(after)
    if not request:
        return False
    if not module.check_mode:
        client.update_auto_scaling_group(AutoScalingGroupName=group["name"], aws_retry=True, **request)
    return True


def ensure_metrics_collection(module, client, group):
    action = metrics_collection_action(group, module.params["metrics_collection"])
    if action is None:
        return False
    group["metrics_collection"] = action == "enable"
    if not module.check_mode:
        set_metrics_collection(client, group["name"], action)
    return True


def ensure_present(module, client, raw):
    if raw is None:
        return True, create_group(module, client)
    if is_being_deleted(raw):
        raise AnsibleAWSError(f"Auto Scaling group {raw['AutoScalingGroupName']} is being deleted; run again once it is gone")
    group = deepcopy(normalize_group(raw))
    changed = False
    changed |= ensure_settings(module, client, group)
    current_tags = AUTO_SCALING_TAGS.comparable(raw.get("Tags"))
    changed |= ensure_tags(module, client, AUTO_SCALING_TAGS, group, group["name"], current=current_tags, keep=KEEP_TAGS)
    changed |= ensure_metrics_collection(module, client, group)
    return changed, group


def wait_until_gone(module, client, name):
    timeout = module.params["wait_timeout"]
    poll(
        lambda: describe_group(client, name),
        lambda group: group is None,
        timeout,
        POLL_SECONDS,
        f"Auto Scaling group {name} still exists after {timeout} seconds",
    )


def ensure_absent(module, client, raw):
    if raw is None:
        return False
    name = raw["AutoScalingGroupName"]
    # A delete already under way is not our change; it is only waited for.
    changed = not is_being_deleted(raw)
    if module.check_mode:
        return changed
    if changed:
        try:
            client.delete_auto_scaling_group(
                AutoScalingGroupName=name, ForceDelete=module.params["force_delete"], aws_retry=True
            )
        except is_boto3_error_code(["ResourceInUse", "ScalingActivityInProgress"]) as e:
            module.fail_json_aws(
                e,
                msg=(
                    f"Auto Scaling group {name} still has instances or scaling activities; "
                    "scale the ECS services to 0 and delete with force_delete=true"
                ),
            )
    if module.params["wait"]:
        wait_until_gone(module, client, name)
    return changed


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        launch_template=dict(
            type="dict",
            options=dict(
                name=dict(type="str"),
                id=dict(type="str"),
                version=dict(type="str", default="$Latest"),
            ),
            mutually_exclusive=[("name", "id")],
            required_one_of=[("name", "id")],
        ),
        min_size=dict(type="int"),
        max_size=dict(type="int"),
        desired_capacity=dict(type="int"),
        enforce_desired_capacity=dict(type="bool", default=False),
        subnet_ids=dict(type="list", elements="str"),
        new_instances_protected_from_scale_in=dict(type="bool"),
        health_check_type=dict(type="str", choices=["EC2", "ELB"]),
        health_check_grace_period=dict(type="int"),
        default_instance_warmup=dict(type="int"),
        capacity_rebalance=dict(type="bool"),
        termination_policies=dict(type="list", elements="str"),
        max_instance_lifetime=dict(type="int"),
        metrics_collection=dict(type="bool"),
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
        force_delete=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["launch_template", "min_size", "max_size", "subnet_ids"])],
    )

    errors = input_errors(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))

    client = module.client("autoscaling", retry_decorator=aws_retry())
    name = module.params["name"]
    with reported_errors(module, f"Failed to manage Auto Scaling group {name}"):
        describe = partial(describe_group, client, name)
        changed, before, after = converge(module, client, describe, ensure_present, ensure_absent, normalize=normalize_group)
    arn = (after or {}).get("arn")
    module.exit_json(**module_result(changed, resource_diff(before, after), auto_scaling_group=after, auto_scaling_group_arn=arn))


if __name__ == "__main__":
    main()
