# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the ecs_cluster module (no AWS calls)."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ECS_TAGS


def normalize_strategy(strategy):
    """Turn a capacity provider strategy (API or module form) into sorted module form."""
    items = []
    for item in strategy or []:
        items.append(
            {
                "capacity_provider": item.get("capacity_provider", item.get("capacityProvider")),
                "weight": int(item.get("weight") or 0),
                "base": int(item.get("base") or 0),
            }
        )
    return sorted(items, key=lambda item: item["capacity_provider"])


def strategy_to_api(strategy):
    return [
        {"capacityProvider": item["capacity_provider"], "weight": item["weight"], "base": item["base"]}
        for item in normalize_strategy(strategy)
    ]


def normalize_cluster(cluster):
    """Describe-clusters output -> the snake_case shape the module returns and diffs."""
    if not cluster or cluster.get("status") == "INACTIVE":
        return None
    settings = {item["name"]: item["value"] for item in cluster.get("settings") or []}
    namespace = (cluster.get("serviceConnectDefaults") or {}).get("namespace")
    return {
        "cluster_name": cluster["clusterName"],
        "cluster_arn": cluster["clusterArn"],
        "status": cluster.get("status"),
        "container_insights": settings.get("containerInsights", "disabled"),
        "capacity_providers": sorted(cluster.get("capacityProviders") or []),
        "default_capacity_provider_strategy": normalize_strategy(cluster.get("defaultCapacityProviderStrategy")),
        "service_connect_namespace": namespace,
        "tags": ECS_TAGS.to_dict(cluster.get("tags")),
    }


def container_insights_changed(current, desired):
    """Whether Container Insights must be set; None leaves it as it is."""
    return desired is not None and current["container_insights"] != desired


def capacity_providers_changed(current, providers, strategy):
    """Whether the providers or the default strategy differ; None leaves each as it is."""
    if providers is not None and sorted(providers) != current["capacity_providers"]:
        return True
    if strategy is not None and normalize_strategy(strategy) != current["default_capacity_provider_strategy"]:
        return True
    return False


def namespace_changed(current, desired):
    """Whether the Service Connect default namespace differs.

    AWS reports the namespace as an ARN; a name given by the user matches the
    ARN's last path element.
    """
    if desired is None:
        return False
    actual = current["service_connect_namespace"] or ""
    if desired == actual:
        return False
    return not (desired and not desired.startswith("arn:") and actual.rsplit("/", 1)[-1] == desired)


def strategy_errors(providers, strategy):
    """Input problems with the default strategy, as messages that name the option."""
    errors = []
    named = [item.get("capacity_provider") for item in strategy or []]
    if providers is not None:
        for name in named:
            if name not in providers:
                errors.append(
                    f"default_capacity_provider_strategy names '{name}', which is not in capacity_providers"
                )
    if len(set(named)) != len(named):
        errors.append("default_capacity_provider_strategy names a capacity provider more than once")
    if sum(1 for item in strategy or [] if (item.get("base") or 0) > 0) > 1:
        errors.append("default_capacity_provider_strategy: only one capacity provider may have a base above 0")
    return errors
