# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How many tasks an ECS host holds, and whether a tier's hosts hold its services during a deploy.

An awsvpc task takes an elastic network interface of its host. Without ENI trunking a host has
its primary interface plus (max ENIs - 1) for tasks: 2 on a .large, 3 on an .xlarge. With
trunking (the ECS account setting awsvpcTrunking, for hosts launched after it is on) the task
limits are 10, 20, 40 and 60 for .large to .4xlarge. Figures: the Amazon ECS Developer Guide,
"Elastic network interface trunking" and its table of supported instance types; vCPU and memory
from EC2 DescribeInstanceTypes. m7i is not in that table's 2023 edition: its figures are m6i's,
as AWS's branch-interface table for the same types gives them. t3 and t3a do not support trunking.

The ECS agent registers the host's MemTotal, which is 2-4.5% under the instance's memory (the
guide's m4.large example: 7985 of 8192 MiB); tasks are planned against 95% of it.
"""

from __future__ import annotations

from collections import namedtuple

HostType = namedtuple("HostType", "vcpus memory_mib tasks_without_trunking tasks_with_trunking")

USABLE_MEMORY = 0.95
# vCPUs, awsvpc tasks without trunking, with trunking, by size.
_NITRO_SIZES = {"large": (2, 2, 10), "xlarge": (4, 3, 20), "2xlarge": (8, 3, 40), "4xlarge": (16, 7, 60)}
# GiB of memory per vCPU, by family (general purpose 4, compute 2, memory 8).
_TRUNKING_FAMILIES = {
    "m5": 4, "m6i": 4, "m7i": 4, "m6g": 4, "m7g": 4,
    "c5": 2, "c6i": 2, "c6g": 2,
    "r5": 8, "r6i": 8,
}

INSTANCE_TYPES = {
    "%s.%s" % (family, size): HostType(vcpus, vcpus * gib * 1024, without, with_trunking)
    for family, gib in _TRUNKING_FAMILIES.items()
    for size, (vcpus, without, with_trunking) in _NITRO_SIZES.items()
}
for _family in ("t3", "t3a"):
    INSTANCE_TYPES.update({
        _family + ".medium": HostType(2, 4096, 2, None),
        _family + ".large": HostType(2, 8192, 2, None),
        _family + ".xlarge": HostType(4, 16384, 3, None),
        _family + ".2xlarge": HostType(8, 32768, 3, None),
    })

# ECS's defaults for a replica service, which the airflow_services role sets: a deploy starts the
# new tasks before it stops the old ones.
DEPLOY_MAXIMUM_PERCENT = 200


def tasks_per_host(instance_type, trunking, task):
    """How many tasks of one size (cpu units, memory MiB, awsvpc) a host holds; None when the
    instance type is not in the table."""
    host = INSTANCE_TYPES.get(instance_type)
    if host is None:
        return None
    cpu, memory, enis = host_room(host, trunking)
    limits = [cpu // task["cpu"], memory // task["memory"]]
    if task.get("awsvpc", True):
        limits.append(enis)
    return max(0, min(limits))


def eni_task_limit(host, trunking):
    return host.tasks_with_trunking if trunking and host.tasks_with_trunking else host.tasks_without_trunking


def host_room(host, trunking):
    """What an empty host offers tasks: cpu units, memory in MiB (USABLE_MEMORY of the
    instance's) and awsvpc tasks (network interfaces)."""
    return host.vcpus * 1024, int(host.memory_mib * USABLE_MEMORY), eni_task_limit(host, trunking)


def deploy_tasks(services, one_off=()):
    """Every task a tier runs while each service deploys (ECS starts maximumPercent of its count)
    and the one-off tasks (the migration) run: a list of task sizes, largest first."""
    tasks = []
    for service in services:
        count = service["count"] * DEPLOY_MAXIMUM_PERCENT // 100
        tasks += [service] * count
    tasks += list(one_off)
    return sorted(tasks, key=lambda task: (task["memory"], task["cpu"]), reverse=True)


def hosts_needed(instance_type, trunking, tasks, limit=1000):
    """The fewest hosts of instance_type that hold every task (first fit, largest first), or None
    when the type is not in the table or no number up to `limit` does."""
    host = INSTANCE_TYPES.get(instance_type)
    if host is None:
        return None
    cpu, memory, enis = host_room(host, trunking)
    free = []
    for task in tasks:
        need_eni = 1 if task.get("awsvpc", True) else 0
        if task["cpu"] > cpu or task["memory"] > memory:
            return None
        for room in free:
            if room[0] >= task["cpu"] and room[1] >= task["memory"] and room[2] >= need_eni:
                break
        else:
            if len(free) == limit:
                return None
            room = [cpu, memory, enis]
            free.append(room)
        room[0] -= task["cpu"]
        room[1] -= task["memory"]
        room[2] -= need_eni
    return len(free)


def _summary(tasks):
    counts = {}
    for task in tasks:
        counts[task["component"]] = counts.get(task["component"], 0) + 1
    return ", ".join("%s %d" % item for item in counts.items())


def capacity_errors(tier, instance_type, max_size, trunking, tasks, prefix="ecs_hosts"):
    """Why the tier's hosts at their maximum cannot hold `tasks` (from deploy_tasks), naming the
    inputs to change; [] when they can or the instance type is not in the table."""
    host = INSTANCE_TYPES.get(instance_type)
    if host is None or not tasks:
        return []
    needed = hosts_needed(instance_type, trunking, tasks)
    if needed is not None and needed <= max_size:
        return []
    _cpu, memory, limit = host_room(host, trunking)
    if trunking and host.tasks_with_trunking is None:
        eni_text = "%d awsvpc tasks a host (%s does not support ENI trunking)" % (limit, instance_type)
    else:
        eni_text = "%d awsvpc tasks a host %s ENI trunking" % (limit, "with" if trunking else "without")
    fixes = []
    if needed is not None:
        fixes.append("raise %s_%s_max_size to %d" % (prefix, tier, needed))
    if not trunking and host.tasks_with_trunking:
        with_trunking = hosts_needed(instance_type, True, tasks)
        if with_trunking is not None:
            fixes.append("turn on %s_awsvpc_trunking (%d host%s would do)" % (
                prefix, with_trunking, "" if with_trunking == 1 else "s"))
    fixes.append("choose a larger %s_%s_instance_type" % (prefix, tier))
    return [
        "%s_%s_max_size: %d %s host%s (%d vCPU, %d MiB for tasks, %s) cannot hold the %d tasks the %s tier runs "
        "during a deploy (%s; a deploy starts each service's new tasks before it stops the old ones, "
        "maximumPercent %d): %s." % (
            prefix, tier, max_size, instance_type, "" if max_size == 1 else "s", host.vcpus,
            memory, eni_text, len(tasks), tier, _summary(tasks),
            DEPLOY_MAXIMUM_PERCENT, ", or ".join(fixes))
    ]


# Where each component runs (the airflow_services role's placement constraints).
TIERS = {"api-server": "core", "scheduler": "core", "dag-processor": "core", "triggerer": "core", "flower": "core",
         "migrate": "core", "worker": "worker"}
# airflow_services_desired_counts' default for a component the inventory leaves out.
DEFAULT_DESIRED_COUNT = 1


def tier_services(sizes, desired_counts, flower_enabled, worker, network_mode, launch_type, max_workers):
    """What each tier's hosts must hold, from the airflow_services inputs (the task definition
    module's defaults for the sizes left out) and the most workers scaling may start (None: the
    fixed desired count): {tier: {"services": [...], "one_off": [...]}}; {} on Fargate."""
    # Imported here: taskdef is large and only this function needs it.
    from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import apply_defaults

    if launch_type == "FARGATE":
        return {}
    components = ["api-server", "scheduler", "dag-processor", "triggerer", "worker"] + (["flower"] if flower_enabled else [])
    tiers = {"core": {"services": [], "one_off": []}, "worker": {"services": [], "one_off": []}}
    for component in ["migrate"] + components:
        size = (sizes or {}).get(component) or {}
        filled = apply_defaults({"component": component, "environment": "capacity", "launch_type": launch_type,
                                 "network_mode": network_mode, "cpu": size.get("cpu"), "memory": size.get("memory"),
                                 "worker": worker or {}})
        task = {"component": component, "cpu": filled["cpu"], "memory": filled["memory"], "awsvpc": network_mode == "awsvpc"}
        if component == "migrate":
            tiers["core"]["one_off"].append(dict(task, count=1))
            continue
        count = (desired_counts or {}).get(component, DEFAULT_DESIRED_COUNT)
        if component == "worker" and max_workers is not None:
            count = max_workers
        tiers[TIERS[component]]["services"].append(dict(task, count=count))
    return tiers
