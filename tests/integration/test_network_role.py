"""The network role on the emulator: create mode, extra ingress rules, existing-VPC mode, validation."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.emulator

GROUPS = ["airflow-local-lb", "airflow-local-hosts", "airflow-local-redis", "airflow-local-database"]


def _write_playbook(tmp_path, role_vars: dict | None = None) -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "vars": {"airflow_ecs_on_emulator": True, **(role_vars or {})},
        "roles": [{"role": "airflow_ecs.deploy.network"}],
        "post_tasks": [
            {
                "name": "Show the outputs",
                "ansible.builtin.debug": {
                    "msg": {
                        "vpc_id": "{{ network_vpc_id }}",
                        "private": "{{ network_private_subnet_ids }}",
                        "public": "{{ network_public_subnet_ids }}",
                        "groups": "{{ network_security_group_ids }}",
                    }
                },
            }
        ],
    }
    path = tmp_path / "network.yml"
    path.write_text(json.dumps([play]))  # JSON is YAML
    return str(path)


def _outputs(run) -> dict:
    [result] = run.task_results("Show the outputs")
    return result["msg"]


def _env_filter():
    return [{"Name": "tag:airflow_ecs_environment", "Values": ["local"]}]


def _groups(ec2, vpc_id):
    found = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]
    return {group["GroupName"]: group for group in found if group["GroupName"] != "default"}


EXTRA_INGRESS = [
    {"security_group": "lb", "from_port": 443, "cidr_ip": "0.0.0.0/0", "description": "public UI"},
    {"security_group": "hosts", "from_port": 22, "cidr_ip": "10.0.0.0/8", "description": "ssh from the VPN"},
    {"security_group": "database", "from_port": 5432, "source_group": "lb"},
]


def _changed_tasks(run) -> list[str]:
    return sorted(
        task["task"]["name"].split(" : ")[-1]
        for play in run.result["plays"]
        for task in play["tasks"]
        if task["hosts"].get("localhost", {}).get("changed")
    )


def test_create_mode_creates_everything_once_then_adds_extra_ingress_rules(clean_emulator, playbook, tmp_path):
    """Check mode, a create, then extra ingress rules added to the existing network and a run that
    changes nothing: the last run also shows the created network is idempotent."""
    ec2 = clean_emulator.client("ec2")
    check = playbook(_write_playbook(tmp_path), check=True, diff=True)
    assert check.returncode == 0, check.output
    assert ec2.describe_vpcs(Filters=_env_filter())["Vpcs"] == []

    first = playbook(_write_playbook(tmp_path))
    assert first.returncode == 0, first.output
    outputs = _outputs(first)
    groups = _groups(ec2, outputs["vpc_id"])
    # Empty network_ui_allowed_cidrs: the load balancer is reachable from the VPC only.
    lb_sources = {r["CidrIp"] for p in groups["airflow-local-lb"]["IpPermissions"] for r in p["IpRanges"]}
    assert lb_sources == {"10.40.0.0/16"}
    for name, port in (("airflow-local-redis", 6379), ("airflow-local-database", 5432)):
        [permission] = groups[name]["IpPermissions"]
        assert (permission["FromPort"], permission["ToPort"]) == (port, port)
        assert [pair["GroupId"] for pair in permission["UserIdGroupPairs"]] == [outputs["groups"]["hosts"]]
        assert permission["IpRanges"] == [] and groups[name]["IpPermissionsEgress"] == []
    host_sources = {
        (p["FromPort"], pair["GroupId"]) for p in groups["airflow-local-hosts"]["IpPermissions"] for pair in p["UserIdGroupPairs"]
    }
    assert host_sources == {(8080, outputs["groups"]["lb"]), (0, outputs["groups"]["hosts"])}
    assert {r["CidrIp"] for p in groups["airflow-local-hosts"]["IpPermissions"] for r in p["IpRanges"]} == set()

    with_extra = _write_playbook(tmp_path, {"network_extra_ingress": EXTRA_INGRESS})
    added = playbook(with_extra)
    assert added.returncode == 0, added.output
    assert _changed_tasks(added) == [
        "Create the ECS hosts security group",
        "Create the Redis and database security groups",
        "Create the load balancer security group",
    ]
    assert _outputs(added) == outputs
    again = playbook(with_extra)
    assert again.returncode == 0, again.output
    assert again.changed == 0
    assert _outputs(again) == outputs

    [vpc] = ec2.describe_vpcs(Filters=_env_filter())["Vpcs"]
    assert outputs["vpc_id"] == vpc["VpcId"]
    assert vpc["CidrBlock"] == "10.40.0.0/16"
    in_vpc = [{"Name": "vpc-id", "Values": [vpc["VpcId"]]}]
    subnets = ec2.describe_subnets(Filters=in_vpc)["Subnets"]
    assert sorted(subnet["CidrBlock"] for subnet in subnets) == ["10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20", "10.40.48.0/20"]
    assert len({subnet["AvailabilityZone"] for subnet in subnets}) == 2
    assert sorted(outputs["private"] + outputs["public"]) == sorted(subnet["SubnetId"] for subnet in subnets)
    assert all(not subnet["MapPublicIpOnLaunch"] for subnet in subnets)
    gateways = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])
    assert len(gateways["InternetGateways"]) == 1
    named_tables = [
        table for table in ec2.describe_route_tables(Filters=in_vpc)["RouteTables"]
        if any(tag["Key"] == "Name" for tag in table.get("Tags", []))
    ]
    assert sorted(next(t["Value"] for t in table["Tags"] if t["Key"] == "Name") for table in named_tables) == [
        "airflow-local-private",
        "airflow-local-public",
    ]
    assert ec2.describe_nat_gateways()["NatGateways"] == []

    groups = _groups(ec2, vpc["VpcId"])
    assert sorted(groups) == sorted(GROUPS)
    assert outputs["groups"] == {key: groups[f"airflow-local-{key}"]["GroupId"] for key in ("lb", "hosts", "redis", "database")}
    tags = {tag["Key"]: tag["Value"] for tag in groups["airflow-local-hosts"]["Tags"]}
    assert tags["Name"] == "airflow-local-hosts" and tags["airflow_ecs_environment"] == "local"
    lb = {(p["FromPort"], r["CidrIp"]) for p in groups["airflow-local-lb"]["IpPermissions"] for r in p["IpRanges"]}
    assert (443, "0.0.0.0/0") in lb
    hosts = {(p["FromPort"], r["CidrIp"]) for p in groups["airflow-local-hosts"]["IpPermissions"] for r in p["IpRanges"]}
    assert hosts == {(22, "10.0.0.0/8")}
    database = {(p["FromPort"], g["GroupId"]) for p in groups["airflow-local-database"]["IpPermissions"] for g in p["UserIdGroupPairs"]}
    assert database == {(5432, outputs["groups"]["hosts"]), (5432, outputs["groups"]["lb"])}


def test_existing_vpc_mode_uses_the_given_subnets(clean_emulator, playbook, tmp_path):
    ec2 = clean_emulator.client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="172.20.0.0/16")["Vpc"]["VpcId"]
    private = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"172.20.{n}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for n, zone in ((1, "us-east-1a"), (2, "us-east-1b"))
    ]
    public = [ec2.create_subnet(VpcId=vpc_id, CidrBlock="172.20.10.0/24")["Subnet"]["SubnetId"]]
    vpcs_before = len(ec2.describe_vpcs()["Vpcs"])
    role_vars = {
        "network_vpc_id": vpc_id,
        "network_private_subnet_ids": private,
        "network_public_subnet_ids": public,
        "network_ui_allowed_cidrs": ["198.51.100.0/24", "2001:db8::/32"],
    }
    first = playbook(_write_playbook(tmp_path, role_vars))
    assert first.returncode == 0, first.output
    assert playbook(_write_playbook(tmp_path, role_vars)).changed == 0
    outputs = _outputs(first)
    assert outputs["vpc_id"] == vpc_id
    assert outputs["private"] == private and outputs["public"] == public
    assert len(ec2.describe_vpcs()["Vpcs"]) == vpcs_before
    groups = _groups(ec2, vpc_id)
    assert sorted(groups) == sorted(GROUPS)
    lb = groups["airflow-local-lb"]["IpPermissions"]
    assert {r["CidrIp"] for p in lb for r in p["IpRanges"]} == {"198.51.100.0/24"}
    assert {r["CidrIpv6"] for p in lb for r in p["Ipv6Ranges"]} == {"2001:db8::/32"}


def test_a_subnet_of_another_vpc_is_refused(clean_emulator, playbook, tmp_path):
    ec2 = clean_emulator.client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="172.20.0.0/16")["Vpc"]["VpcId"]
    other = ec2.create_vpc(CidrBlock="172.21.0.0/16")["Vpc"]["VpcId"]
    mine = ec2.create_subnet(VpcId=vpc_id, CidrBlock="172.20.1.0/24")["Subnet"]["SubnetId"]
    theirs = ec2.create_subnet(VpcId=other, CidrBlock="172.21.1.0/24")["Subnet"]["SubnetId"]
    run = playbook(_write_playbook(tmp_path, {"network_vpc_id": vpc_id, "network_private_subnet_ids": [mine, theirs]}))
    assert run.returncode != 0
    assert f"network_private_subnet_ids: subnet '{theirs}' does not belong to network_vpc_id {vpc_id}" in run.output
    assert _groups(ec2, vpc_id) == {}


@pytest.mark.parametrize(
    ("role_vars", "message"),
    [
        ({"network_vpc_id": "vpc-0123abcd"}, "network_private_subnet_ids must list"),
        ({"network_private_subnet_ids": ["subnet-0123abcd"]}, "set network_vpc_id too"),
        ({"network_cidr": "10.40.0.0/8"}, "network_cidr must be a network address"),
        ({"network_cidr": "10.40.1.0/16"}, "network_cidr must be a network address"),
        ({"network_ui_allowed_cidrs": ["office"]}, "network_ui_allowed_cidrs: 'office'"),
        (
            {"network_extra_ingress": [{"security_group": "hosts", "from_port": 22, "cidr_ip": "0.0.0.0/0"}]},
            "network_extra_ingress[0] (hosts group): refusing to open 0.0.0.0/0",
        ),
        (
            {
                "network_extra_ingress": [
                    {"security_group": "lb", "from_port": 443, "cidr_ip": "0.0.0.0/0"},
                    {"security_group": "lb", "from_port": 5000, "to_port": 6000, "cidr_ipv6": "::/0"},
                ]
            },
            "network_extra_ingress[1] (lb group): refusing to open ::/0",
        ),
        (
            {"network_extra_ingress": [{"security_group": "redis", "proto": "-1", "cidr_ip": "0.0.0.0/0"}]},
            "network_extra_ingress[0] (redis group): refusing to open 0.0.0.0/0",
        ),
        (
            {"network_extra_ingress": [{"security_group": "hosts", "from_port": 22, "cidr_ip": "10.0.0.0/8", "source_group": "lb"}]},
            "give exactly one of cidr_ip, cidr_ipv6 and source_group",
        ),
        ({"network_extra_ingress": [{"security_group": "web", "from_port": 22, "cidr_ip": "10.0.0.0/8"}]}, "security_group"),
    ],
)
def test_bad_input_fails_before_any_aws_call(clean_emulator, playbook, tmp_path, role_vars, message):
    served_before = clean_emulator.requests_served()
    run = playbook(_write_playbook(tmp_path, role_vars))
    assert run.returncode != 0
    assert message in run.output
    assert clean_emulator.requests_served() == served_before, "a bad input reached the AWS API"
