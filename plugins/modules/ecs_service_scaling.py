#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ecs_service_scaling
short_description: The scalable target and step scaling policies of an ECS service
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Registers an ECS service's desired count with Application Auto Scaling (minimum and maximum)
    and manages its step scaling policies, as one unit, so the worker_scaling role can converge
    both in one task and hand the policy ARNs to the CloudWatch alarms.
  - Written because M(community.aws.application_autoscaling_policy) falls short here - it calls
    RegisterScalableTarget and PutScalingPolicy in check mode too, returns no diff, changes the
    minimum and maximum of an existing target only with C(override_task_capacity), and handles one
    policy per task, so stale policies are never removed.
  - With O(state=absent) the scalable target is deregistered, which deletes its policies; the
    service's desired count stays where it is.
options:
  cluster:
    description: Name of the ECS cluster.
    type: str
    required: true
  service:
    description: Name of the ECS service.
    type: str
    required: true
  min_capacity:
    description: Fewest tasks Application Auto Scaling keeps (0 allowed). Required with O(state=present).
    type: int
  max_capacity:
    description: Most tasks Application Auto Scaling starts. Required with O(state=present).
    type: int
  step_policies:
    description:
      - Step scaling policies of the target. The alarms that invoke them are not managed here
        (use M(amazon.aws.cloudwatch_metric_alarm) with the returned ARNs).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Policy name, unique for the service.
        type: str
        required: true
      adjustment_type:
        description: How C(scaling_adjustment) is read.
        type: str
        choices: [ChangeInCapacity, ExactCapacity, PercentChangeInCapacity]
        default: ChangeInCapacity
      cooldown:
        description: Seconds after a scaling activity before the next one (see the Application Auto Scaling guide).
        type: int
        default: 60
      metric_aggregation_type:
        description: How the alarm's data points are aggregated before the steps are compared.
        type: str
        choices: [Average, Minimum, Maximum]
        default: Average
      step_adjustments:
        description:
          - Steps, bounds relative to the alarm threshold; they must meet without gap or overlap,
            only the first may leave out C(lower_bound) and only the last C(upper_bound).
        type: list
        elements: dict
        required: true
        suboptions:
          lower_bound:
            description: Lower bound (inclusive) of the metric minus the threshold.
            type: float
          upper_bound:
            description: Upper bound (exclusive) of the metric minus the threshold.
            type: float
          scaling_adjustment:
            description: Tasks to add or remove, percent, or the exact count (O(step_policies[].adjustment_type)).
            type: int
            required: true
  purge_policies:
    description: Delete policies of the service that O(step_policies) does not name.
    type: bool
    default: true
  state:
    description: Whether the service is scaled by Application Auto Scaling.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - Scalable targets and policies are not tagged (Application Auto Scaling policies take no tags).
"""

EXAMPLES = r"""
- name: Scale the workers of prod between 0 and 10 tasks on a required-workers metric
  airflow_ecs.deploy.ecs_service_scaling:
    cluster: airflow-prod
    service: worker
    min_capacity: 0
    max_capacity: 10
    step_policies:
      - name: airflow-prod-worker-track
        adjustment_type: ExactCapacity
        metric_aggregation_type: Maximum
        step_adjustments:
          - {lower_bound: 0, upper_bound: 1, scaling_adjustment: 1}
          - {lower_bound: 1, scaling_adjustment: 2}
  register: scaling

- name: Stop scaling the service
  airflow_ecs.deploy.ecs_service_scaling:
    cluster: airflow-prod
    service: worker
    state: absent
"""

RETURN = r"""
scalable_target:
  description: Minimum and maximum after the change (in check mode, as they would be); null when absent.
  returned: always
  type: dict
  sample: {"min_capacity": 0, "max_capacity": 10}
policies:
  description: The step scaling policies by name; C(arn) is null for a policy check mode would create.
  returned: always
  type: dict
  sample:
    airflow-prod-worker-track:
      name: airflow-prod-worker-track
      arn: "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:...:policyName/airflow-prod-worker-track"
      adjustment_type: ExactCapacity
      cooldown: 60
      metric_aggregation_type: Maximum
      step_adjustments: [{"lower_bound": 0.0, "upper_bound": 1.0, "scaling_adjustment": 1}]
resource_id:
  description: The Application Auto Scaling resource id of the service.
  returned: always
  type: str
  sample: service/airflow-prod/worker
"""

from copy import deepcopy
from functools import partial

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import DIMENSION
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import capacity_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import input_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import normalize_policy
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import normalize_target
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import policies_to_delete
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import policy_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import policy_to_api
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import resource_id
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_service_scaling import wanted_policy
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff

# What a service without Application Auto Scaling shows.
NOT_SCALED = {"scalable_target": None, "policies": {}}


def describe_target(client, resource):
    response = client.describe_scalable_targets(
        ServiceNamespace="ecs", ResourceIds=[resource], ScalableDimension=DIMENSION, aws_retry=True
    )
    targets = response.get("ScalableTargets") or []
    return normalize_target(targets[0]) if targets else None


def describe_scaling(client, resource):
    target = describe_target(client, resource)
    if target is None:
        return deepcopy(NOT_SCALED)
    return {"scalable_target": target, "policies": describe_policies(client, resource)}


@aws_retry()
def describe_policies(client, resource):
    paginator = client.get_paginator("describe_scaling_policies")
    pages = paginator.paginate(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION).build_full_result()
    return {policy["PolicyName"]: normalize_policy(policy) for policy in pages.get("ScalingPolicies", [])}


def ensure_target(module, client, resource, state):
    low, high = module.params["min_capacity"], module.params["max_capacity"]
    if not capacity_changed(state["scalable_target"], low, high):
        return False
    state["scalable_target"] = {"min_capacity": low, "max_capacity": high}
    if not module.check_mode:
        client.register_scalable_target(
            ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION, MinCapacity=low, MaxCapacity=high, aws_retry=True
        )
    return True


def ensure_policy(module, client, resource, state, option):
    wanted = wanted_policy(option)
    current = state["policies"].get(wanted["name"])
    if not policy_changed(current, wanted):
        return False
    wanted["arn"] = current["arn"] if current else None
    if not module.check_mode:
        response = client.put_scaling_policy(
            PolicyName=wanted["name"], ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION,
            PolicyType="StepScaling", StepScalingPolicyConfiguration=policy_to_api(wanted), aws_retry=True,
        )
        wanted["arn"] = response["PolicyARN"]
    state["policies"][wanted["name"]] = wanted
    return True


def ensure_purged(module, client, resource, state):
    wanted = [policy["name"] for policy in module.params["step_policies"]]
    stale = policies_to_delete(state["policies"], wanted, module.params["purge_policies"])
    for name in stale:
        state["policies"].pop(name)
        if not module.check_mode:
            client.delete_scaling_policy(PolicyName=name, ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION,
                                         aws_retry=True)
    return bool(stale)


def ensure_present(module, client, original, resource):
    state = deepcopy(original)
    changed = ensure_target(module, client, resource, state)
    for option in module.params["step_policies"]:
        changed |= ensure_policy(module, client, resource, state, option)
    changed |= ensure_purged(module, client, resource, state)
    return changed, state


def ensure_absent(module, client, original, resource):
    if original["scalable_target"] is None:
        return False
    if not module.check_mode:
        # Deregistering deletes the policies on AWS; deleting them first leaves none behind elsewhere.
        for name in sorted(original["policies"]):
            client.delete_scaling_policy(PolicyName=name, ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION,
                                         aws_retry=True)
        client.deregister_scalable_target(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION, aws_retry=True)
    return True


def main():
    step = dict(
        lower_bound=dict(type="float"),
        upper_bound=dict(type="float"),
        scaling_adjustment=dict(type="int", required=True),
    )
    policy = dict(
        name=dict(type="str", required=True),
        adjustment_type=dict(type="str", choices=["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"], default="ChangeInCapacity"),
        cooldown=dict(type="int", default=60),
        metric_aggregation_type=dict(type="str", choices=["Average", "Minimum", "Maximum"], default="Average"),
        step_adjustments=dict(type="list", elements="dict", required=True, options=step),
    )
    argument_spec = dict(
        cluster=dict(type="str", required=True),
        service=dict(type="str", required=True),
        min_capacity=dict(type="int"),
        max_capacity=dict(type="int"),
        step_policies=dict(type="list", elements="dict", default=[], options=policy),
        purge_policies=dict(type="bool", default=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    errors = input_errors(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))

    client = module.client("application-autoscaling", retry_decorator=aws_retry())
    resource = resource_id(module.params["cluster"], module.params["service"])
    with reported_errors(module, "Failed to manage the Application Auto Scaling of ECS service %s" % resource):
        changed, before, after = converge(
            module,
            client,
            partial(describe_scaling, client, resource),
            partial(ensure_present, resource=resource),
            partial(ensure_absent, resource=resource),
        )
    after = after or NOT_SCALED
    result = module_result(
        changed, resource_diff(before, after), resource_id=resource, scalable_target=after["scalable_target"], policies=after["policies"]
    )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
