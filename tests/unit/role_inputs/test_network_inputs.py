"""The network role's rules: existing or new VPC, CIDR blocks, and extra ingress that never opens private ports."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs.network import subnet_cidrs

GOOD = {
    "network_environment": "prod",
    "network_existing_vpc_id": "",
    "network_existing_private_subnet_ids": [],
    "network_existing_public_subnet_ids": [],
    "network_cidr": "10.40.0.0/16",
    "network_subnet_newbits": 4,
    "network_availability_zones": [],
    "network_ui_allowed_cidrs": [],
    "network_api_server_port": 8080,
    "network_redis_port": 6379,
    "network_database_port": 5432,
    "network_extra_ingress": [],
    "network_tags": {},
}
EXISTING = dict(GOOD, network_existing_vpc_id="vpc-0123abcd", network_existing_private_subnet_ids=["subnet-0123abcd"])


def test_good_inputs_pass():
    assert problems("network", GOOD) == ""
    assert problems("network", EXISTING) == ""
    assert problems("network", dict(GOOD, network_ui_allowed_cidrs=["203.0.113.0/24", "2001:db8::/32"])) == ""


def test_extra_rules_that_keep_private_ports_private_pass():
    rules = [
        {"security_group": "lb", "from_port": 443, "cidr_ip": "0.0.0.0/0"},
        {"security_group": "hosts", "from_port": 22, "cidr_ip": "10.0.0.0/8"},
        {"security_group": "database", "from_port": 5432, "source_group": "lb"},
        {"security_group": "lb", "proto": "icmp", "from_port": -1, "cidr_ip": "0.0.0.0/0"},
    ]
    assert problems("network", dict(GOOD, network_extra_ingress=rules)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"network_existing_vpc_id": "vpc-0123abcd"}, "network_existing_private_subnet_ids must list at least one subnet"),
    ({"network_existing_private_subnet_ids": ["subnet-0123abcd"]}, "set network_existing_vpc_id too"),
    ({"network_cidr": "10.0.0.0/8"}, "network_cidr must have a prefix length from /16 to /24"),
    ({"network_cidr": "10.40.0.0/8"}, "network_cidr must be an IPv4 network address"),
    ({"network_cidr": "10.40.1.0/16"}, "network_cidr must be an IPv4 network address"),
    ({"network_cidr": "10.40.0.0/24", "network_subnet_newbits": 6}, "keep the subnet prefix at /28 or shorter"),
    ({"network_subnet_newbits": 1}, "network_subnet_newbits must be at least 2"),
    ({"network_availability_zones": ["eu-west-1a"]}, "network_availability_zones must be empty or name two zones"),
    ({"network_ui_allowed_cidrs": ["office"]}, "network_ui_allowed_cidrs[0] must be an IPv4 or IPv6 CIDR block"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("network", dict(GOOD, **change))


def test_existing_vpc_ids_must_look_like_ids():
    found = problems("network", dict(EXISTING, network_existing_vpc_id="vpc-x", network_existing_public_subnet_ids=["sub-1"]))
    assert "network_existing_vpc_id must be a vpc id" in found
    assert "network_existing_public_subnet_ids[0] must be a subnet id" in found


@pytest.mark.parametrize(("rules", "message"), [
    ([{"security_group": "hosts", "from_port": 22, "cidr_ip": "0.0.0.0/0"}],
     "network_extra_ingress[0] (hosts group): refusing to open 0.0.0.0/0"),
    ([{"security_group": "lb", "from_port": 443, "cidr_ip": "0.0.0.0/0"},
      {"security_group": "lb", "from_port": 5000, "to_port": 6000, "cidr_ipv6": "::/0"}],
     "network_extra_ingress[1] (lb group): refusing to open ::/0"),
    ([{"security_group": "lb", "from_port": 5432, "cidr_ip": "0.0.0.0/0"}],
     "never on a range that includes port 6379 (Redis) or 5432 (PostgreSQL)"),
    ([{"security_group": "redis", "proto": "-1", "cidr_ip": "0.0.0.0/0"}],
     "network_extra_ingress[0] (redis group): refusing to open 0.0.0.0/0"),
    ([{"security_group": "database", "from_port": 5432, "cidr_ip": "0.0.0.0/0"}],
     "network_extra_ingress[0] (database group): refusing to open 0.0.0.0/0"),
    ([{"security_group": "hosts", "from_port": 22, "cidr_ip": "10.0.0.0/8", "source_group": "lb"}],
     "give exactly one of cidr_ip, cidr_ipv6 and source_group"),
    ([{"security_group": "web", "from_port": 22, "cidr_ip": "10.0.0.0/8"}], "security_group must be one of lb, hosts, redis, database"),
    ([{"security_group": "hosts", "from_port": 80, "to_port": 22, "cidr_ip": "10.0.0.0/8"}], "must form a range within 0-65535"),
    ([{"security_group": "hosts", "from_port": 22, "cidr_ip": "10.0.0/8"}], "cidr_ip must be an IPv4 or IPv6 CIDR block"),
])
def test_extra_ingress_rules_that_would_expose_something_are_refused(rules, message):
    assert message in problems("network", dict(GOOD, network_extra_ingress=rules))


def test_ports_given_as_strings_are_numbers():
    assert problems("network", dict(GOOD, network_redis_port="6379", network_subnet_newbits="4")) == ""


def test_the_subnets_of_a_new_vpc_are_carved_in_order():
    assert subnet_cidrs("10.40.0.0/16", 4) == ["10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20", "10.40.48.0/20"]
    assert subnet_cidrs("192.168.8.0/24", 2) == ["192.168.8.0/26", "192.168.8.64/26", "192.168.8.128/26", "192.168.8.192/26"]
