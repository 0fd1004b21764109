#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: service_discovery_service
short_description: Manage an AWS Cloud Map service in a DNS namespace
version_added: 0.1.0
description:
  - Creates, updates or deletes an AWS Cloud Map (service discovery) service, such as
    C(api-server) in the namespace C(airflow-prod.local). An ECS service registers its tasks
    in it through its C(serviceRegistries), which take the Cloud Map service ARN this module
    returns; other tasks then resolve C(api-server.airflow-prod.local).
  - Written because neither amazon.aws nor community.aws has a module for Cloud Map.
  - A service is identified by its name within the namespace.
  - The DNS record TTL and the description are updated in place (C(UpdateService), waited for
    with O(wait)). The record type, the routing policy and whether the service has a custom
    health check are fixed at creation; asking to change them fails with a message that says so.
  - Deleting fails with a clear message while instances are registered (an ECS service still
    uses it).
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  name:
    description: Name of the service, the first label of its DNS name, e.g. C(api-server).
    type: str
    required: true
  namespace:
    description:
      - The namespace, by id (C(ns-...)) or by name (e.g. C(airflow-prod.local)).
      - A name must match exactly one DNS namespace; give the id otherwise.
      - In check mode a namespace that does not exist yet (because it is created by an earlier
        task of the same run) is not an error; the result then shows the service as it would be created.
    type: str
    required: true
  description:
    description:
      - Description of the service.
      - Unset leaves the current description unchanged.
    type: str
  dns_record_type:
    description:
      - Type of the DNS record Cloud Map creates for each registered task.
      - V(A) suits ECS tasks with C(awsvpc) networking. Cannot be changed after creation.
    type: str
    choices: [A, AAAA, SRV]
    default: A
  dns_ttl:
    description: TTL in seconds of the DNS record; a short TTL lets clients follow task replacements.
    type: int
    default: 10
  routing_policy:
    description:
      - How Cloud Map answers DNS queries when several tasks are registered. Cannot be changed after creation.
      - V(MULTIVALUE) returns up to eight healthy records.
    type: str
    choices: [MULTIVALUE, WEIGHTED]
    default: MULTIVALUE
  health_check_custom_config:
    description:
      - Custom health check configuration. ECS reports the health of the tasks it registers through
        it, so set it for services that ECS service registries use.
      - Can only be set when the service is created; unset leaves an existing service as it is.
    type: dict
    suboptions:
      failure_threshold:
        description:
          - Number of 30-second intervals before a reported status change takes effect.
          - Cloud Map no longer honours this value and always uses 1, so a difference is not
            reported as a change.
        type: int
        default: 1
  state:
    description: V(present) creates or updates the service, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait for an update operation to succeed.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the update operation before failing.
    type: int
    default: 300
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Service discovery name of the api-server
  airflow_ecs.deploy.service_discovery_service:
    name: api-server
    namespace: airflow-prod.local
    dns_ttl: 10
    health_check_custom_config:
      failure_threshold: 1
    tags:
      airflow_ecs_environment: prod
  register: api_server_discovery

- name: The ECS service registers its tasks under that name
  ansible.builtin.debug:
    msg: "serviceRegistries: [{registryArn: {{ api_server_discovery.service.arn }}}]"

- name: Delete the service (after the ECS service that registers in it)
  airflow_ecs.deploy.service_discovery_service:
    name: api-server
    namespace: airflow-prod.local
    state: absent
"""

RETURN = r"""
service:
  description: The service after the change (in check mode, as it would be). Null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: Service id.
      type: str
      sample: srv-abcdefgh
    arn:
      description: Service ARN, the C(registryArn) of an ECS service registry.
      type: str
      sample: arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abcdefgh
    name:
      description: Service name.
      type: str
      sample: api-server
    namespace_id:
      description: Id of the namespace.
      type: str
    description:
      description: Description of the service.
      type: str
    dns_records:
      description: DNS records, each with C(type) and C(ttl).
      type: list
      elements: dict
      sample: [{"type": "A", "ttl": 10}]
    routing_policy:
      description: Routing policy.
      type: str
      sample: MULTIVALUE
    health_check_custom_config:
      description: Custom health check configuration, null when the service has none.
      type: dict
      sample: {"failure_threshold": 1}
    tags:
      description: Tags of the service.
      type: dict
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
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import description_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import desired_dns_records
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import dns_records_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import dns_records_to_api
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import health_check_custom_config_error
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import normalize_service
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import record_type_error
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import routing_policy_error
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import service_named
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import service_update_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import services_in_namespace
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import wait_for_operation
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import CLOUD_MAP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags


@aws_retry()
def _list_namespaces(client):
    return client.get_paginator("list_namespaces").paginate().build_full_result().get("Namespaces", [])


@aws_retry()
def _list_services(client, namespace_id):
    paginator = client.get_paginator("list_services")
    filters = [{"Name": "NAMESPACE_ID", "Values": [namespace_id], "Condition": "EQ"}]
    return services_in_namespace(paginator.paginate(Filters=filters).build_full_result().get("Services", []), namespace_id)


def resolve_namespace_id(client, namespace):
    """The namespace id for an id or a name; None when it does not exist."""
    if namespace.startswith("ns-"):
        try:
            return client.get_namespace(Id=namespace, aws_retry=True)["Namespace"]["Id"]
        except is_boto3_error_code("NamespaceNotFound"):
            return None
    wanted = namespace.rstrip(".").lower()
    found = [
        item
        for item in _list_namespaces(client)
        if item.get("Type") in ("DNS_PRIVATE", "DNS_PUBLIC") and item["Name"].rstrip(".").lower() == wanted
    ]
    if len(found) > 1:
        ids = ", ".join(sorted(item["Id"] for item in found))
        raise AnsibleAWSError(f"several DNS namespaces are named {namespace} ({ids}): give the namespace id instead")
    return found[0]["Id"] if found else None


def describe_service(client, service_id):
    try:
        service = client.get_service(Id=service_id, aws_retry=True)["Service"]
    except is_boto3_error_code("ServiceNotFound"):
        return None
    tags = client.list_tags_for_resource(ResourceARN=service["Arn"], aws_retry=True).get("Tags")
    return normalize_service(service, tags)


def find_service(client, namespace_id, name):
    if namespace_id is None:
        return None
    summary = service_named(_list_services(client, namespace_id), name)
    return describe_service(client, summary["Id"]) if summary else None


def wait_for(module, client, operation_id):
    if not module.params["wait"]:
        return

    def get_operation(op_id):
        return client.get_operation(OperationId=op_id, aws_retry=True)["Operation"]

    wait_for_operation(get_operation, operation_id, module.params["wait_timeout"])


def create_service(module, client, namespace_id):
    params = module.params
    custom = params["health_check_custom_config"]
    planned = {
        "id": None,
        "arn": None,
        "name": params["name"],
        "namespace_id": namespace_id,
        "description": params["description"] or "",
        "dns_records": desired_dns_records(params["dns_record_type"], params["dns_ttl"]),
        "routing_policy": params["routing_policy"],
        "health_check_custom_config": {"failure_threshold": custom["failure_threshold"]} if custom else None,
        "tags": params["tags"] or {},
    }
    if module.check_mode:
        return planned

    request = {
        "Name": params["name"],
        "NamespaceId": namespace_id,
        "DnsConfig": {"RoutingPolicy": params["routing_policy"], "DnsRecords": dns_records_to_api(planned["dns_records"])},
    }
    if params["description"]:
        request["Description"] = params["description"]
    if custom:
        request["HealthCheckCustomConfig"] = {"FailureThreshold": custom["failure_threshold"]}
    if params["tags"]:
        request["Tags"] = CLOUD_MAP_TAGS.to_list(params["tags"])
    service = client.create_service(aws_retry=True, **request)["Service"]
    return describe_service(client, service["Id"])


def check_immutable(module, service):
    desired_records = desired_dns_records(module.params["dns_record_type"], module.params["dns_ttl"])
    errors = [
        record_type_error(service, desired_records),
        routing_policy_error(service, module.params["routing_policy"]),
        health_check_custom_config_error(service, module.params["health_check_custom_config"]),
    ]
    errors = [error for error in errors if error]
    if errors:
        raise AnsibleAWSError("; ".join(errors))


def ensure_dns_records(module, service):
    """TTL and description share one UpdateService call: these only change the local copy."""
    desired = desired_dns_records(module.params["dns_record_type"], module.params["dns_ttl"])
    if not dns_records_changed(service, desired):
        return False
    service["dns_records"] = desired
    return True


def ensure_description(module, service):
    desired = module.params["description"]
    if not description_changed(service, desired):
        return False
    service["description"] = desired
    return True


def update_service(module, client, service):
    if module.check_mode:
        return
    operation_id = client.update_service(Id=service["id"], Service=service_update_request(service), aws_retry=True)[
        "OperationId"
    ]
    wait_for(module, client, operation_id)


def ensure_present(module, client, original, namespace_id):
    if original is None:
        return True, create_service(module, client, namespace_id)
    check_immutable(module, original)
    service = deepcopy(original)
    needs_update = False
    needs_update |= ensure_dns_records(module, service)
    needs_update |= ensure_description(module, service)
    if needs_update:
        update_service(module, client, service)
    changed = needs_update
    changed |= ensure_tags(module, client, CLOUD_MAP_TAGS, service, service["arn"])
    return changed, service


def ensure_absent(module, client, original):
    if original is None:
        return False
    instances = client.list_instances(ServiceId=original["id"], aws_retry=True).get("Instances") or []
    if instances:
        raise AnsibleAWSError(
            f"service {original['name']} ({original['id']}) still has {len(instances)} registered instance(s): "
            "delete or scale down the ECS service that registers them first"
        )
    if not module.check_mode:
        client.delete_service(Id=original["id"], aws_retry=True)
    return True


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        namespace=dict(type="str", required=True),
        description=dict(type="str"),
        dns_record_type=dict(type="str", choices=["A", "AAAA", "SRV"], default="A"),
        dns_ttl=dict(type="int", default=10),
        routing_policy=dict(type="str", choices=["MULTIVALUE", "WEIGHTED"], default="MULTIVALUE"),
        health_check_custom_config=dict(type="dict", options=dict(failure_threshold=dict(type="int", default=1))),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if not 0 <= params["dns_ttl"] <= 2147483647:
        module.fail_json(msg=f"dns_ttl must be between 0 and 2147483647 seconds, got {params['dns_ttl']}")
    custom = params["health_check_custom_config"]
    if custom and not 1 <= custom["failure_threshold"] <= 10:
        module.fail_json(msg="health_check_custom_config.failure_threshold must be between 1 and 10")
    if params["wait_timeout"] < 0:
        module.fail_json(msg="wait_timeout must be 0 or more seconds")

    client = module.client("servicediscovery", retry_decorator=aws_retry())
    name = params["name"]
    messages = {"ResourceInUse": f"service {name} is still in use: delete the ECS service that registers in it first"}
    with reported_errors(module, f"Failed to manage Cloud Map service {name}", messages):
        namespace_id = resolve_namespace_id(client, params["namespace"])
        if namespace_id is None and params["state"] == "present":
            if not module.check_mode:
                raise AnsibleAWSError(f"namespace {params['namespace']} does not exist: create it first")
            module.warn(f"namespace {params['namespace']} does not exist yet; showing the service as it would be created")
        changed, before, after = converge(
            module,
            client,
            partial(find_service, client, namespace_id, name),
            partial(ensure_present, namespace_id=namespace_id),
            ensure_absent,
            describe_again=lambda service: describe_service(client, service["id"]),
        )
    module.exit_json(**module_result(changed, resource_diff(before, after), service=after))


if __name__ == "__main__":
    main()
