#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: elasticache_replication_group
short_description: Manage an ElastiCache (Redis OSS or Valkey) replication group with TLS and an AUTH token
version_added: 0.1.0
description:
  - Creates, updates or deletes an Amazon ElastiCache replication group with cluster mode
    disabled (one shard, a primary and 0 to 5 replicas), as the Celery broker of Airflow needs
    a single keyspace.
  - Written because M(community.aws.elasticache) manages cache clusters only, with no
    replication group, no in-transit encryption and no AUTH token.
  - The AUTH token is sent only when the group is created, or when
    O(auth_token_update_strategy) is given. It is never compared with the current token
    (AWS cannot tell it), never returned and never part of the diff.
  - What cannot change in place (in-transit encryption, encryption at rest and its KMS key,
    the subnet group, the port, cluster mode) makes the module fail with a message naming the
    option, rather than being ignored.
  - Changes are applied immediately (C(ApplyImmediately)), not in the next maintenance window.
  - The engine version, subnet group, security groups, maintenance window and parameter
    group are read from the group's first member cache cluster. Where that cluster cannot be
    described (the AWS emulator does not model member clusters) those fields are returned as
    null and not compared.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  replication_group_id:
    description:
      - Identifier of the replication group; 1-40 lower-case letters, digits and hyphens,
        starting with a letter.
    type: str
    required: true
  state:
    description: V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - Description of the group.
      - Unset leaves it unchanged; on create it defaults to the identifier.
    type: str
  engine:
    description:
      - Cache engine. An existing Redis OSS group can move to Valkey in place, not back.
    type: str
    choices: [redis, valkey]
    default: redis
  engine_version:
    description:
      - Engine version, e.g. V(7.1) (matches a reported V(7.1.0)).
      - Unset uses the AWS default on create and leaves it unchanged afterwards.
    type: str
  cache_node_type:
    description:
      - Node type of every node, e.g. V(cache.t4g.small). Required to create the group.
      - Unset leaves it unchanged.
    type: str
  num_node_groups:
    description:
      - Number of shards. Fixed at 1 (cluster mode disabled), as Celery needs a single keyspace.
    type: int
    choices: [1]
    default: 1
  replicas_per_node_group:
    description:
      - Number of read replicas beside the primary, 0 to 5.
      - Unset leaves the count unchanged; on create it defaults to 0.
    type: int
  automatic_failover:
    description:
      - Automatic failover to a replica when the primary fails.
      - V(auto) turns it on when the group has at least one replica.
      - V(enabled) with no replica fails.
    type: str
    choices: [auto, enabled, disabled]
    default: auto
  multi_az:
    description:
      - Multi-AZ placement with automatic failover.
      - V(auto) follows automatic failover. V(enabled) needs automatic failover.
    type: str
    choices: [auto, enabled, disabled]
    default: auto
  cache_subnet_group_name:
    description:
      - ElastiCache subnet group of the nodes. Fixed once the group exists.
    type: str
  security_group_ids:
    description:
      - VPC security groups of the nodes (the complete list).
      - Unset leaves them unchanged.
    type: list
    elements: str
  transit_encryption:
    description:
      - In-transit encryption (TLS). Fixed once the group exists (turning it on for an existing
        group takes a client migration through C(TransitEncryptionMode)).
    type: bool
    default: true
  at_rest_encryption:
    description: Encryption at rest. Fixed once the group exists.
    type: bool
    default: true
  kms_key_id:
    description:
      - KMS key (ARN or key id) for encryption at rest; unset uses the AWS managed key.
        Fixed once the group exists.
    type: str
  auth_token:
    description:
      - AUTH token (password) clients must send. Needs O(transit_encryption=true).
      - "16 to 128 characters of letters, digits and C(! & # $ ^ < > -)."
      - Sent only on create, or with O(auth_token_update_strategy).
    type: str
  auth_token_update_strategy:
    description:
      - Send O(auth_token) to an existing group. V(ROTATE) adds the token beside the current
        one, V(SET) makes it the only one (after a ROTATE).
      - The module then reports a change on every run; set it only for the run that rotates.
    type: str
    choices: [ROTATE, SET]
  port:
    description: Port the nodes listen on. Fixed once the group exists.
    type: int
    default: 6379
  snapshot_retention_limit:
    description:
      - Days automatic snapshots are kept, 0 (none) to 35.
      - Unset leaves it unchanged; on create it defaults to 0.
    type: int
  preferred_maintenance_window:
    description:
      - Weekly maintenance window, e.g. V(sun:03:00-sun:04:00) (UTC).
      - Unset leaves it unchanged.
    type: str
  parameter_group_name:
    description:
      - Cache parameter group; it must have cluster mode off.
      - Unset uses the engine's default group on create and leaves it unchanged afterwards.
    type: str
  wait:
    description:
      - Wait until the group is available after a create or modify, and until it is gone
        after a delete. Also waits for a group found creating or modifying before comparing.
      - Steps that AWS runs one after the other (a replica count change followed by a modify)
        always wait in between.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for each wait.
    type: int
    default: 1800
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Create the Celery broker of the prod environment
  airflow_ecs.deploy.elasticache_replication_group:
    replication_group_id: airflow-prod
    description: Celery broker of airflow prod
    engine: redis
    engine_version: "7.1"
    cache_node_type: cache.t4g.small
    replicas_per_node_group: 1
    cache_subnet_group_name: airflow-prod
    security_group_ids: [sg-0123456789abcdef0]
    auth_token: "{{ redis_auth_token }}"
    snapshot_retention_limit: 1
    tags:
      airflow_ecs_environment: prod
  no_log: true

- name: Start the create without waiting (wait later with wait=true)
  airflow_ecs.deploy.elasticache_replication_group:
    replication_group_id: airflow-prod
    cache_node_type: cache.t4g.small
    auth_token: "{{ redis_auth_token }}"
    wait: false
  no_log: true

- name: Rotate the AUTH token
  airflow_ecs.deploy.elasticache_replication_group:
    replication_group_id: airflow-prod
    auth_token: "{{ new_redis_auth_token }}"
    auth_token_update_strategy: ROTATE
  no_log: true

- name: Delete the group
  airflow_ecs.deploy.elasticache_replication_group:
    replication_group_id: airflow-prod
    state: absent
"""

RETURN = r"""
replication_group:
  description:
    - The group after the change (in check mode, as it would be). Null when absent.
    - Never holds the AUTH token.
  returned: always
  type: dict
  contains:
    replication_group_id:
      description: Identifier of the group.
      type: str
      sample: airflow-prod
    arn:
      description: ARN of the group.
      type: str
    status:
      description: Status of the group (creating, available, modifying, deleting ...).
      type: str
      sample: available
    engine:
      description: Cache engine.
      type: str
      sample: redis
    engine_version:
      description: Engine version of the nodes; null when it could not be read.
      type: str
      sample: 7.1.0
    cache_node_type:
      description: Node type.
      type: str
      sample: cache.t4g.small
    primary_endpoint:
      description: Address and port of the primary (writes); null until the group is available.
      type: dict
      sample: {address: master.airflow-prod.abc123.euw1.cache.amazonaws.com, port: 6379}
    reader_endpoint:
      description: Address and port that spreads reads over the replicas; null when unknown.
      type: dict
    port:
      description: Port of the primary endpoint.
      type: int
      sample: 6379
    member_clusters:
      description: Cache cluster ids of the nodes.
      type: list
      elements: str
    replicas_per_node_group:
      description: Number of replicas.
      type: int
    automatic_failover:
      description: Whether automatic failover is on.
      type: bool
    multi_az:
      description: Whether Multi-AZ is on.
      type: bool
    transit_encryption:
      description: Whether in-transit encryption is on.
      type: bool
    at_rest_encryption:
      description: Whether encryption at rest is on.
      type: bool
    auth_token_enabled:
      description: Whether an AUTH token is set (the token itself is never returned).
      type: bool
    snapshot_retention_limit:
      description: Days snapshots are kept.
      type: int
    tags:
      description: Tags of the group.
      type: dict
"""

from copy import deepcopy
from functools import partial

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import apply_modify
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import create_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import desired_replicas
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import immutable_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import input_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import modify_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import normalize_group
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import planned_group
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import replica_step
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import resolve_failover
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import waiter_for
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ELASTICACHE_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import run_waiter

WAIT_DELAY = 15


def _describe_member(client, group):
    members = group.get("MemberClusters") or []
    if not members or group.get("Status") in ("deleting", "deleted"):
        return None
    try:
        clusters = client.describe_cache_clusters(CacheClusterId=members[0], aws_retry=True)["CacheClusters"]
    except is_boto3_error_code("CacheClusterNotFound"):
        return None  # the emulator keeps no cache clusters for replication group members
    return clusters[0] if clusters else None


def _list_tags(client, group):
    if not group.get("ARN") or group.get("Status") in ("deleting", "deleted"):
        return {}
    return ELASTICACHE_TAGS.to_dict(client.list_tags_for_resource(ResourceName=group["ARN"], aws_retry=True).get("TagList"))


def describe_group(client, group_id):
    try:
        groups = client.describe_replication_groups(ReplicationGroupId=group_id, aws_retry=True)["ReplicationGroups"]
    except is_boto3_error_code("ReplicationGroupNotFoundFault"):
        return None
    if not groups:
        return None
    group = groups[0]
    return normalize_group(group, _describe_member(client, group), _list_tags(client, group))


def wait_for(module, client, waiter_name):
    group_id = module.params["replication_group_id"]
    timeout = module.params["wait_timeout"]
    goal = "gone" if waiter_name == "replication_group_deleted" else "available"
    run_waiter(
        client,
        waiter_name,
        timeout,
        WAIT_DELAY,
        lambda detail: f"replication group {group_id} was not {goal} within wait_timeout={timeout} s ({detail})",
        ReplicationGroupId=group_id,
    )


def _failover(module, current):
    params = module.params
    replicas = desired_replicas(current, params["replicas_per_node_group"])
    failover, multi_az, errors = resolve_failover(replicas, params["automatic_failover"], params["multi_az"])
    return replicas, failover, multi_az, errors


def create_group(module, client):
    params = module.params
    if not params["cache_node_type"]:
        module.fail_json(msg=f"cache_node_type is required to create replication group {params['replication_group_id']}")
    replicas, failover, multi_az, errors = _failover(module, None)
    if errors:
        module.fail_json(msg="; ".join(errors))
    if module.check_mode:
        return planned_group(params, replicas, failover, multi_az, params["tags"])
    client.create_replication_group(aws_retry=True, **create_request(params, replicas, failover, multi_az, params["tags"]))
    return None


def update_group(module, client, current):
    """Converge an existing group; returns whether anything changed (the group is updated in place)."""
    params = module.params
    group_id = params["replication_group_id"]
    replicas, failover, multi_az, errors = _failover(module, current)
    errors += immutable_errors(current, params)
    if errors:
        module.fail_json(msg="; ".join(errors))

    request = modify_request(current, params, failover, multi_az)
    step = replica_step(current["replicas_per_node_group"], replicas)
    planned = apply_modify(current, request)
    planned["replicas_per_node_group"] = replicas
    changed = bool(request or step)
    if not module.check_mode:
        # AWS runs these one after the other: more replicas before turning failover on,
        # fewer replicas after turning it off.
        if step and step[0] == "increase":
            client.increase_replica_count(ReplicationGroupId=group_id, NewReplicaCount=replicas, ApplyImmediately=True, aws_retry=True)
            if request:
                wait_for(module, client, "replication_group_available")
        if request:
            client.modify_replication_group(ReplicationGroupId=group_id, ApplyImmediately=True, aws_retry=True, **request)
        if step and step[0] == "decrease":
            if request:
                wait_for(module, client, "replication_group_available")
            client.decrease_replica_count(ReplicationGroupId=group_id, NewReplicaCount=replicas, ApplyImmediately=True, aws_retry=True)
    current.update(planned)
    changed |= ensure_tags(module, client, ELASTICACHE_TAGS, current, current["arn"])
    return changed


def ensure_present(module, client, original):
    params = module.params
    group_id = params["replication_group_id"]
    if original is None:
        planned = create_group(module, client)
        waiter = waiter_for("present", params["wait"], module.check_mode, True)
        if waiter:
            wait_for(module, client, waiter)
        return True, planned if module.check_mode else describe_group(client, group_id)

    if original["status"] in ("deleting", "deleted"):
        module.fail_json(msg=f"replication group {group_id} is being deleted; run again once it is gone")
    current = deepcopy(original)
    # A group still creating or modifying refuses changes: with wait, let it settle first.
    waiter = waiter_for("present", params["wait"], module.check_mode, False, current["status"])
    if waiter:
        wait_for(module, client, waiter)
        current = describe_group(client, group_id)

    changed = update_group(module, client, current)
    waiter = waiter_for("present", params["wait"], module.check_mode, changed)
    if waiter:
        wait_for(module, client, waiter)
    return changed, current


def ensure_absent(module, client, original):
    params = module.params
    if original is None:
        return False
    changed = False
    if original["status"] not in ("deleting", "deleted"):
        changed = True
        if not module.check_mode:
            if original["status"] != "available" and params["wait"]:
                wait_for(module, client, "replication_group_available")
            client.delete_replication_group(ReplicationGroupId=params["replication_group_id"], aws_retry=True)
    waiter = waiter_for("absent", params["wait"], module.check_mode, changed, original["status"])
    if waiter:
        wait_for(module, client, waiter)
    return changed


def main():
    argument_spec = dict(
        replication_group_id=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        description=dict(type="str"),
        engine=dict(type="str", choices=["redis", "valkey"], default="redis"),
        engine_version=dict(type="str"),
        cache_node_type=dict(type="str"),
        num_node_groups=dict(type="int", choices=[1], default=1),
        replicas_per_node_group=dict(type="int"),
        automatic_failover=dict(type="str", choices=["auto", "enabled", "disabled"], default="auto"),
        multi_az=dict(type="str", choices=["auto", "enabled", "disabled"], default="auto"),
        cache_subnet_group_name=dict(type="str"),
        security_group_ids=dict(type="list", elements="str"),
        transit_encryption=dict(type="bool", default=True),
        at_rest_encryption=dict(type="bool", default=True),
        kms_key_id=dict(type="str"),
        auth_token=dict(type="str", no_log=True),
        auth_token_update_strategy=dict(type="str", choices=["ROTATE", "SET"], no_log=False),
        port=dict(type="int", default=6379),
        snapshot_retention_limit=dict(type="int"),
        preferred_maintenance_window=dict(type="str"),
        parameter_group_name=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_by={"auth_token_update_strategy": "auth_token"},
    )
    module.params["replication_group_id"] = module.params["replication_group_id"].lower()
    errors = input_errors(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))

    client = module.client("elasticache", retry_decorator=aws_retry())
    group_id = module.params["replication_group_id"]
    messages = {
        "ReplicationGroupAlreadyExists": f"replication group {group_id} already exists (it may still be deleting); run again later",
    }
    with reported_errors(module, f"Failed to manage ElastiCache replication group {group_id}", messages):
        changed, before, after = converge(module, client, partial(describe_group, client, group_id), ensure_present, ensure_absent)
    module.exit_json(**module_result(changed, resource_diff(before, after), replication_group=after))


if __name__ == "__main__":
    main()
