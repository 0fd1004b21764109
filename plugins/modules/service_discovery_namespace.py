#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: service_discovery_namespace
short_description: Manage an AWS Cloud Map private DNS namespace
version_added: 0.1.0
description:
  - Creates, updates or deletes an AWS Cloud Map (service discovery) private DNS namespace,
    such as C(airflow-prod.local), in which the Airflow ECS services register so workers can
    reach the api-server at a stable name.
  - Written because neither amazon.aws nor community.aws has a module for Cloud Map.
  - Creating and deleting a namespace are asynchronous in Cloud Map (they return an operation
    id). With O(wait=true) the module polls the operation until it succeeds, fails, or
    O(wait_timeout) passes.
  - A namespace is identified by its name and type (private DNS). Its VPC is read from the
    Route 53 hosted zone behind it; when a namespace of that name exists only in another VPC
    the module fails instead of creating a second one. The VPC of a namespace cannot be changed.
  - When the hosted zone lists no VPC (the moto emulator does not associate one), a single
    namespace of that name is taken as this one.
  - Deleting fails with a clear message while services remain in the namespace; delete them
    first with M(airflow_ecs.deploy.service_discovery_service).
  - Needs C(servicediscovery:*Namespace*), C(servicediscovery:GetOperation),
    C(servicediscovery:ListServices), C(servicediscovery:*Tag*), C(route53:GetHostedZone),
    and for creation the EC2/Route 53 permissions Cloud Map itself requires.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  name:
    description: DNS name of the namespace, e.g. C(airflow-prod.local).
    type: str
    required: true
  vpc_id:
    description:
      - VPC the namespace resolves in. Required when O(state=present).
      - Cannot be changed once the namespace exists.
    type: str
  description:
    description:
      - Description of the namespace.
      - Unset leaves the current description unchanged.
    type: str
  state:
    description: V(present) creates or updates the namespace, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait for the create or delete operation to succeed.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the operation before failing.
    type: int
    default: 300
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Create the namespace the Airflow services register in
  airflow_ecs.deploy.service_discovery_namespace:
    name: airflow-prod.local
    vpc_id: "{{ vpc.vpc.id }}"
    description: Service discovery for the prod Airflow environment
    tags:
      airflow_ecs_environment: prod
  register: namespace

- name: Delete the namespace (its services must be deleted first)
  airflow_ecs.deploy.service_discovery_namespace:
    name: airflow-prod.local
    state: absent
"""

RETURN = r"""
namespace:
  description:
    - The namespace after the change (in check mode, as it would be). Null when absent.
    - Right after a create with O(wait=false), only O(name) and RV(namespace.operation_id) may be known.
  returned: always
  type: dict
  contains:
    id:
      description: Namespace id.
      type: str
      sample: ns-abcdefghijklmnop
    arn:
      description: Namespace ARN.
      type: str
      sample: arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abcdefghijklmnop
    name:
      description: Namespace name.
      type: str
      sample: airflow-prod.local
    type:
      description: Namespace type, always C(DNS_PRIVATE).
      type: str
    description:
      description: Namespace description.
      type: str
    hosted_zone_id:
      description: Id of the private Route 53 hosted zone Cloud Map created for the namespace.
      type: str
      sample: Z0123456789ABCDEFGHIJ
    vpc_ids:
      description: VPCs associated with the hosted zone (empty when they cannot be read).
      type: list
      elements: str
    tags:
      description: Tags of the namespace.
      type: dict
    operation_id:
      description: Id of the create or delete operation, when one was started.
      type: str
      returned: when a create operation was started
operation_id:
  description: Id of the delete operation.
  returned: when a delete operation was started
  type: str
"""

from copy import deepcopy
from functools import partial

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import PRIVATE_DNS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import choose_namespace
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import description_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import namespaces_named
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import normalize_namespace
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import operation_target
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import services_in_namespace
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import wait_for_operation
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import CLOUD_MAP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags


@aws_retry()
def _list_namespaces(client):
    paginator = client.get_paginator("list_namespaces")
    filters = [{"Name": "TYPE", "Values": [PRIVATE_DNS], "Condition": "EQ"}]
    return paginator.paginate(Filters=filters).build_full_result().get("Namespaces", [])


@aws_retry()
def _list_services(client, namespace_id):
    paginator = client.get_paginator("list_services")
    filters = [{"Name": "NAMESPACE_ID", "Values": [namespace_id], "Condition": "EQ"}]
    services = paginator.paginate(Filters=filters).build_full_result().get("Services", [])
    return services_in_namespace(services, namespace_id)


def hosted_zone_vpcs(route53, hosted_zone_id):
    if not hosted_zone_id:
        return []
    try:
        response = route53.get_hosted_zone(Id=hosted_zone_id, aws_retry=True)
    except is_boto3_error_code("NoSuchHostedZone"):
        return []
    return [vpc["VPCId"] for vpc in response.get("VPCs") or [] if vpc.get("VPCId")]


def describe_namespace(client, route53, namespace_id):
    try:
        namespace = client.get_namespace(Id=namespace_id, aws_retry=True)["Namespace"]
    except is_boto3_error_code("NamespaceNotFound"):
        return None
    tags = client.list_tags_for_resource(ResourceARN=namespace["Arn"], aws_retry=True).get("Tags")
    zone = ((namespace.get("Properties") or {}).get("DnsProperties") or {}).get("HostedZoneId")
    return normalize_namespace(namespace, tags, hosted_zone_vpcs(route53, zone))


def find_namespace(client, route53, name, vpc_id):
    candidates = []
    for summary in namespaces_named(_list_namespaces(client), name):
        zone = ((summary.get("Properties") or {}).get("DnsProperties") or {}).get("HostedZoneId")
        candidates.append((summary, hosted_zone_vpcs(route53, zone)))
    if vpc_id is None:
        # Deleting: there is no VPC to tell same-named namespaces apart.
        if len(candidates) > 1:
            raise AnsibleAWSError(f"several private DNS namespaces are named {name}: give vpc_id to pick one")
        chosen = candidates[0][0] if candidates else None
    else:
        chosen, error = choose_namespace(candidates, name, vpc_id)
        if error:
            raise AnsibleAWSError(error)
    return describe_namespace(client, route53, chosen["Id"]) if chosen else None


def wait_or_peek(module, client, operation_id):
    def get_operation(op_id):
        return client.get_operation(OperationId=op_id, aws_retry=True)["Operation"]

    if not module.params["wait"]:
        return get_operation(operation_id)
    return wait_for_operation(get_operation, operation_id, module.params["wait_timeout"])


def create_namespace(module, client, route53):
    params = module.params
    planned = {
        "id": None,
        "arn": None,
        "name": params["name"],
        "type": PRIVATE_DNS,
        "description": params["description"] or "",
        "hosted_zone_id": None,
        "vpc_ids": [params["vpc_id"]],
        "tags": params["tags"] or {},
    }
    if module.check_mode:
        return planned

    request = {"Name": params["name"], "Vpc": params["vpc_id"]}
    if params["description"]:
        request["Description"] = params["description"]
    if params["tags"]:
        request["Tags"] = CLOUD_MAP_TAGS.to_list(params["tags"])
    try:
        operation_id = client.create_private_dns_namespace(aws_retry=True, **request)["OperationId"]
    except is_boto3_error_code("ConflictingDomainExists") as e:
        raise AnsibleAWSError(
            f"namespace {params['name']} conflicts with an existing namespace or hosted zone in this VPC", exception=e
        ) from e
    operation = wait_or_peek(module, client, operation_id)
    namespace_id = operation_target(operation, "NAMESPACE")
    namespace = None
    if namespace_id and operation.get("Status") == "SUCCESS":
        namespace = describe_namespace(client, route53, namespace_id)
    namespace = namespace or dict(planned, id=namespace_id)
    namespace["operation_id"] = operation_id
    return namespace


def ensure_description(module, client, namespace):
    desired = module.params["description"]
    if not description_changed(namespace, desired):
        return False
    namespace["description"] = desired
    if not module.check_mode:
        operation_id = client.update_private_dns_namespace(
            Id=namespace["id"], Namespace={"Description": desired}, aws_retry=True
        )["OperationId"]
        wait_or_peek(module, client, operation_id)
    return True


def ensure_present(module, client, original, route53):
    if original is None:
        return True, create_namespace(module, client, route53)
    namespace = deepcopy(original)
    changed = False
    changed |= ensure_description(module, client, namespace)
    changed |= ensure_tags(module, client, CLOUD_MAP_TAGS, namespace, namespace["arn"])
    return changed, namespace


def ensure_absent(module, client, original, deleting):
    """deleting gets the id of the delete operation (operation_id), which the module returns."""
    if original is None:
        return False
    services = _list_services(client, original["id"])
    if services:
        names = ", ".join(sorted(service["Name"] for service in services))
        raise AnsibleAWSError(
            f"namespace {original['name']} ({original['id']}) still has services ({names}): "
            "delete them first (airflow_ecs.deploy.service_discovery_service state=absent)"
        )
    if module.check_mode:
        return True
    deleting["operation_id"] = client.delete_namespace(Id=original["id"], aws_retry=True)["OperationId"]
    wait_or_peek(module, client, deleting["operation_id"])
    return True


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        vpc_id=dict(type="str"),
        description=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        required_if=[("state", "present", ["vpc_id"])],
        supports_check_mode=True,
    )
    if module.params["wait_timeout"] < 0:
        module.fail_json(msg="wait_timeout must be 0 or more seconds")

    retry = aws_retry()
    client = module.client("servicediscovery", retry_decorator=retry)
    route53 = module.client("route53", retry_decorator=retry)
    name = module.params["name"]
    deleting = {}
    messages = {"ResourceInUse": f"namespace {name} is still in use (services remain): delete its services first"}
    with reported_errors(module, f"Failed to manage Cloud Map namespace {name}", messages):
        changed, before, after = converge(
            module,
            client,
            partial(find_namespace, client, route53, name, module.params["vpc_id"]),
            partial(ensure_present, route53=route53),
            partial(ensure_absent, deleting=deleting),
            describe_again=lambda namespace: describe_namespace(client, route53, namespace["id"]),
        )
    # The create's operation id is returned with the namespace, not diffed.
    diffed = {key: value for key, value in (after or {}).items() if key != "operation_id"}
    module.exit_json(**module_result(changed, resource_diff(before, diffed), namespace=after, **deleting))


if __name__ == "__main__":
    main()
