"""airflow_ecs.deploy.resource_tags_info on the emulator: every kind it reads, found and missing, never a value."""

from __future__ import annotations

import pytest
from plays import module_task, write_play

pytestmark = pytest.mark.emulator

OURS = {"airflow_ecs_environment": "it", "managed_by": "airflow_ecs.deploy"}
SECRET_VALUE = "tags-info-sentinel-value-0123"


def _tags(key="Key", value="Value"):
    return [{key: name, value: tag} for name, tag in OURS.items()]


def _create_one_of_each(emulator) -> dict[str, list[str]]:
    """One resource of every kind, tagged as the collection tags what it creates; a missing name beside each."""
    secrets = emulator.client("secretsmanager")
    secrets.create_secret(Name="airflow-ecs/it/airflow", SecretString=SECRET_VALUE, Tags=_tags())
    secrets.create_secret(Name="airflow-ecs/it/gone", SecretString="x", Tags=_tags())
    secrets.delete_secret(SecretId="airflow-ecs/it/gone", RecoveryWindowInDays=7)
    emulator.client("ssm").put_parameter(Name="/airflow-ecs/it/migrated", Value=SECRET_VALUE, Type="String", Tags=_tags())

    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.60.{i}.0/24", AvailabilityZone=f"us-east-1{'ab'[i]}")["Subnet"]["SubnetId"]
               for i in (0, 1)]
    emulator.client("rds").create_db_subnet_group(
        DBSubnetGroupName="airflow-it", DBSubnetGroupDescription="it", SubnetIds=subnets, Tags=_tags()
    )
    elasticache = emulator.client("elasticache")
    elasticache.create_replication_group(ReplicationGroupId="airflow-it", ReplicationGroupDescription="it",
                                         CacheNodeType="cache.t4g.small", Engine="redis", NumCacheClusters=1, Tags=_tags())

    ecs = emulator.client("ecs")
    ecs.create_cluster(clusterName="airflow-it", tags=_tags("key", "value"))
    ecs.create_cluster(clusterName="airflow-it-untagged")
    autoscaling = emulator.client("autoscaling")
    ec2.create_launch_template(LaunchTemplateName="airflow-it-core", LaunchTemplateData={"ImageId": "ami-12c6146b"})
    autoscaling.create_auto_scaling_group(AutoScalingGroupName="airflow-it-core", MinSize=0, MaxSize=1, VPCZoneIdentifier=subnets[0],
                                          LaunchTemplate={"LaunchTemplateName": "airflow-it-core"})
    group_arn = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["airflow-it-core"])["AutoScalingGroups"][0]["AutoScalingGroupARN"]
    ecs.create_capacity_provider(name="airflow-it-core", autoScalingGroupProvider={"autoScalingGroupArn": group_arn},
                                 tags=_tags("key", "value"))

    discovery = emulator.client("servicediscovery")
    discovery.create_private_dns_namespace(Name="airflow-it.local", Vpc=vpc, Tags=_tags())
    [namespace] = [n for n in discovery.list_namespaces()["Namespaces"] if n["Name"] == "airflow-it.local"]
    discovery.create_service(Name="api-server", NamespaceId=namespace["Id"], Tags=_tags(),
                             DnsConfig={"DnsRecords": [{"Type": "A", "TTL": 10}]})
    return {
        "secret": ["airflow-ecs/it/airflow", "airflow-ecs/it/gone", "airflow-ecs/it/missing"],
        "ssm_parameter": ["/airflow-ecs/it/migrated", "/airflow-ecs/it/missing"],
        "db_subnet_group": ["airflow-it", "airflow-missing"],
        "replication_group": ["airflow-it", "airflow-missing"],
        "ecs_cluster": ["airflow-it", "airflow-it-untagged", "airflow-missing"],
        "ecs_capacity_provider": ["airflow-it-core", "airflow-it-worker"],
        "service_discovery_namespace": ["airflow-it.local", "airflow-missing.local"],
        "service_discovery_service": ["airflow-it.local/api-server", "airflow-it.local/worker", "airflow-missing.local/api-server"],
    }


def _write_playbook(tmp_path, kinds: dict[str, list[str]]) -> str:
    tasks = [module_task("resource_tags_info", {"kind": kind, "names": names}, name=f"Read {kind}", check_mode=True)
             for kind, names in kinds.items()]
    return write_play(tmp_path, tasks)


def test_every_kind_is_read_with_its_tags_and_missing_ones_are_said_so(clean_emulator, playbook, tmp_path):
    kinds = _create_one_of_each(clean_emulator)
    run = playbook(_write_playbook(tmp_path, kinds), extra_args=["-vvv"], callback="ansible.builtin.json")
    assert run.returncode == 0, run.output
    assert run.changed == 0
    assert SECRET_VALUE not in run.output

    found = {kind: run.task_results(f"Read {kind}")[0]["resources"] for kind in kinds}
    for kind, names in kinds.items():
        assert [resource["name"] for resource in found[kind]] == names, kind
        [first, *others] = found[kind]
        assert first["exists"] and first["tags"] == OURS, (kind, first)
        # DescribeParameters returns the ARN on AWS; the emulator leaves it out.
        assert first["arn"] or kind == "ssm_parameter", (kind, first)
        assert not first["deleting"], (kind, first)
        missing = others[-1]
        assert missing == {"name": names[-1], "exists": False, "deleting": False, "arn": None, "tags": {}}, (kind, missing)

    scheduled = found["secret"][1]
    assert scheduled["exists"] and scheduled["deleting"]
    untagged = found["ecs_cluster"][1]
    assert untagged["exists"] and untagged["tags"] == {}
