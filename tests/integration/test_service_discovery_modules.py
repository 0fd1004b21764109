"""service_discovery_namespace and service_discovery_service on the emulator.

Each behaviour runs four times: check mode, apply, check mode again, apply again.
"""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, run_task, write_play

pytestmark = pytest.mark.emulator


def _playbook(tmp_path, module: str, module_args: dict) -> str:
    return write_play(tmp_path, [module_task(module, module_args)])


def _run_once(playbook, tmp_path, module, module_args, check=False):
    return run_task(playbook, _playbook(tmp_path, module, module_args), check=check, diff=True)


def _converge(playbook, tmp_path, module: str, module_args: dict):
    """The four runs, which must change, change, not change, not change."""
    runs = four_runs(playbook, _playbook(tmp_path, module, module_args), task=TASK, diff=True)
    assert runs.converged(), runs
    return runs


def _vpc(emulator, cidr="10.40.0.0/16"):
    return emulator.client("ec2").create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]


def _namespaces(emulator, name):
    return [ns for ns in emulator.client("servicediscovery").list_namespaces()["Namespaces"] if ns["Name"] == name]


def _create_namespace(emulator, name, vpc_id):
    client = emulator.client("servicediscovery")
    operation_id = client.create_private_dns_namespace(Name=name, Vpc=vpc_id)["OperationId"]
    return client.get_operation(OperationId=operation_id)["Operation"]["Targets"]["NAMESPACE"]


def test_namespace_create_update_conflict_and_delete(clean_emulator, playbook, tmp_path):
    vpc_id = _vpc(clean_emulator)
    create = {
        "name": "it-airflow.local",
        "vpc_id": vpc_id,
        "description": "integration test",
        "tags": {"airflow_ecs_environment": "it", "team": "data"},
    }
    runs = _converge(playbook, tmp_path, "service_discovery_namespace", create)
    assert runs.check["diff"]["before"] == {}
    assert runs.check["namespace"]["id"] is None
    namespace = runs.apply["namespace"]
    assert namespace["id"].startswith("ns-")
    assert namespace["arn"].endswith(namespace["id"])
    assert namespace["name"] == "it-airflow.local"
    assert namespace["hosted_zone_id"]
    assert namespace["operation_id"]
    assert namespace["tags"] == create["tags"]
    assert runs.apply_again["namespace"]["id"] == namespace["id"]
    assert len(_namespaces(clean_emulator, "it-airflow.local")) == 1

    update = dict(create, description="updated", tags={"airflow_ecs_environment": "it"})
    runs = _converge(playbook, tmp_path, "service_discovery_namespace", update)
    assert runs.check["diff"]["before"]["description"] == "integration test"
    assert runs.check["diff"]["after"]["description"] == "updated"
    client = clean_emulator.client("servicediscovery")
    assert client.get_namespace(Id=namespace["id"])["Namespace"]["Description"] == "updated"
    tags = client.list_tags_for_resource(ResourceARN=namespace["arn"])["Tags"]
    assert tags == [{"Key": "airflow_ecs_environment", "Value": "it"}]

    # AWS associates the namespace's hosted zone with its VPC (the emulator does not; do it here).
    clean_emulator.client("route53").associate_vpc_with_hosted_zone(
        HostedZoneId=namespace["hosted_zone_id"], VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id}
    )
    other_vpc = _vpc(clean_emulator, "10.41.0.0/16")
    run, result = _run_once(playbook, tmp_path, "service_discovery_namespace", dict(update, vpc_id=other_vpc))
    assert run.returncode != 0
    assert "already exists in another VPC" in result["msg"] and vpc_id in result["msg"]
    assert len(_namespaces(clean_emulator, "it-airflow.local")) == 1

    service_id = client.create_service(Name="api-server", NamespaceId=namespace["id"])["Service"]["Id"]
    absent = {"name": "it-airflow.local", "state": "absent"}
    run, result = _run_once(playbook, tmp_path, "service_discovery_namespace", absent)
    assert run.returncode != 0
    assert "still has services (api-server)" in result["msg"]
    client.delete_service(Id=service_id)

    runs = _converge(playbook, tmp_path, "service_discovery_namespace", absent)
    assert runs.check["diff"]["after"] == {} and runs.apply["namespace"] is None
    assert _namespaces(clean_emulator, "it-airflow.local") == []


def test_namespace_wait_timeout_must_not_be_negative(clean_emulator, playbook, tmp_path):
    args = {"name": "it-airflow.local", "vpc_id": _vpc(clean_emulator), "wait_timeout": -1}
    run, result = _run_once(playbook, tmp_path, "service_discovery_namespace", args)
    assert run.returncode != 0
    assert "wait_timeout" in result["msg"]
    assert _namespaces(clean_emulator, "it-airflow.local") == []


def test_service_create_update_immutable_and_delete(clean_emulator, playbook, tmp_path):
    namespace_id = _create_namespace(clean_emulator, "it-airflow.local", _vpc(clean_emulator))
    client = clean_emulator.client("servicediscovery")

    create = {
        "name": "api-server",
        "namespace": "it-airflow.local",
        "health_check_custom_config": {"failure_threshold": 1},
        "tags": {"airflow_ecs_environment": "it"},
    }
    runs = _converge(playbook, tmp_path, "service_discovery_service", create)
    assert runs.check["diff"]["before"] == {}
    service = runs.apply["service"]
    assert service["arn"].endswith(service["id"])
    assert service["namespace_id"] == namespace_id
    assert service["dns_records"] == [{"type": "A", "ttl": 10}]
    assert service["routing_policy"] == "MULTIVALUE"
    assert service["health_check_custom_config"] == {"failure_threshold": 1}
    assert runs.apply_again["service"]["arn"] == service["arn"]

    # By id this time, so both ways of naming the namespace are covered.
    update = dict(create, namespace=namespace_id, dns_ttl=30, description="api-server of it")
    runs = _converge(playbook, tmp_path, "service_discovery_service", update)
    assert runs.check["diff"]["before"]["dns_records"] == [{"type": "A", "ttl": 10}]
    assert runs.check["diff"]["after"]["dns_records"] == [{"type": "A", "ttl": 30}]
    described = client.get_service(Id=service["id"])["Service"]
    assert described["DnsConfig"]["DnsRecords"] == [{"Type": "A", "TTL": 30}]
    assert described["DnsConfig"]["RoutingPolicy"] == "MULTIVALUE"
    assert described["Description"] == "api-server of it"

    run, result = _run_once(playbook, tmp_path, "service_discovery_service", dict(update, routing_policy="WEIGHTED"))
    assert run.returncode != 0
    assert "routing_policy of service api-server is MULTIVALUE and cannot be changed" in result["msg"]

    client.register_instance(ServiceId=service["id"], InstanceId="task-1", Attributes={"AWS_INSTANCE_IPV4": "10.40.0.5"})
    absent = {"name": "api-server", "namespace": "it-airflow.local", "state": "absent"}
    run, result = _run_once(playbook, tmp_path, "service_discovery_service", absent)
    assert run.returncode != 0
    assert "still has 1 registered instance(s)" in result["msg"]
    client.deregister_instance(ServiceId=service["id"], InstanceId="task-1")

    runs = _converge(playbook, tmp_path, "service_discovery_service", absent)
    assert runs.apply["service"] is None
    assert client.list_services()["Services"] == []


def test_service_check_mode_before_the_namespace_exists(clean_emulator, playbook, tmp_path):
    args = {"name": "api-server", "namespace": "not-yet.local"}
    run, result = _run_once(playbook, tmp_path, "service_discovery_service", args, check=True)
    assert run.returncode == 0, run.output
    assert result["changed"]
    assert result["service"]["namespace_id"] is None

    run, result = _run_once(playbook, tmp_path, "service_discovery_service", args)
    assert run.returncode != 0
    assert "namespace not-yet.local does not exist: create it first" in result["msg"]
