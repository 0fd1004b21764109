# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ecs_hosts role's rules."""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import host_capacity, rules

# The ECS-optimised AMI's root snapshot is 30 GiB.
MIN_ROOT_VOLUME_GIB = 30
_ABSOLUTE_PATH = re.compile(r"^(/[A-Za-z0-9._-]+)+\Z")


def _mount_path(value):
    if not isinstance(value, str) or not _ABSOLUTE_PATH.match(value):
        return "must be an absolute path such as /mnt/airflow-dags"
    return None


def _tier_errors(problems, tier, lowest_min):
    minimum, maximum = "ecs_hosts_%s_min_size" % tier, "ecs_hosts_%s_max_size" % tier
    minimum_ok = problems.check(minimum, rules.whole_number, lowest_min)
    maximum_ok = problems.check(maximum, rules.whole_number, 1)
    if minimum_ok and maximum_ok:
        problems.require(minimum, rules.as_whole_number(problems[minimum]) <= rules.as_whole_number(problems[maximum]),
                         "must not exceed %s (%s)" % (maximum, problems[maximum]))


def errors(inputs):
    """The user's own inputs (validate), and the links other roles hand on when they are given (main)."""
    problems = rules.Problems(inputs)
    problems.check("ecs_hosts_environment", rules.environment_name)
    problems.check("ecs_hosts_cluster_name", rules.ecs_name)
    # The core tier always runs the scheduler; the workers may scale to zero hosts.
    _tier_errors(problems, "core", 1)
    _tier_errors(problems, "worker", 0)
    problems.check("ecs_hosts_core_instance_type", rules.instance_type)
    problems.check("ecs_hosts_worker_instance_type", rules.instance_type)
    problems.check("ecs_hosts_ami_id", rules.ami_id, optional=True)
    problems.check("ecs_hosts_ami_ssm_parameter", rules.ssm_parameter_path)
    problems.check("ecs_hosts_root_volume_size", rules.whole_number, MIN_ROOT_VOLUME_GIB)
    problems.check("ecs_hosts_worker_stop_timeout", rules.whole_number, 1)
    problems.check("ecs_hosts_target_capacity", rules.whole_number, 1, 100)
    problems.check("ecs_hosts_dag_mount_path", _mount_path)
    problems.check("ecs_hosts_dag_metadata_ttl", rules.whole_number, 1, 3600)
    if "ecs_hosts_dag_mount_install_command" in problems:
        command = inputs["ecs_hosts_dag_mount_install_command"]
        problems.require("ecs_hosts_dag_mount_install_command", isinstance(command, str) and "\n" not in command,
                         "must be one line of shell (it runs in the hosts' user data)")
    problems.check_each("ecs_hosts_subnet_ids", rules.aws_id, "subnet")
    problems.check_each("ecs_hosts_security_group_ids", rules.aws_id, "security group")
    for name in ("ecs_hosts_subnet_ids", "ecs_hosts_security_group_ids", "ecs_hosts_instance_profile_name", "ecs_hosts_dag_bucket"):
        if name in problems:
            problems.require(name, bool(inputs[name]), "must not be empty (site.yml takes it from the network, iam and dag_storage roles)")
    problems.check("ecs_hosts_dag_bucket", rules.bucket_name, optional=True)
    problems.check_tags("ecs_hosts_tags")
    if not problems.messages:
        problems.messages.extend(_capacity_errors(inputs))
    return problems.messages


def _capacity_errors(inputs):
    """Whether each tier at its maximum holds its services during a deploy (host_capacity.py)."""
    tiers = inputs.get("ecs_hosts_tier_services") or {}
    if not isinstance(tiers, dict):
        return ["ecs_hosts_tier_services must be a dict by tier (site.yml derives it)."]
    messages = []
    for tier in ("core", "worker"):
        given = tiers.get(tier) or {}
        if "ecs_hosts_%s_max_size" % tier not in inputs:
            continue
        tasks = host_capacity.deploy_tasks(given.get("services") or [], given.get("one_off") or [])
        messages += host_capacity.capacity_errors(
            tier, inputs.get("ecs_hosts_%s_instance_type" % tier), rules.as_whole_number(inputs["ecs_hosts_%s_max_size" % tier]),
            rules.as_bool(inputs.get("ecs_hosts_awsvpc_trunking", True)) is True, tasks)
    return messages
