# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The network role's rules, and the subnet blocks of a new VPC."""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Mapping

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules

SECURITY_GROUPS = ("lb", "hosts", "redis", "database")
# A new VPC has four subnets: a private and a public one in each of two zones.
SUBNETS = 4
WORLD = ("0.0.0.0/0", "::/0")


def subnet_cidrs(cidr, newbits, count=SUBNETS):
    """The first `count` subnets of `newbits` longer prefix carved from `cidr`, in order."""
    network = ipaddress.ip_network(cidr)
    subnets = [str(subnet) for subnet in itertools.islice(network.subnets(prefixlen_diff=newbits), count)]
    if len(subnets) < count:
        raise ValueError("%s holds only %d subnets of /%d" % (cidr, len(subnets), network.prefixlen + newbits))
    return subnets


def _vpc_cidr_problem(cidr, newbits):
    try:
        network = ipaddress.IPv4Network(cidr)
    except ValueError:
        return "must be an IPv4 network address with its prefix, such as 10.40.0.0/16"
    if not 16 <= network.prefixlen <= 24:
        return "must have a prefix length from /16 to /24"
    if not isinstance(newbits, int) or isinstance(newbits, bool) or newbits < 2 or network.prefixlen + newbits > 28:
        return (
            "with network_subnet_newbits %s must leave room for four subnets of at most /28: "
            "network_subnet_newbits must be at least 2 and keep the subnet prefix at /28 or shorter" % newbits
        )
    return None


def _ports(rule):
    proto = str(rule.get("proto") or "tcp")
    if proto == "-1":
        return proto, 0, 65535
    low = rule.get("from_port")
    high = rule.get("to_port") if rule.get("to_port") is not None else low
    return proto, low, high


def _extra_rule_problem(rule, redis_port, database_port):
    if not isinstance(rule, Mapping):
        return "must be a dict with security_group and one source"
    group = rule.get("security_group")
    if group not in SECURITY_GROUPS:
        return "security_group must be one of %s" % ", ".join(SECURITY_GROUPS)
    sources = [key for key in ("cidr_ip", "cidr_ipv6", "source_group") if rule.get(key)]
    if len(sources) != 1:
        return "give exactly one of cidr_ip, cidr_ipv6 and source_group"
    for key in ("cidr_ip", "cidr_ipv6"):
        if rule.get(key) and rules.cidr_block(rule[key]):
            return "%s %s" % (key, rules.cidr_block(rule[key]))
    proto, low, high = _ports(rule)
    if proto not in ("-1", "icmp"):
        if not all(isinstance(port, int) and not isinstance(port, bool) for port in (low, high)) or not 0 <= low <= high <= 65535:
            return "from_port and to_port must form a range within 0-65535 (got %s-%s)" % (low, high)
    world = rule.get("cidr_ip") in WORLD or rule.get("cidr_ipv6") in WORLD
    if world:
        private = proto == "-1" or (proto != "icmp" and any(low <= port <= high for port in (redis_port, database_port)))
        if group != "lb" or private:
            return (
                "refusing to open %s to the world: only the lb group may take world-open rules, and never on a range "
                "that includes port %s (Redis) or %s (PostgreSQL)" % (rule.get("cidr_ip") or rule.get("cidr_ipv6"), redis_port, database_port)
            )
    return None


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("network_environment", rules.environment_name)
    existing_vpc = inputs.get("network_existing_vpc_id") or ""
    private = inputs.get("network_existing_private_subnet_ids") or []
    public = inputs.get("network_existing_public_subnet_ids") or []
    if existing_vpc:
        problems.check("network_existing_vpc_id", rules.aws_id, "vpc")
        if "network_existing_private_subnet_ids" in problems and not private:
            problems.add(
                "network_existing_private_subnet_ids must list at least one subnet of network_existing_vpc_id "
                "(%s): the ECS hosts, Redis and the database go there." % existing_vpc
            )
        problems.check_each("network_existing_private_subnet_ids", rules.aws_id, "subnet")
        problems.check_each("network_existing_public_subnet_ids", rules.aws_id, "subnet")
    elif private or public:
        problems.add(
            "network_existing_private_subnet_ids and network_existing_public_subnet_ids are used only with an existing "
            "VPC: set network_existing_vpc_id too, or leave them empty to create a VPC from network_cidr."
        )
    else:
        problems.check("network_cidr", _vpc_cidr_problem, rules.as_whole_number(inputs.get("network_subnet_newbits", 4)))
        zones = inputs.get("network_availability_zones")
        if zones is not None:
            problems.require("network_availability_zones", len(zones) in (0, 2), "must be empty or name two zones")
    problems.check_each("network_ui_allowed_cidrs", rules.cidr_block)
    for name in ("network_api_server_port", "network_redis_port", "network_database_port"):
        problems.check(name, rules.whole_number, 1, 65535)
    redis_port = rules.as_whole_number(inputs.get("network_redis_port", 6379))
    database_port = rules.as_whole_number(inputs.get("network_database_port", 5432))
    for index, rule in enumerate(inputs.get("network_extra_ingress") or []):
        problem = _extra_rule_problem(rule, redis_port, database_port)
        if problem:
            group = rule.get("security_group", "?") if isinstance(rule, Mapping) else "?"
            problems.add("network_extra_ingress[%d] (%s group): %s." % (index, group, problem))
    problems.check_tags("network_tags")
    return problems.messages
