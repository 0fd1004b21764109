# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure logic for the Cloud Map modules (service_discovery_namespace, service_discovery_service).

No AWS calls here: the modules pass in what they described, and `wait_for_operation`
takes the call that reads an operation as an argument.
"""

from __future__ import annotations

import time

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import CLOUD_MAP_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import poll

PRIVATE_DNS = "DNS_PRIVATE"


class OperationFailed(AnsibleAWSError):
    """A Cloud Map operation ended with status FAIL."""


# Operations ---------------------------------------------------------------------------------


def wait_for_operation(get_operation, operation_id, timeout, delay=2, sleep=time.sleep, clock=time.monotonic):
    """Poll `get_operation(operation_id)` until the operation succeeds.

    Returns the operation; raises OperationFailed when it ends in FAIL and WaitTimeout
    when it is still SUBMITTED/PENDING after `timeout` seconds.
    """

    def read():
        operation = get_operation(operation_id)
        if operation.get("Status") == "FAIL":
            raise OperationFailed(
                f"operation {operation_id} failed: "
                f"{operation.get('ErrorCode', 'unknown error')}: {operation.get('ErrorMessage', '')}".rstrip(": ")
            )
        return operation

    return poll(
        read,
        lambda operation: operation.get("Status") == "SUCCESS",
        timeout,
        delay,
        lambda operation: (
            f"operation {operation_id} is still {operation.get('Status')} after {timeout} seconds; "
            "raise wait_timeout or look it up with `aws servicediscovery get-operation`"
        ),
        sleep=sleep,
        clock=clock,
    )


def operation_target(operation, target_type):
    """The id an operation works on (target_type NAMESPACE, SERVICE or INSTANCE), or None."""
    return (operation.get("Targets") or {}).get(target_type)


# Namespaces ---------------------------------------------------------------------------------


def normalize_namespace(namespace, tags, vpc_ids):
    """GetNamespace output (+ tags and the VPCs of its hosted zone) -> the shape the module returns."""
    if not namespace:
        return None
    dns = (namespace.get("Properties") or {}).get("DnsProperties") or {}
    return {
        "id": namespace["Id"],
        "arn": namespace["Arn"],
        "name": namespace["Name"],
        "type": namespace.get("Type"),
        "description": namespace.get("Description") or "",
        "hosted_zone_id": dns.get("HostedZoneId"),
        "vpc_ids": sorted(vpc_ids or []),
        "tags": CLOUD_MAP_TAGS.to_dict(tags),
    }


def namespaces_named(namespaces, name, ns_type=PRIVATE_DNS):
    """The namespace summaries with this name and type (names compare without a trailing dot)."""
    wanted = name.rstrip(".").lower()
    return [
        namespace
        for namespace in namespaces or []
        if namespace.get("Type") == ns_type and namespace.get("Name", "").rstrip(".").lower() == wanted
    ]


def choose_namespace(candidates, name, vpc_id):
    """Pick the namespace this module manages among same-named ones.

    `candidates` is a list of (namespace summary, VPC ids of its hosted zone). A hosted zone
    whose VPCs cannot be read (an empty list) could be in any VPC: one such candidate is
    taken as ours; several are ambiguous. Returns (namespace or None, error message or None).
    """
    for namespace, vpcs in candidates:
        if vpc_id in vpcs:
            return namespace, None
    unknown = [namespace for namespace, vpcs in candidates if not vpcs]
    if len(unknown) == 1:
        return unknown[0], None
    if len(unknown) > 1:
        ids = ", ".join(sorted(namespace["Id"] for namespace in unknown))
        return None, f"several private DNS namespaces are named {name} ({ids}) and their VPCs cannot be read"
    if candidates:
        where = "; ".join(
            f"{namespace['Id']} in {', '.join(sorted(vpcs))}" for namespace, vpcs in candidates
        )
        return None, (
            f"a private DNS namespace named {name} already exists in another VPC ({where}), not in {vpc_id}; "
            "namespaces are matched by name, so delete that one or choose another name"
        )
    return None, None


def description_changed(current, desired):
    """Whether the description differs; None leaves it as it is."""
    return desired is not None and (current.get("description") or "") != desired


# Services -----------------------------------------------------------------------------------


def desired_dns_records(record_type, ttl):
    return [{"type": record_type, "ttl": int(ttl)}]


def dns_records_to_api(records):
    return [{"Type": record["type"], "TTL": record["ttl"]} for record in records]


def normalize_service(service, tags):
    """GetService output (+ tags) -> the shape the module returns."""
    if not service:
        return None
    dns = service.get("DnsConfig") or {}
    custom = service.get("HealthCheckCustomConfig")
    return {
        "id": service["Id"],
        "arn": service["Arn"],
        "name": service["Name"],
        "namespace_id": service.get("NamespaceId") or dns.get("NamespaceId"),
        "description": service.get("Description") or "",
        "dns_records": sorted(
            ({"type": record["Type"], "ttl": int(record["TTL"])} for record in dns.get("DnsRecords") or []),
            key=lambda record: record["type"],
        ),
        "routing_policy": dns.get("RoutingPolicy"),
        "health_check_custom_config": (
            {"failure_threshold": int(custom.get("FailureThreshold") or 1)} if custom is not None else None
        ),
        "tags": CLOUD_MAP_TAGS.to_dict(tags),
    }


def services_in_namespace(services, namespace_id):
    """Keep the summaries of one namespace.

    ListServices is called with a NAMESPACE_ID filter; its summaries carry no namespace id on
    AWS, so a summary without one is trusted to match. Some API implementations ignore the
    filter but do return the id, which this check then uses.
    """
    return [service for service in services or [] if service.get("NamespaceId", namespace_id) == namespace_id]


def service_named(services, name):
    for service in services or []:
        if service.get("Name", "").lower() == name.lower():
            return service
    return None


def dns_records_changed(current, desired_records):
    return sorted(desired_records, key=lambda record: record["type"]) != current["dns_records"]


def routing_policy_error(current, desired):
    """UpdateService cannot change the routing policy: a message when it differs."""
    if desired is None or current.get("routing_policy") in (None, desired):
        return None
    return (
        f"routing_policy of service {current['name']} is {current['routing_policy']} and cannot be changed "
        f"to {desired}: delete the service (state=absent) and create it again"
    )


def health_check_custom_config_error(current, desired):
    """UpdateService cannot add or remove the custom health check: a message when that is asked.

    The failure threshold is not compared: Cloud Map no longer honours it and reports 1.
    """
    if desired is None or current.get("health_check_custom_config") is not None:
        return None
    return (
        f"service {current['name']} was created without health_check_custom_config, which cannot be added "
        "later: delete the service (state=absent) and create it again"
    )


def record_type_error(current, desired_records):
    """The record types of a service are fixed at creation; only their TTL can be updated."""
    have = sorted(record["type"] for record in current["dns_records"])
    want = sorted(record["type"] for record in desired_records)
    if not have or have == want:
        return None
    return (
        f"service {current['name']} has DNS records of type {', '.join(have)}, which cannot be changed to "
        f"{', '.join(want)}: delete the service (state=absent) and create it again"
    )


def service_update_request(service):
    """The ServiceChange for UpdateService.

    UpdateService deletes whatever DnsRecords are left out, so the request always carries
    the complete record list and the description.
    """
    return {
        "Description": service["description"],
        "DnsConfig": {"DnsRecords": dns_records_to_api(service["dns_records"])},
    }
