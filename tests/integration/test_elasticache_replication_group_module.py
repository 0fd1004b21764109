"""airflow_ecs.deploy.elasticache_replication_group on the emulator: check, apply, check again, apply again.

Emulator notes (moto 5.2.5): a deleted group stays in status "deleting" forever (so the
delete runs here use wait=false, and one test shows the delete waiter really runs by
letting it time out); member cache clusters are not modelled (engine version, subnet group,
security groups are returned as null); increase/decrease_replica_count are not implemented.
"""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, write_play

pytestmark = pytest.mark.emulator

TOKEN = "Sentinel-Module-Token-4f9c2e7a1b"
GROUP = "it-broker"


def _playbook(tmp_path, module_args: dict) -> str:
    return write_play(tmp_path, [module_task("elasticache_replication_group", module_args)])


def _no_token(run):
    assert TOKEN not in run.output


def _converge(playbook, tmp_path, module_args: dict):
    return four_runs(playbook, _playbook(tmp_path, module_args), task=TASK, diff=True, each=_no_token)


@pytest.fixture
def subnet_group(clean_emulator):
    ec2 = clean_emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    security_group = ec2.create_security_group(GroupName="it-redis", Description="it", VpcId=vpc)["GroupId"]
    clean_emulator.client("elasticache").create_cache_subnet_group(
        CacheSubnetGroupName="it-broker", CacheSubnetGroupDescription="it", SubnetIds=subnets
    )
    return {"name": "it-broker", "security_group": security_group}


def _create_args(subnet_group, **changes) -> dict:
    args = {
        "replication_group_id": GROUP,
        "description": "integration broker",
        "engine": "redis",
        "engine_version": "7.1",
        "cache_node_type": "cache.t4g.small",
        "replicas_per_node_group": 1,
        "cache_subnet_group_name": subnet_group["name"],
        "security_group_ids": [subnet_group["security_group"]],
        "auth_token": TOKEN,
        "snapshot_retention_limit": 1,
        "tags": {"airflow_ecs_environment": "it"},
    }
    args.update(changes)
    return args


def _described(emulator):
    groups = emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"]
    return [group for group in groups if group["ReplicationGroupId"] == GROUP and group["Status"] != "deleting"]


def test_create_modify_and_delete(clean_emulator, subnet_group, playbook, tmp_path):
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, _create_args(subnet_group))
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["replication_group"]["status"] == "creating"
    group = apply["replication_group"]
    assert apply["diff"]["before"] == {}
    assert group["status"] == "available"
    assert group["primary_endpoint"]["port"] == 6379 and group["primary_endpoint"]["address"]
    assert len(group["member_clusters"]) == 2 and group["replicas_per_node_group"] == 1
    assert group["automatic_failover"] and group["multi_az"]
    assert group["transit_encryption"] and group["at_rest_encryption"] and group["auth_token_enabled"]
    assert group["tags"] == {"airflow_ecs_environment": "it"}
    assert "auth_token" not in group
    [described] = _described(clean_emulator)
    assert described["TransitEncryptionEnabled"] and described["AtRestEncryptionEnabled"] and described["AuthTokenEnabled"]

    modify = _create_args(subnet_group, snapshot_retention_limit=5, cache_node_type="cache.t4g.medium")
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, modify)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["diff"]["before"]["snapshot_retention_limit"] == 1
    assert check["diff"]["after"]["snapshot_retention_limit"] == 5
    assert check["diff"]["after"]["cache_node_type"] == "cache.t4g.medium"
    [described] = _described(clean_emulator)
    assert described["SnapshotRetentionLimit"] == 5 and described["CacheNodeType"] == "cache.t4g.medium"

    # The emulator keeps deleted groups in "deleting"; see the wait test below.
    absent = {"replication_group_id": GROUP, "state": "absent", "wait": False}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, absent)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert apply["replication_group"] is None and apply["diff"]["after"] == {}
    assert _described(clean_emulator) == []


def test_delete_with_wait_runs_the_waiter(clean_emulator, subnet_group, playbook, tmp_path):
    run = playbook(_playbook(tmp_path, _create_args(subnet_group, wait=False)))
    assert run.returncode == 0, run.output
    # moto never finishes deleting, so the waiter can only end by its timeout: proof it ran.
    args = {"replication_group_id": GROUP, "state": "absent", "wait": True, "wait_timeout": 2}
    run = playbook(_playbook(tmp_path, args))
    assert run.returncode != 0
    assert f"replication group {GROUP} was not gone within wait_timeout=2 s" in run.output


def test_transit_encryption_change_fails_naming_the_option(clean_emulator, subnet_group, playbook, tmp_path):
    run = playbook(_playbook(tmp_path, _create_args(subnet_group)))
    assert run.returncode == 0, run.output
    args = _create_args(subnet_group, transit_encryption=False, auth_token=None)
    run = playbook(_playbook(tmp_path, args))
    assert run.returncode != 0
    assert "transit_encryption: cannot turn in-transit encryption off" in run.output
    [described] = _described(clean_emulator)
    assert described["TransitEncryptionEnabled"]


def test_bad_input_fails_before_any_call(clean_emulator, playbook, tmp_path):
    args = {
        "replication_group_id": GROUP,
        "cache_node_type": "cache.t4g.small",
        "auth_token": "Zq9Tiny",
        "replicas_per_node_group": 0,
        "automatic_failover": "enabled",
    }
    run = playbook(_playbook(tmp_path, args))
    assert run.returncode != 0
    assert "auth_token must be 16 to 128 characters long" in run.output
    assert "Zq9Tiny" not in run.output
    run = playbook(_playbook(tmp_path, dict(args, auth_token=TOKEN)))
    assert run.returncode != 0
    assert "automatic_failover=enabled needs at least one replica" in run.output
    assert _described(clean_emulator) == []
