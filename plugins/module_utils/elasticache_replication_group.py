# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the elasticache_replication_group module (no AWS calls).

The normalized shape never holds the AUTH token, only whether one is set.
"""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ELASTICACHE_TAGS

GONE_STATUSES = ("deleting", "deleted")
_GROUP_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_NODE_TYPE = re.compile(r"^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$")
# ElastiCache AUTH tokens: 16-128 printable ASCII characters; the only non-alphanumeric
# characters allowed are ! & # $ ^ < > and -.
_AUTH_TOKEN = re.compile(r"^[A-Za-z0-9!&#$^<>-]{16,128}$")


def _endpoint(data):
    if not data or not data.get("Address"):
        return None
    return {"address": data["Address"], "port": data.get("Port")}


def normalize_group(group, member=None, tags=None):
    """DescribeReplicationGroups output (+ one member cache cluster, + tags) -> module shape.

    `member` is the DescribeCacheClusters entry of a member cluster: the replication group
    itself does not report the engine version, subnet group, security groups, maintenance
    window or parameter group. When it is None those fields are None (unknown).
    """
    if not group:
        return None
    node_groups = group.get("NodeGroups") or []
    node_group = node_groups[0] if node_groups else {}
    members = list(group.get("MemberClusters") or [])
    primary = _endpoint(node_group.get("PrimaryEndpoint"))
    member = member or {}
    security_groups = member.get("SecurityGroups")
    return {
        "replication_group_id": group["ReplicationGroupId"],
        "arn": group.get("ARN"),
        "description": group.get("Description"),
        "status": group.get("Status"),
        "engine": group.get("Engine") or member.get("Engine") or "redis",
        "engine_version": member.get("EngineVersion"),
        "cache_node_type": group.get("CacheNodeType"),
        "cluster_enabled": bool(group.get("ClusterEnabled")),
        "num_node_groups": len(node_groups),
        "replicas_per_node_group": max(len(members) - 1, 0),
        "member_clusters": members,
        "primary_endpoint": primary,
        "reader_endpoint": _endpoint(node_group.get("ReaderEndpoint")),
        "port": (primary or {}).get("port"),
        "automatic_failover": group.get("AutomaticFailover") in ("enabled", "enabling"),
        "multi_az": group.get("MultiAZ") == "enabled",
        "transit_encryption": bool(group.get("TransitEncryptionEnabled")),
        "transit_encryption_mode": group.get("TransitEncryptionMode"),
        "at_rest_encryption": bool(group.get("AtRestEncryptionEnabled")),
        "kms_key_id": group.get("KmsKeyId"),
        "auth_token_enabled": bool(group.get("AuthTokenEnabled")),
        "snapshot_retention_limit": group.get("SnapshotRetentionLimit"),
        "cache_subnet_group_name": member.get("CacheSubnetGroupName"),
        "security_group_ids": (
            sorted(item["SecurityGroupId"] for item in security_groups) if security_groups is not None else None
        ),
        "preferred_maintenance_window": member.get("PreferredMaintenanceWindow"),
        "parameter_group_name": (member.get("CacheParameterGroup") or {}).get("CacheParameterGroupName"),
        "tags": dict(tags or {}),
    }


def is_gone(group):
    """Whether a normalized group is absent or on its way out."""
    return group is None or group["status"] in GONE_STATUSES


def input_errors(params):
    """Problems with the module input alone, each naming the option."""
    errors = []
    group_id = params.get("replication_group_id") or ""
    if not _GROUP_ID.match(group_id) or group_id.endswith("-") or "--" in group_id:
        errors.append(
            "replication_group_id must be 1-40 lower-case letters, digits and hyphens, start with a letter, "
            "not end with a hyphen nor hold two hyphens in a row; got '%s'" % group_id
        )
    if params.get("state") == "absent":
        return errors
    node_type = params.get("cache_node_type")
    if node_type is not None and not _NODE_TYPE.match(node_type):
        errors.append("cache_node_type must look like cache.<family>.<size>, e.g. cache.t4g.small; got '%s'" % node_type)
    replicas = params.get("replicas_per_node_group")
    if replicas is not None and not 0 <= replicas <= 5:
        errors.append("replicas_per_node_group must be 0 to 5; got %s" % replicas)
    token = params.get("auth_token")
    if token is not None:
        if not _AUTH_TOKEN.match(token):
            # Never echo the token; describe what is wrong with it.
            errors.append("auth_token " + auth_token_problem(token))
        if not params.get("transit_encryption"):
            errors.append("auth_token needs transit_encryption=true (ElastiCache only accepts AUTH over TLS)")
    if params.get("kms_key_id") and not params.get("at_rest_encryption"):
        errors.append("kms_key_id needs at_rest_encryption=true")
    snapshots = params.get("snapshot_retention_limit")
    if snapshots is not None and not 0 <= snapshots <= 35:
        errors.append("snapshot_retention_limit must be 0 to 35 days; got %s" % snapshots)
    return errors


def auth_token_problem(token):
    """What is wrong with an AUTH token, without repeating it; '' when it is valid."""
    if not isinstance(token, str):
        return "must be a string"
    if not 16 <= len(token) <= 128:
        return "must be 16 to 128 characters long; it has %d" % len(token)
    if not _AUTH_TOKEN.match(token):
        return "may hold only letters, digits and the characters ! & # $ ^ < > - (no @, quotes, / or spaces)"
    return ""


def resolve_failover(replicas, automatic_failover, multi_az):
    """(automatic failover on, Multi-AZ on, errors) for a number of replicas.

    `auto` turns automatic failover on when there is a replica to fail over to, and
    Multi-AZ on together with automatic failover.
    """
    errors = []
    if automatic_failover == "auto":
        failover = replicas > 0
    else:
        failover = automatic_failover == "enabled"
    if failover and replicas == 0:
        errors.append("automatic_failover=enabled needs at least one replica (replicas_per_node_group >= 1)")
    if multi_az == "auto":
        spread = failover
    else:
        spread = multi_az == "enabled"
    if spread and not failover:
        errors.append("multi_az=enabled needs automatic failover (and so at least one replica)")
    return failover, spread, errors


def desired_replicas(current, requested):
    """The replica count to converge to: the requested one, else the current one, else 0."""
    if requested is not None:
        return requested
    if current is not None:
        return current["replicas_per_node_group"]
    return 0


def immutable_errors(current, params):
    """Differences that cannot be applied in place, each as a message naming the option."""
    errors = []
    name = current["replication_group_id"]
    if current["cluster_enabled"] or current["num_node_groups"] > 1:
        errors.append(
            "num_node_groups: replication group %s has cluster mode enabled; this module manages "
            "cluster-mode-disabled groups (one shard) only" % name
        )
    if current["transit_encryption"] != params["transit_encryption"]:
        errors.append(
            "transit_encryption: cannot turn in-transit encryption %s on replication group %s in place; it "
            "takes a client migration (TransitEncryptionMode preferred, then required). Migrate by hand "
            "or recreate the group" % ("on" if params["transit_encryption"] else "off", name)
        )
    if current["at_rest_encryption"] != params["at_rest_encryption"]:
        errors.append(
            "at_rest_encryption: encryption at rest is fixed when replication group %s is created "
            "(it is %s); recreate the group to change it" % (name, "on" if current["at_rest_encryption"] else "off")
        )
    if params.get("kms_key_id") and kms_key_changed(current["kms_key_id"], params["kms_key_id"]):
        errors.append(
            "kms_key_id: the at-rest encryption key of replication group %s is fixed at creation (%s)"
            % (name, current["kms_key_id"] or "the AWS managed key")
        )
    subnet_group = params.get("cache_subnet_group_name")
    if subnet_group and current["cache_subnet_group_name"] not in (None, subnet_group):
        errors.append(
            "cache_subnet_group_name: replication group %s is in subnet group %s; the subnet group cannot "
            "change in place" % (name, current["cache_subnet_group_name"])
        )
    port = params.get("port")
    if port and current["port"] and current["port"] != port:
        errors.append("port: replication group %s listens on %s; the port cannot change in place" % (name, current["port"]))
    engine = params.get("engine")
    if engine and engine != current["engine"] and not (current["engine"] == "redis" and engine == "valkey"):
        errors.append("engine: replication group %s runs %s; only redis -> valkey can change in place" % (name, current["engine"]))
    token = params.get("auth_token")
    if token and not current["auth_token_enabled"] and not params.get("auth_token_update_strategy"):
        errors.append(
            "auth_token: replication group %s has no AUTH token; set auth_token_update_strategy=ROTATE to "
            "add one (the token is only sent on create or with a strategy)" % name
        )
    return errors


def kms_key_changed(actual, desired):
    """Whether a KMS key given as ARN or key id differs from the key ARN AWS reports."""
    if not desired or desired.startswith("alias/") or ":alias/" in desired:
        return False  # an alias cannot be compared without asking KMS
    if not actual:
        return True
    return actual != desired and not actual.endswith("/" + desired)


def description_changed(current, desired):
    return desired is not None and current["description"] != desired


def engine_changed(current, desired):
    return desired is not None and current["engine"] != desired


def engine_version_changed(current, desired):
    """Whether the engine version differs; '7.1' matches the reported '7.1.0'. Unknown: unchanged."""
    actual = current["engine_version"]
    if not desired or actual is None:
        return False
    return actual != desired and not actual.startswith(desired + ".")


def node_type_changed(current, desired):
    return desired is not None and current["cache_node_type"] != desired


def failover_changed(current, desired):
    return current["automatic_failover"] != desired


def multi_az_changed(current, desired):
    return current["multi_az"] != desired


def security_groups_changed(current, desired):
    if desired is None or current["security_group_ids"] is None:
        return False
    return current["security_group_ids"] != sorted(set(desired))


def snapshot_retention_changed(current, desired):
    return desired is not None and current["snapshot_retention_limit"] != desired


def maintenance_window_changed(current, desired):
    actual = current["preferred_maintenance_window"]
    if not desired or actual is None:
        return False
    return actual.lower() != desired.lower()


def parameter_group_changed(current, desired):
    actual = current["parameter_group_name"]
    if not desired or actual is None:
        return False
    return actual != desired


def modify_request(current, params, failover, multi_az):
    """ModifyReplicationGroup arguments (API names) for what differs; {} when nothing does.

    Replica count and tags are handled apart. The AUTH token is sent only with a strategy.
    """
    request = {}
    if description_changed(current, params.get("description")):
        request["ReplicationGroupDescription"] = params["description"]
    if engine_changed(current, params.get("engine")):
        request["Engine"] = params["engine"]
        if params.get("engine_version"):
            request["EngineVersion"] = params["engine_version"]
    if engine_version_changed(current, params.get("engine_version")):
        request["EngineVersion"] = params["engine_version"]
    if node_type_changed(current, params.get("cache_node_type")):
        request["CacheNodeType"] = params["cache_node_type"]
    if failover_changed(current, failover):
        request["AutomaticFailoverEnabled"] = failover
    if multi_az_changed(current, multi_az):
        request["MultiAZEnabled"] = multi_az
    if security_groups_changed(current, params.get("security_group_ids")):
        request["SecurityGroupIds"] = sorted(set(params["security_group_ids"]))
    if snapshot_retention_changed(current, params.get("snapshot_retention_limit")):
        request["SnapshotRetentionLimit"] = params["snapshot_retention_limit"]
    if maintenance_window_changed(current, params.get("preferred_maintenance_window")):
        request["PreferredMaintenanceWindow"] = params["preferred_maintenance_window"]
    if parameter_group_changed(current, params.get("parameter_group_name")):
        request["CacheParameterGroupName"] = params["parameter_group_name"]
    if params.get("auth_token") and params.get("auth_token_update_strategy"):
        request["AuthToken"] = params["auth_token"]
        request["AuthTokenUpdateStrategy"] = params["auth_token_update_strategy"]
    return request


def apply_modify(current, request):
    """The normalized group as it will be once `request` is applied (for check mode and diffs)."""
    after = dict(current)
    fields = {
        "ReplicationGroupDescription": "description",
        "Engine": "engine",
        "EngineVersion": "engine_version",
        "CacheNodeType": "cache_node_type",
        "AutomaticFailoverEnabled": "automatic_failover",
        "MultiAZEnabled": "multi_az",
        "SecurityGroupIds": "security_group_ids",
        "SnapshotRetentionLimit": "snapshot_retention_limit",
        "PreferredMaintenanceWindow": "preferred_maintenance_window",
        "CacheParameterGroupName": "parameter_group_name",
    }
    for key, field in fields.items():
        if key in request:
            after[field] = request[key]
    if "AuthToken" in request:
        after["auth_token_enabled"] = True
    return after


def replica_step(current_replicas, wanted):
    """('increase' | 'decrease', count) to reach `wanted` replicas, or None."""
    if wanted > current_replicas:
        return ("increase", wanted)
    if wanted < current_replicas:
        return ("decrease", wanted)
    return None


def create_request(params, replicas, failover, multi_az, tags):
    """CreateReplicationGroup arguments (API names) for a cluster-mode-disabled group."""
    request = {
        "ReplicationGroupId": params["replication_group_id"],
        "ReplicationGroupDescription": params.get("description") or params["replication_group_id"],
        "Engine": params["engine"],
        "CacheNodeType": params["cache_node_type"],
        "ClusterMode": "disabled",
        "NumNodeGroups": 1,
        "ReplicasPerNodeGroup": replicas,
        "AutomaticFailoverEnabled": failover,
        "MultiAZEnabled": multi_az,
        "TransitEncryptionEnabled": params["transit_encryption"],
        "AtRestEncryptionEnabled": params["at_rest_encryption"],
        "Port": params["port"],
    }
    optional = {
        "EngineVersion": params.get("engine_version"),
        "CacheSubnetGroupName": params.get("cache_subnet_group_name"),
        "SecurityGroupIds": sorted(set(params["security_group_ids"])) if params.get("security_group_ids") else None,
        "KmsKeyId": params.get("kms_key_id"),
        "AuthToken": params.get("auth_token"),
        "SnapshotRetentionLimit": params.get("snapshot_retention_limit"),
        "PreferredMaintenanceWindow": params.get("preferred_maintenance_window"),
        "CacheParameterGroupName": params.get("parameter_group_name"),
        "Tags": ELASTICACHE_TAGS.to_list(tags) or None,
    }
    request.update({key: value for key, value in optional.items() if value is not None})
    return request


def planned_group(params, replicas, failover, multi_az, tags):
    """The normalized group a create would make (check mode): endpoints and members are unknown."""
    security_groups = params.get("security_group_ids")
    return {
        "replication_group_id": params["replication_group_id"],
        "arn": None,
        "description": params.get("description") or params["replication_group_id"],
        "status": "creating",
        "engine": params["engine"],
        "engine_version": params.get("engine_version"),
        "cache_node_type": params["cache_node_type"],
        "cluster_enabled": False,
        "num_node_groups": 1,
        "replicas_per_node_group": replicas,
        "member_clusters": [],
        "primary_endpoint": None,
        "reader_endpoint": None,
        "port": params["port"],
        "automatic_failover": failover,
        "multi_az": multi_az,
        "transit_encryption": params["transit_encryption"],
        "transit_encryption_mode": "required" if params["transit_encryption"] else None,
        "at_rest_encryption": params["at_rest_encryption"],
        "kms_key_id": params.get("kms_key_id"),
        "auth_token_enabled": bool(params.get("auth_token")),
        "snapshot_retention_limit": params.get("snapshot_retention_limit") or 0,
        "cache_subnet_group_name": params.get("cache_subnet_group_name"),
        "security_group_ids": sorted(set(security_groups)) if security_groups else None,
        "preferred_maintenance_window": params.get("preferred_maintenance_window"),
        "parameter_group_name": params.get("parameter_group_name"),
        "tags": dict(tags or {}),
    }


def waiter_for(state, wait, check_mode, changed, current_status=None):
    """The boto3 waiter the module must run after its calls, or None.

    Waiting happens only when asked, never in check mode, and only when something is in
    flight: a change the module made, or a group it found creating/modifying/deleting.
    """
    if not wait or check_mode:
        return None
    if state == "absent":
        if changed or current_status in GONE_STATUSES[:1]:
            return "replication_group_deleted"
        return None
    if changed or (current_status is not None and current_status != "available"):
        return "replication_group_available"
    return None
