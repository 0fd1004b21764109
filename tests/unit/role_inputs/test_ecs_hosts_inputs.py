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
