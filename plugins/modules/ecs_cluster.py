#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ecs_cluster
short_description: Manage an ECS cluster with its tags, Container Insights, capacity providers and Service Connect namespace
version_added: 0.1.0
description:
  - Creates, updates or deletes an Amazon ECS cluster.
  - Written because M(community.aws.ecs_cluster) cannot tag a cluster, cannot turn on
    Container Insights, and cannot set the Service Connect default namespace the
    Airflow services use to find the api-server. Tags matter in this collection, since
    teardown only touches resources that carry the environment tag.
    M(community.aws.ecs_tag) fails on a cluster that has no tags yet on some API
    implementations.
  - A capacity provider must exist before it can be attached; this module does not
    create capacity providers.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  name:
    description: Name of the cluster.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the cluster, V(absent) deletes it.
      - Deleting fails while services or container instances remain in the cluster.
    type: str
    choices: [present, absent]
    default: present
  container_insights:
    description:
      - CloudWatch Container Insights for the cluster.
      - Unset leaves the current setting unchanged.
    type: str
    choices: [enabled, disabled, enhanced]
  capacity_providers:
    description:
      - Names of the capacity providers attached to the cluster (the complete list).
      - Unset leaves the current list unchanged; V([]) detaches every provider.
    type: list
    elements: str
  default_capacity_provider_strategy:
    description:
      - Strategy used by services and tasks that do not give their own.
      - Unset leaves the current strategy unchanged.
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description: Name of a capacity provider attached to the cluster.
        type: str
        required: true
      weight:
        description: Relative share of tasks placed with this provider.
        type: int
        default: 0
      base:
        description: Minimum number of tasks placed with this provider; only one provider may have a base.
        type: int
        default: 0
  service_connect_namespace:
    description:
      - Cloud Map namespace (name or ARN) used by default for Service Connect.
      - Unset leaves it unchanged; an empty string removes it.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Create the cluster of the prod environment
  airflow_ecs.deploy.ecs_cluster:
    name: airflow-prod
    container_insights: enabled
    tags:
      airflow_ecs_environment: prod

- name: Attach capacity providers and make the core tier the default
  airflow_ecs.deploy.ecs_cluster:
    name: airflow-prod
    capacity_providers: [airflow-prod-core, airflow-prod-worker]
    default_capacity_provider_strategy:
      - capacity_provider: airflow-prod-core
        weight: 1
        base: 1

- name: Delete the cluster
  airflow_ecs.deploy.ecs_cluster:
    name: airflow-prod
    state: absent
"""

RETURN = r"""
cluster:
  description: The cluster after the change (in check mode, as it would be). Null when absent.
  returned: always
  type: dict
  contains:
    cluster_name:
      description: Name of the cluster.
      type: str
      sample: airflow-prod
    cluster_arn:
      description: ARN of the cluster.
      type: str
      sample: arn:aws:ecs:eu-west-1:123456789012:cluster/airflow-prod
    status:
      description: Cluster status.
      type: str
      sample: ACTIVE
    container_insights:
      description: Container Insights setting.
      type: str
      sample: enabled
    capacity_providers:
      description: Attached capacity providers, sorted.
      type: list
      elements: str
    default_capacity_provider_strategy:
      description: Default capacity provider strategy, sorted by provider.
      type: list
      elements: dict
    service_connect_namespace:
      description: ARN of the Service Connect default namespace, if any.
      type: str
    tags:
      description: Tags of the cluster.
      type: dict
"""

from copy import deepcopy
from functools import partial

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import capacity_providers_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import container_insights_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import namespace_changed
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import normalize_cluster
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import normalize_strategy
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import strategy_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_cluster import strategy_to_api
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags


def describe_cluster(client, name):
    response = client.describe_clusters(clusters=[name], include=["SETTINGS", "TAGS"], aws_retry=True)
    clusters = response.get("clusters") or []
    return normalize_cluster(clusters[0]) if clusters else None


def create_cluster(module, client, name):
    params = module.params
    planned = {
        "cluster_name": name,
        "cluster_arn": None,
        "status": "ACTIVE",
        "container_insights": params["container_insights"] or "disabled",
        "capacity_providers": sorted(params["capacity_providers"] or []),
        "default_capacity_provider_strategy": normalize_strategy(params["default_capacity_provider_strategy"]),
        "service_connect_namespace": params["service_connect_namespace"] or None,
        "tags": params["tags"] or {},
    }
    if module.check_mode:
        return planned

    request = {"clusterName": name, "tags": ECS_TAGS.to_list(params["tags"])}
    if params["container_insights"]:
        request["settings"] = [{"name": "containerInsights", "value": params["container_insights"]}]
    if params["capacity_providers"]:
        request["capacityProviders"] = params["capacity_providers"]
    if params["default_capacity_provider_strategy"]:
        request["defaultCapacityProviderStrategy"] = strategy_to_api(params["default_capacity_provider_strategy"])
    if params["service_connect_namespace"]:
        request["serviceConnectDefaults"] = {"namespace": params["service_connect_namespace"]}
    if not request["tags"]:
        del request["tags"]
    client.create_cluster(aws_retry=True, **request)
    return describe_cluster(client, name)


def ensure_container_insights(module, client, cluster):
    desired = module.params["container_insights"]
    if not container_insights_changed(cluster, desired):
        return False
    cluster["container_insights"] = desired
    if not module.check_mode:
        client.update_cluster(
            cluster=cluster["cluster_name"],
            settings=[{"name": "containerInsights", "value": desired}],
            aws_retry=True,
        )
    return True


def ensure_capacity_providers(module, client, cluster):
    providers = module.params["capacity_providers"]
    strategy = module.params["default_capacity_provider_strategy"]
    if not capacity_providers_changed(cluster, providers, strategy):
        return False
    # The API replaces both lists at once, so an unset one keeps its current value.
    if providers is not None:
        cluster["capacity_providers"] = sorted(providers)
    if strategy is not None:
        cluster["default_capacity_provider_strategy"] = normalize_strategy(strategy)
    if not module.check_mode:
        client.put_cluster_capacity_providers(
            cluster=cluster["cluster_name"],
            capacityProviders=cluster["capacity_providers"],
            defaultCapacityProviderStrategy=strategy_to_api(cluster["default_capacity_provider_strategy"]),
            aws_retry=True,
        )
    return True


def ensure_namespace(module, client, cluster):
    desired = module.params["service_connect_namespace"]
    if not namespace_changed(cluster, desired):
        return False
    cluster["service_connect_namespace"] = desired or None
    if not module.check_mode:
        client.update_cluster(
            cluster=cluster["cluster_name"],
            serviceConnectDefaults={"namespace": desired},
            aws_retry=True,
        )
    return True


def ensure_present(module, client, original):
    if original is None:
        return True, create_cluster(module, client, module.params["name"])
    cluster = deepcopy(original)
    changed = False
    changed |= ensure_container_insights(module, client, cluster)
    changed |= ensure_capacity_providers(module, client, cluster)
    changed |= ensure_namespace(module, client, cluster)
    changed |= ensure_tags(module, client, ECS_TAGS, cluster, cluster["cluster_arn"])
    return changed, cluster


def ensure_absent(module, client, original):
    if original is None:
        return False
    if not module.check_mode:
        client.delete_cluster(cluster=original["cluster_name"], aws_retry=True)
    return True


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        container_insights=dict(type="str", choices=["enabled", "disabled", "enhanced"]),
        capacity_providers=dict(type="list", elements="str"),
        default_capacity_provider_strategy=dict(
            type="list",
            elements="dict",
            options=dict(
                capacity_provider=dict(type="str", required=True),
                weight=dict(type="int", default=0),
                base=dict(type="int", default=0),
            ),
        ),
        service_connect_namespace=dict(type="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    errors = strategy_errors(module.params["capacity_providers"], module.params["default_capacity_provider_strategy"])
    if errors:
        module.fail_json(msg="; ".join(errors))

    client = module.client("ecs", retry_decorator=aws_retry())
    name = module.params["name"]
    messages = {
        "ClusterContainsServicesException": f"cluster {name} still has services: delete them before the cluster",
        "ClusterContainsContainerInstancesException": f"cluster {name} still has container instances: scale its auto scaling groups to 0 first",
    }
    with reported_errors(module, f"Failed to manage ECS cluster {name}", messages):
        changed, before, after = converge(module, client, partial(describe_cluster, client, name), ensure_present, ensure_absent)
    module.exit_json(**module_result(changed, resource_diff(before, after), cluster=after))


if __name__ == "__main__":
    main()
