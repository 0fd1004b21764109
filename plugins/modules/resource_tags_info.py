#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: resource_tags_info
short_description: Whether named resources exist, and their tags, where no info module reads them
version_added: 0.1.0
description:
  - Reads named resources of the kinds that amazon.aws and community.aws have no C(_info) module for
    (Secrets Manager secrets, SSM parameters, RDS DB subnet groups, ElastiCache replication groups, ECS
    clusters and capacity providers, Cloud Map private DNS namespaces and services) and returns whether
    each exists and its tags, never a secret's or a parameter's value.
  - Written for teardown, which deletes a resource only when its tags say the collection created it
    for the environment (the C(airflow_ecs.deploy.owned_by) test). Without it a role would have to read
    through a module that changes resources, run in check mode.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  kind:
    description: What the names are.
    type: str
    required: true
    choices: [secret, ssm_parameter, db_subnet_group, replication_group, ecs_cluster, ecs_capacity_provider,
              service_discovery_namespace, service_discovery_service]
  names:
    description:
      - Names (or ARNs, for secrets) of the resources to read.
      - A Cloud Map service is named C(<namespace name>/<service name>). Where several private DNS namespaces
        share a name, the one with the lowest id is read.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read the environment's secrets before deleting them
  airflow_ecs.deploy.resource_tags_info:
    kind: secret
    names: [airflow-ecs/prod/airflow, airflow-ecs/prod/database-password]
  register: found

- name: Delete the ones the collection created for prod
  community.aws.secretsmanager_secret:
    name: "{{ item.name }}"
    state: absent
  loop: "{{ found.resources | selectattr('exists') | selectattr('tags', 'airflow_ecs.deploy.owned_by', 'prod') | list }}"
"""

RETURN = r"""
resources:
  description: One entry per name, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The name as given.
      type: str
    exists:
      description:
        - Whether the resource exists. A secret scheduled for deletion, a replication group being
          deleted and a capacity provider being deleted count as existing; see RV(resources[].deleting).
          An INACTIVE (deleted) ECS cluster or capacity provider does not exist.
      type: bool
    deleting:
      description: Whether a secret is scheduled for deletion, or a replication group or capacity provider is being deleted.
      type: bool
    arn:
      description: The resource's ARN; null when it does not exist (or the API does not report it).
      type: str
    tags:
      description: The resource's tags; empty when it does not exist.
      type: dict
"""

try:
    import botocore
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import namespaces_named
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import CLOUD_MAP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ELASTICACHE_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import service_named
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import services_in_namespace

GONE = {"name": None, "exists": False, "deleting": False, "arn": None, "tags": {}}


def read_secret(client, name):
    try:
        secret = client.describe_secret(SecretId=name, aws_retry=True)
    except is_boto3_error_code("ResourceNotFoundException"):
        return None
    return {"arn": secret["ARN"], "deleting": bool(secret.get("DeletedDate")),
            "tags": boto3_tag_list_to_ansible_dict(secret.get("Tags") or [])}


def _tag_list(client, arn):
    """RDS and ElastiCache: ListTagsForResource by ARN (both return Key/Value tag lists)."""
    return ELASTICACHE_TAGS.to_dict(client.list_tags_for_resource(ResourceName=arn, aws_retry=True).get("TagList") or [])


def read_db_subnet_group(client, name):
    try:
        group = client.describe_db_subnet_groups(DBSubnetGroupName=name, aws_retry=True)["DBSubnetGroups"][0]
    except is_boto3_error_code("DBSubnetGroupNotFoundFault"):
        return None
    return {"arn": group["DBSubnetGroupArn"], "deleting": False, "tags": _tag_list(client, group["DBSubnetGroupArn"])}


def read_replication_group(client, name):
    try:
        group = client.describe_replication_groups(ReplicationGroupId=name, aws_retry=True)["ReplicationGroups"][0]
    except is_boto3_error_code("ReplicationGroupNotFoundFault"):
        return None
    return {"arn": group["ARN"], "deleting": group.get("Status") in ("deleting", "deleted"), "tags": _tag_list(client, group["ARN"])}


def read_ecs_cluster(client, name):
    clusters = client.describe_clusters(clusters=[name], include=["TAGS"], aws_retry=True).get("clusters") or []
    active = [cluster for cluster in clusters if cluster.get("status") != "INACTIVE"]
    if not active:
        return None
    return {"arn": active[0]["clusterArn"], "deleting": False, "tags": ECS_TAGS.to_dict(active[0].get("tags") or [])}


def read_ecs_capacity_provider(client, name):
    found = client.describe_capacity_providers(capacityProviders=[name], include=["TAGS"], aws_retry=True)
    active = [provider for provider in found.get("capacityProviders") or [] if provider.get("status") != "INACTIVE"]
    if not active:
        return None
    provider = active[0]
    return {"arn": provider["capacityProviderArn"], "deleting": provider.get("updateStatus") == "DELETE_IN_PROGRESS",
            "tags": ECS_TAGS.to_dict(provider.get("tags") or [])}


def read_ssm_parameter(client, name):
    filters = [{"Key": "Name", "Option": "Equals", "Values": [name]}]
    found = client.describe_parameters(ParameterFilters=filters, aws_retry=True).get("Parameters") or []
    if not found:
        return None
    tags = client.list_tags_for_resource(ResourceType="Parameter", ResourceId=name, aws_retry=True).get("TagList") or []
    return {"arn": found[0].get("ARN"), "deleting": False, "tags": boto3_tag_list_to_ansible_dict(tags)}


@aws_retry()
def _all_pages(client, operation, key, **params):
    return client.get_paginator(operation).paginate(**params).build_full_result().get(key, [])


def _private_namespace(client, name):
    namespaces = _all_pages(client, "list_namespaces", "Namespaces")
    named = sorted(namespaces_named(namespaces, name), key=lambda namespace: namespace["Id"])
    return named[0] if named else None


def _cloud_map_tags(client, arn):
    return CLOUD_MAP_TAGS.to_dict(client.list_tags_for_resource(ResourceARN=arn, aws_retry=True).get("Tags") or [])


def read_service_discovery_namespace(client, name):
    namespace = _private_namespace(client, name)
    if namespace is None:
        return None
    return {"arn": namespace["Arn"], "deleting": False, "tags": _cloud_map_tags(client, namespace["Arn"])}


def read_service_discovery_service(client, name):
    namespace_name, _slash, service_name = name.rpartition("/")
    namespace = _private_namespace(client, namespace_name) if namespace_name else None
    if namespace is None:
        return None
    filters = [{"Name": "NAMESPACE_ID", "Values": [namespace["Id"]], "Condition": "EQ"}]
    services = _all_pages(client, "list_services", "Services", Filters=filters)
    service = service_named(services_in_namespace(services, namespace["Id"]), service_name)
    if service is None:
        return None
    return {"arn": service["Arn"], "deleting": False, "tags": _cloud_map_tags(client, service["Arn"])}


KINDS = {
    "secret": ("secretsmanager", read_secret),
    "ssm_parameter": ("ssm", read_ssm_parameter),
    "db_subnet_group": ("rds", read_db_subnet_group),
    "replication_group": ("elasticache", read_replication_group),
    "ecs_cluster": ("ecs", read_ecs_cluster),
    "ecs_capacity_provider": ("ecs", read_ecs_capacity_provider),
    "service_discovery_namespace": ("servicediscovery", read_service_discovery_namespace),
    "service_discovery_service": ("servicediscovery", read_service_discovery_service),
}


def main():
    argument_spec = dict(
        kind=dict(type="str", required=True, choices=list(KINDS)),
        names=dict(type="list", elements="str", required=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    service, read = KINDS[module.params["kind"]]
    client = module.client(service, retry_decorator=aws_retry())
    resources = []
    for name in module.params["names"]:
        try:
            found = read(client, name)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg="Failed to read %s %s" % (module.params["kind"], name))
        resources.append(dict(GONE, name=name) if found is None else dict(found, name=name, exists=True))
    module.exit_json(changed=False, resources=resources)


if __name__ == "__main__":
    main()
