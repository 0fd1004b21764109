"""module_utils/service_discovery: finding the namespace by name, type and VPC."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.service_discovery import (
    choose_namespace,
    namespaces_named,
)

NS_A = {"Id": "ns-a", "Name": "airflow-prod.local", "Type": "DNS_PRIVATE"}
NS_B = {"Id": "ns-b", "Name": "airflow-prod.local", "Type": "DNS_PRIVATE"}


def test_namespaces_named_matches_name_and_type_only():
    summaries = [
        NS_A,
        {"Id": "ns-http", "Name": "airflow-prod.local", "Type": "HTTP"},
        {"Id": "ns-other", "Name": "airflow-dev.local", "Type": "DNS_PRIVATE"},
        {"Id": "ns-dot", "Name": "Airflow-Prod.local.", "Type": "DNS_PRIVATE"},
    ]
    assert [ns["Id"] for ns in namespaces_named(summaries, "airflow-prod.local")] == ["ns-a", "ns-dot"]


def test_the_one_in_our_vpc_wins():
    assert choose_namespace([(NS_A, ["vpc-1"]), (NS_B, ["vpc-2"])], "airflow-prod.local", "vpc-2") == (NS_B, None)


def test_nothing_found_is_no_error():
    assert choose_namespace([], "airflow-prod.local", "vpc-1") == (None, None)


def test_only_in_another_vpc_is_an_error_naming_both():
    namespace, error = choose_namespace([(NS_A, ["vpc-1"])], "airflow-prod.local", "vpc-2")
    assert namespace is None
    assert "already exists in another VPC (ns-a in vpc-1), not in vpc-2" in error


def test_a_single_namespace_with_unreadable_vpcs_is_taken():
    assert choose_namespace([(NS_A, [])], "airflow-prod.local", "vpc-1") == (NS_A, None)


def test_several_namespaces_with_unreadable_vpcs_are_ambiguous():
    namespace, error = choose_namespace([(NS_A, []), (NS_B, [])], "airflow-prod.local", "vpc-1")
    assert namespace is None
    assert "several private DNS namespaces are named airflow-prod.local (ns-a, ns-b)" in error
