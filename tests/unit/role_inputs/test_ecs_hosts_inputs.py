"""The ecs_hosts role's rules."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {
    "ecs_hosts_environment": "prod",
    "ecs_hosts_cluster_name": "airflow-prod",
    "ecs_hosts_ami_ssm_parameter": "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    "ecs_hosts_ami_id": "",
    "ecs_hosts_root_volume_size": 50,
    "ecs_hosts_core_instance_type": "m6i.large",
    "ecs_hosts_core_min_size": 1,
    "ecs_hosts_core_max_size": 3,
    "ecs_hosts_worker_instance_type": "m6i.xlarge",
    "ecs_hosts_worker_min_size": 0,
    "ecs_hosts_worker_max_size": 10,
    "ecs_hosts_worker_stop_timeout": 630,
    "ecs_hosts_target_capacity": 100,
    "ecs_hosts_dag_mount_path": "/mnt/airflow-dags",
    "ecs_hosts_tags": {},
}
LINKS = {"ecs_hosts_subnet_ids": ["subnet-0a1b2c3d"], "ecs_hosts_security_group_ids": ["sg-0a1b2c3d"],
         "ecs_hosts_instance_profile_name": "airflow-prod-instance", "ecs_hosts_dag_bucket": "airflow-ecs-prod-dags-123456789012"}


def test_good_inputs_pass():
    assert problems("ecs_hosts", GOOD) == ""
    assert problems("ecs_hosts", LINKS) == ""
    assert problems("ecs_hosts", dict(GOOD, ecs_hosts_ami_id="ami-0123456789abcdef0")) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"ecs_hosts_worker_min_size": 4, "ecs_hosts_worker_max_size": 2}, "ecs_hosts_worker_min_size must not exceed ecs_hosts_worker_max_size (2); got 4."),
    ({"ecs_hosts_core_min_size": 0}, "ecs_hosts_core_min_size must be at least 1"),
    ({"ecs_hosts_worker_max_size": 0}, "ecs_hosts_worker_max_size must be at least 1"),
    ({"ecs_hosts_core_instance_type": "large"}, "ecs_hosts_core_instance_type must be an EC2 instance type"),
    ({"ecs_hosts_ami_id": "ami-123"}, "ecs_hosts_ami_id must be an AMI id"),
    ({"ecs_hosts_ami_ssm_parameter": "aws/service"}, "ecs_hosts_ami_ssm_parameter must be an SSM parameter path"),
    ({"ecs_hosts_root_volume_size": 20}, "ecs_hosts_root_volume_size must be at least 30"),
    ({"ecs_hosts_worker_stop_timeout": 0}, "ecs_hosts_worker_stop_timeout must be at least 1"),
    ({"ecs_hosts_target_capacity": 101}, "ecs_hosts_target_capacity must be 1 to 100"),
    ({"ecs_hosts_dag_mount_path": "mnt/dags"}, "ecs_hosts_dag_mount_path must be an absolute path"),
    ({"ecs_hosts_cluster_name": "airflow prod"}, "ecs_hosts_cluster_name must be 1 to 255 letters"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("ecs_hosts", dict(GOOD, **change))


def test_what_other_roles_hand_on_must_be_there():
    found = problems("ecs_hosts", dict(LINKS, ecs_hosts_subnet_ids=[], ecs_hosts_instance_profile_name=""))
    assert "ecs_hosts_subnet_ids must not be empty" in found
    assert "ecs_hosts_instance_profile_name must not be empty" in found


def _tiers(**settings):
    from ansible_collections.airflow_ecs.deploy.plugins.filter.host_tier_services import host_tier_services

    return host_tier_services({"max_workers": 10, **settings})


def test_tiers_that_hold_their_services_during_a_deploy_pass():
    assert problems("ecs_hosts", dict(GOOD, ecs_hosts_tier_services=_tiers())) == ""  # trunking on by default
    assert problems("ecs_hosts", dict(GOOD, ecs_hosts_tier_services={})) == ""  # a role used alone


def test_core_hosts_without_trunking_are_named_with_what_to_change():
    message = problems("ecs_hosts", dict(GOOD, ecs_hosts_tier_services=_tiers(), ecs_hosts_awsvpc_trunking="no"))
    assert message.startswith("ecs_hosts_core_max_size: 3 m6i.large hosts")
    assert "raise ecs_hosts_core_max_size to 5, or turn on ecs_hosts_awsvpc_trunking" in message


def test_workers_scaling_beyond_their_hosts_are_named():
    message = problems("ecs_hosts", dict(GOOD, ecs_hosts_tier_services=_tiers(max_workers=30)))
    assert message.startswith("ecs_hosts_worker_max_size: 10 m6i.xlarge hosts")
    assert "cannot hold the 60 tasks the worker tier runs during a deploy (worker 60;" in message
    assert "raise ecs_hosts_worker_max_size to 15" in message


def test_the_wiring_stands_in_for_the_role_defaults_it_leaves_out():
    """playbooks/vars/wiring.yml hands ecs_hosts_tier_services the services' settings, each with
    a default() for an inventory that leaves it out: those must be the roles' own defaults."""
    from pathlib import Path

    import yaml

    from ansible_collections.airflow_ecs.deploy.plugins.module_utils.host_capacity import DEFAULT_DESIRED_COUNT

    root = Path(__file__).resolve().parents[3]
    services = yaml.safe_load((root / "roles/airflow_services/defaults/main.yml").read_text())
    scaling = yaml.safe_load((root / "roles/worker_scaling/defaults/main.yml").read_text())
    wiring = yaml.safe_load((root / "playbooks/vars/wiring.yml").read_text())["ecs_hosts_tier_services"]
    assert set(services["airflow_services_desired_counts"].values()) == {DEFAULT_DESIRED_COUNT}
    assert f"airflow_services_flower_enabled | default({str(services['airflow_services_flower_enabled']).lower()})" in wiring
    assert f"airflow_services_network_mode | default('{services['airflow_services_network_mode']}')" in wiring
    assert f"airflow_services_launch_type | default('{services['airflow_services_launch_type']}')" in wiring
    assert f"worker_scaling_max_workers | default({scaling['worker_scaling_max_workers']})" in wiring
    assert services["airflow_services_sizes"] == {}
