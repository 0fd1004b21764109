"""Integration fixtures: a private AWS emulator for the session and a playbook runner."""

from __future__ import annotations

import pytest
from aws_emulator import ROOT, Emulator, PlaybookRun, emulator_control, run_playbook

__all__ = ["ROOT", "Emulator", "PlaybookRun", "emulator_control", "environment_resources", "run_playbook"]

# The longest files (CI durations) are handed out first: with --dist loadfile the workers
# then finish close together, instead of one running a long file alone at the end.
LONGEST_FIRST = (
    "test_site.py",
    "test_site_validation.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the tests of a file keep their order


@pytest.fixture(scope="session")
def emulator(tmp_path_factory) -> Emulator:
    state_dir = tmp_path_factory.mktemp("emulator")
    port = emulator_control.free_port()
    emulator_control.start(port, state_dir)
    try:
        yield Emulator(port=port, state_dir=state_dir)
    finally:
        emulator_control.stop(state_dir)


@pytest.fixture
def clean_emulator(emulator: Emulator) -> Emulator:
    emulator.reset()
    return emulator


@pytest.fixture
def playbook(emulator: Emulator):
    def _run(*args, **kwargs) -> PlaybookRun:
        return run_playbook(emulator, *args, **kwargs)

    return _run


def environment_resources(emulator: Emulator, environment: str = "local") -> dict[str, list[str]]:
    """Every resource of one environment, by kind: names (or ids where AWS names nothing), sorted,
    duplicates kept, so a test can compare a whole environment against what it should be."""
    by_tag = [{"Name": "tag:airflow_ecs_environment", "Values": [environment]}]
    prefix = f"airflow-{environment}"
    ec2 = emulator.client("ec2")
    ecs = emulator.client("ecs")
    elbv2 = emulator.client("elbv2")
    discovery = emulator.client("servicediscovery")
    clusters = [c for c in ecs.describe_clusters(clusters=[prefix])["clusters"] if c["status"] == "ACTIVE"]
    balancers = [lb for lb in elbv2.describe_load_balancers()["LoadBalancers"] if lb["LoadBalancerName"].startswith(prefix)]
    namespaces = [n for n in discovery.list_namespaces()["Namespaces"] if n["Name"].startswith(prefix)]

    def tag_name(resource: dict) -> str:
        return next((tag["Value"] for tag in resource.get("Tags", []) if tag["Key"] == "Name"), "(no Name tag)")

    found = {
        "vpcs": [tag_name(v) for v in ec2.describe_vpcs(Filters=by_tag)["Vpcs"]],
        "subnets": [tag_name(s) for s in ec2.describe_subnets(Filters=by_tag)["Subnets"]],
        "security_groups": [g["GroupName"] for g in ec2.describe_security_groups(Filters=by_tag)["SecurityGroups"]],
        "internet_gateways": [tag_name(g) for g in ec2.describe_internet_gateways(Filters=by_tag)["InternetGateways"]],
        "route_tables": [tag_name(t) for t in ec2.describe_route_tables(Filters=by_tag)["RouteTables"]],
        "nat_gateways": [
            tag_name(n) for n in ec2.describe_nat_gateways(Filter=by_tag)["NatGateways"] if n["State"] != "deleted"
        ],
        "launch_templates": [
            t["LaunchTemplateName"]
            for t in ec2.describe_launch_templates()["LaunchTemplates"]
            if t["LaunchTemplateName"].startswith(prefix)
        ],
        "buckets": [
            b["Name"] for b in emulator.client("s3").list_buckets()["Buckets"] if f"-{environment}-" in b["Name"]
        ],
        "secrets": [
            s["Name"]
            for s in emulator.client("secretsmanager").list_secrets()["SecretList"]
            if s["Name"].startswith(f"airflow-ecs/{environment}/") and not s.get("DeletedDate")
        ],
        "parameters": [
            p["Name"]
            for p in emulator.client("ssm").describe_parameters()["Parameters"]
            if p["Name"].startswith(f"/airflow-ecs/{environment}/")
        ],
        "log_groups": [
            g["logGroupName"]
            for g in emulator.client("logs").describe_log_groups(logGroupNamePrefix=f"/airflow-ecs/{environment}")["logGroups"]
        ],
        "iam_roles": [r["RoleName"] for r in emulator.client("iam").list_roles()["Roles"] if r["RoleName"].startswith(prefix)],
        "instance_profiles": [
            p["InstanceProfileName"]
            for p in emulator.client("iam").list_instance_profiles()["InstanceProfiles"]
            if p["InstanceProfileName"].startswith(prefix)
        ],
        "db_instances": [
            d["DBInstanceIdentifier"]
            for d in emulator.client("rds").describe_db_instances()["DBInstances"]
            if d["DBInstanceIdentifier"].startswith(prefix)
        ],
        "db_snapshots": [
            snapshot["DBSnapshotIdentifier"]
            for snapshot in emulator.client("rds").describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
            if snapshot["DBSnapshotIdentifier"].startswith(prefix)
        ],
        "db_subnet_groups": [
            g["DBSubnetGroupName"]
            for g in emulator.client("rds").describe_db_subnet_groups()["DBSubnetGroups"]
            if g["DBSubnetGroupName"].startswith(prefix)
        ],
        "replication_groups": [
            g["ReplicationGroupId"]
            for g in emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"]
            if g["ReplicationGroupId"].startswith(prefix) and g["Status"] not in ("deleting", "deleted")
        ],
        "cache_subnet_groups": [
            g["CacheSubnetGroupName"]
            for g in emulator.client("elasticache").describe_cache_subnet_groups()["CacheSubnetGroups"]
            if g["CacheSubnetGroupName"].startswith(prefix)
        ],
        "ecs_clusters": [c["clusterName"] for c in clusters],
        "capacity_providers": [name for c in clusters for name in c["capacityProviders"]],
        "ecs_services": [
            arn.rsplit("/", 1)[-1] for c in clusters for arn in ecs.list_services(cluster=c["clusterName"])["serviceArns"]
        ],
        "task_definitions": [
            arn.rsplit("/", 1)[-1]
            for arn in ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]
            if arn.rsplit("/", 1)[-1].startswith(f"{environment}-airflow-")
        ],
        "auto_scaling_groups": [
            g["AutoScalingGroupName"]
            for g in emulator.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
            if g["AutoScalingGroupName"].startswith(prefix)
        ],
        "load_balancers": [lb["LoadBalancerName"] for lb in balancers],
        "listeners": [
            f"{lb['LoadBalancerName']}:{listener['Port']}"
            for lb in balancers
            for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
        ],
        "target_groups": [
            g["TargetGroupName"] for g in elbv2.describe_target_groups()["TargetGroups"] if g["TargetGroupName"].startswith(prefix)
        ],
        "namespaces": [n["Name"] for n in namespaces],
        "discovery_services": [
            s["Name"]
            for n in namespaces
            for s in discovery.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [n["Id"]]}])["Services"]
        ],
    }
    return {kind: sorted(names) for kind, names in found.items()}
