#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ecs_task_run
short_description: Run a one-off ECS task, wait for it to stop and check its exit code
version_added: 0.1.0
description:
  - Runs one task of a task definition (for example C(airflow db migrate)), waits until it
    has stopped and fails unless its essential container exited with 0. The failure names
    the CloudWatch log group and stream of the container.
  - Written because M(community.aws.ecs_task) returns once the task is started and does not
    look at exit codes, so a failed migration would go unnoticed before the services roll.
  - Always reports a change when it runs a task; in check mode it runs nothing.
  - To print progress during a long task, start it with O(wait_timeout=0) and
    O(fail_on_timeout=false), then call the module again with O(task_arn) and a short
    O(wait_timeout) until RV(stopped) is true; each call returns the task's status and age.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  cluster:
    description: Cluster name or ARN.
    type: str
    required: true
  task_definition:
    description: C(family:revision) or ARN of the task definition to run.
    type: str
    required: true
  container:
    description: The essential container whose exit code decides success.
    type: str
    required: true
  capacity_provider_strategy:
    description: Where to place the task; the cluster's default strategy when left out.
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description: Capacity provider name.
        type: str
        required: true
      weight:
        description: Relative weight.
        type: int
        default: 1
      base:
        description: Base count.
        type: int
        default: 0
  subnet_ids:
    description: Subnets for C(awsvpc) networking.
    type: list
    elements: str
  security_group_ids:
    description: Security groups for C(awsvpc) networking.
    type: list
    elements: str
  placement_constraints:
    description: 'Placement constraints in the API form, for example C([{"type": "memberOf", "expression": "attribute:tier == core"}]).'
    type: list
    elements: dict
  started_by:
    description: Recorded as the task's C(startedBy).
    type: str
    default: airflow_ecs.deploy
  wait_timeout:
    description: Seconds to wait for the task to stop.
    type: int
    default: 1800
  fail_on_timeout:
    description:
      - Fail when the task still runs after O(wait_timeout). With V(false) the module returns
        instead, with RV(stopped=false), the task's RV(last_status) and RV(elapsed_seconds).
    type: bool
    default: true
  task_arn:
    description:
      - Wait for this task, which an earlier call started, instead of running one (reports no change).
      - O(task_definition) and O(container) must be the ones it was started with.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Migrate the metadata database before the services roll
  airflow_ecs.deploy.ecs_task_run:
    cluster: airflow-prod
    task_definition: prod-airflow-migrate:12
    container: migrate
    subnet_ids: "{{ network_private_subnet_ids }}"
    security_group_ids: ["{{ network_security_group_ids.hosts }}"]
"""

RETURN = r"""
task_arn:
  description: ARN of the task that ran (null in check mode).
  returned: always
  type: str
exit_code:
  description: Exit code of O(container).
  returned: when the task ran
  type: int
log_group:
  description: CloudWatch log group of O(container).
  returned: when the container logs with awslogs
  type: str
log_stream:
  description: CloudWatch log stream of O(container).
  returned: when the container logs with awslogs
  type: str
stopped:
  description: Whether the task has stopped (false only with O(fail_on_timeout=false)).
  returned: when the task ran
  type: bool
last_status:
  description: The task's last status (C(PROVISIONING), C(PENDING), C(RUNNING), ... C(STOPPED)).
  returned: when the task ran
  type: str
elapsed_seconds:
  description: Seconds since ECS created the task.
  returned: when the task ran
  type: int
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_task_run import elapsed_seconds
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_task_run import log_pointer
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_task_run import outcome
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import WaitTimeout
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import run_waiter

POLL_SECONDS = 6


def run_request(params):
    request = {
        "cluster": params["cluster"],
        "taskDefinition": params["task_definition"],
        "count": 1,
        "startedBy": params["started_by"],
    }
    if params["capacity_provider_strategy"]:
        request["capacityProviderStrategy"] = [
            {"capacityProvider": item["capacity_provider"], "weight": item["weight"], "base": item["base"]}
            for item in params["capacity_provider_strategy"]
        ]
    if params["subnet_ids"]:
        request["networkConfiguration"] = {
            "awsvpcConfiguration": {
                "subnets": params["subnet_ids"],
                "securityGroups": params["security_group_ids"] or [],
                "assignPublicIp": "DISABLED",
            }
        }
    if params["placement_constraints"]:
        request["placementConstraints"] = params["placement_constraints"]
    return request


def start_task(module, client, params):
    response = client.run_task(aws_retry=True, **run_request(params))
    if not response.get("tasks"):
        reasons = "; ".join(f"{item.get('arn', '')}: {item.get('reason')}" for item in response.get("failures", []))
        module.fail_json(msg=f"ECS did not start {params['task_definition']}: {reasons or 'no reason given'}")
    return response["tasks"][0]["taskArn"]


def describe_task(client, cluster, task_arn):
    return client.describe_tasks(cluster=cluster, tasks=[task_arn], aws_retry=True)["tasks"][0]


def wait_until_stopped(client, cluster, task_arn, timeout, message):
    """The task once it has stopped; WaitTimeout(message) when it still runs after timeout seconds."""
    run_waiter(client, "tasks_stopped", timeout, POLL_SECONDS, message, cluster=cluster, tasks=[task_arn])
    return describe_task(client, cluster, task_arn)


def main():
    argument_spec = dict(
        cluster=dict(type="str", required=True),
        task_definition=dict(type="str", required=True),
        container=dict(type="str", required=True),
        capacity_provider_strategy=dict(
            type="list",
            elements="dict",
            options=dict(
                capacity_provider=dict(type="str", required=True),
                weight=dict(type="int", default=1),
                base=dict(type="int", default=0),
            ),
        ),
        subnet_ids=dict(type="list", elements="str"),
        security_group_ids=dict(type="list", elements="str"),
        placement_constraints=dict(type="list", elements="dict"),
        started_by=dict(type="str", default="airflow_ecs.deploy"),
        wait_timeout=dict(type="int", default=1800),
        fail_on_timeout=dict(type="bool", default=True),
        task_arn=dict(type="str"),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if module.check_mode and not params["task_arn"]:
        module.exit_json(changed=True, task_arn=None, msg=f"would run {params['task_definition']}")

    client = module.client("ecs", retry_decorator=aws_retry())
    with reported_errors(module, f"Failed to run {params['task_definition']}"):
        definition = client.describe_task_definition(taskDefinition=params["task_definition"], aws_retry=True)
        task_arn = params["task_arn"] or start_task(module, client, params)
        pointer = log_pointer(definition["taskDefinition"], task_arn, params["container"])
        result = {"changed": not params["task_arn"], "task_arn": task_arn}
        if pointer:
            result.update(log_group=pointer[0], log_stream=pointer[1])
        where = f" (logs: {result['log_group']} {result['log_stream']})" if pointer else ""
        timeout = params["wait_timeout"]
        try:
            task = wait_until_stopped(client, params["cluster"], task_arn, timeout, f"{task_arn} did not stop within {timeout} s{where}")
        except WaitTimeout as e:
            if params["fail_on_timeout"]:
                module.fail_json(msg=str(e), **result)
            task = describe_task(client, params["cluster"], task_arn)
            age = elapsed_seconds(task)
            module.exit_json(
                msg=f"{task_arn} is {task.get('lastStatus')} after {age} s{where}",
                stopped=False, last_status=task.get("lastStatus"), elapsed_seconds=age, **result
            )

    succeeded, message = outcome(task, params["container"])
    containers = {item["name"]: item for item in task.get("containers", [])}
    result.update(exit_code=containers.get(params["container"], {}).get("exitCode"), stopped=True,
                  last_status=task.get("lastStatus"), elapsed_seconds=elapsed_seconds(task))
    if not succeeded:
        module.fail_json(msg=f"{params['task_definition']}: {message}{where}", **result)
    module.exit_json(msg=message, **result)


if __name__ == "__main__":
    main()
