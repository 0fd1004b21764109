"""How many tasks a host holds and whether a tier holds its services during a deploy."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.filter.host_tier_services import host_tier_services
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.host_capacity import (
    INSTANCE_TYPES,
    capacity_errors,
    deploy_tasks,
    hosts_needed,
    tasks_per_host,
    tier_services,
)

CORE_TASK = {"component": "scheduler", "cpu": 512, "memory": 1024, "awsvpc": True}
WORKER_TASK = {"component": "worker", "cpu": 1024, "memory": 1536, "awsvpc": True}


@pytest.mark.parametrize(("instance_type", "vcpus", "memory", "without", "with_trunking"), [
    ("m6i.large", 2, 8192, 2, 10),      # the Developer Guide's table
    ("m6i.xlarge", 4, 16384, 3, 20),
    ("c5.large", 2, 4096, 2, 10),
    ("r6i.2xlarge", 8, 65536, 3, 40),
    ("m5.4xlarge", 16, 65536, 7, 60),
    ("t3.large", 2, 8192, 2, None),     # no trunking on t3
])
def test_the_table_holds_the_documented_figures(instance_type, vcpus, memory, without, with_trunking):
    assert tuple(INSTANCE_TYPES[instance_type]) == (vcpus, memory, without, with_trunking)


def test_a_host_holds_what_its_network_interfaces_cpu_and_memory_allow():
    assert tasks_per_host("m6i.large", False, CORE_TASK) == 2      # interfaces
    assert tasks_per_host("m6i.large", True, CORE_TASK) == 4       # then cpu: 2048 units
    assert tasks_per_host("m6i.xlarge", False, WORKER_TASK) == 3
    assert tasks_per_host("m6i.xlarge", True, WORKER_TASK) == 4
    assert tasks_per_host("t3.large", True, CORE_TASK) == 2        # trunking asked for, not supported
    assert tasks_per_host("m6i.large", False, dict(CORE_TASK, awsvpc=False)) == 4  # bridge takes no interface
    assert tasks_per_host("c6i.large", True, dict(CORE_TASK, memory=2048)) == 1  # 95% of 4096 MiB
    assert tasks_per_host("x9.large", True, CORE_TASK) is None


def test_a_deploy_doubles_every_service_and_adds_the_one_off_tasks():
    services = [dict(CORE_TASK, component="api-server", count=2), dict(CORE_TASK, count=1)]
    tasks = deploy_tasks(services, [dict(CORE_TASK, component="migrate", count=1)])
    assert [task["component"] for task in tasks].count("api-server") == 4
    assert len(tasks) == 7


def test_hosts_needed_packs_the_largest_tasks_first():
    tasks = deploy_tasks([dict(CORE_TASK, count=4)], [])
    assert hosts_needed("m6i.large", False, tasks) == 4
    assert hosts_needed("m6i.large", True, tasks) == 2
    mixed = deploy_tasks([dict(CORE_TASK, count=1), dict(CORE_TASK, component="big", memory=6000, count=1)], [])
    assert hosts_needed("m6i.large", True, mixed) == 2  # 6000 + 6000 do not share 7782 MiB
    assert hosts_needed("m6i.large", True, [dict(CORE_TASK, memory=9000)]) is None  # bigger than any host


def test_default_services_need_trunking_on_three_core_hosts():
    tiers = tier_services({}, {}, False, {}, "awsvpc", "EC2", 10)
    core = deploy_tasks(tiers["core"]["services"], tiers["core"]["one_off"])
    [message] = capacity_errors("core", "m6i.large", 3, False, core)
    assert message.startswith("ecs_hosts_core_max_size: 3 m6i.large hosts (2 vCPU, 7782 MiB for tasks, "
                              "2 awsvpc tasks a host without ENI trunking) cannot hold the 9 tasks the core tier runs")
    assert "api-server 2, scheduler 2, dag-processor 2, triggerer 2, migrate 1" in message
    assert message.endswith("raise ecs_hosts_core_max_size to 5, or turn on ecs_hosts_awsvpc_trunking "
                            "(3 hosts would do), or choose a larger ecs_hosts_core_instance_type.")
    assert capacity_errors("core", "m6i.large", 3, True, core) == []
    workers = deploy_tasks(tiers["worker"]["services"], [])
    assert len(workers) == 20  # 10 workers at their scaling maximum, doubled by the deploy
    assert capacity_errors("worker", "m6i.xlarge", 10, False, workers) == []
    assert "raise ecs_hosts_worker_max_size to 5" in capacity_errors("worker", "m6i.xlarge", 4, True, workers)[0]


def test_a_type_without_trunking_says_so_and_an_unknown_type_is_not_judged():
    core = deploy_tasks(tier_services({}, {}, False, {}, "awsvpc", "EC2", 1)["core"]["services"], [])
    [message] = capacity_errors("core", "t3.large", 3, True, core)
    assert "2 awsvpc tasks a host (t3.large does not support ENI trunking)" in message
    assert "turn on" not in message
    assert capacity_errors("core", "m7a.large", 1, True, core) == []


def test_tier_services_take_the_task_definition_defaults_and_the_scaling_maximum():
    tiers = tier_services({"worker": {"cpu": 2048}}, {"api-server": 2}, True, {"concurrency": 16}, "awsvpc", "EC2", None)
    core = {task["component"]: task for task in tiers["core"]["services"]}
    assert core["api-server"]["count"] == 2 and core["flower"]["count"] == 1
    [worker] = tiers["worker"]["services"]
    # Fixed count without scaling; memory for 16 slots (the module's default for the concurrency).
    assert (worker["count"], worker["cpu"], worker["memory"]) == (1, 2048, 2304)
    assert tier_services({}, {}, False, {}, "bridge", "FARGATE", 10) == {}
    assert host_tier_services({"max_workers": 4})["worker"]["services"][0]["count"] == 4
