"""playbooks/site.yml checks every role's inputs before its first AWS call, and previews an empty
account in check mode without creating anything.

Each bad input below belongs to a role that runs after others have called AWS (the
network, the bucket, the secrets ...); the play must stop in its validation phase, with a
message naming the input, before the emulator has served a single request.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"
TOKEN_TOO_SHORT = "Sh0rtT0ken"
TOKEN_BAD_CHARACTERS = "n0t-@-valid/t0ken-at-all"


BAD_INPUTS = [
    pytest.param({"airflow_ecs_environment": "My Env"}, "airflow_ecs_environment must be", id="environment-name"),
    pytest.param({"airflow_ecs_environment": "prod-"}, "not end with a hyphen", id="environment-trailing-hyphen"),
    pytest.param({"airflow_ecs_environment": "x" * 25}, "2 to 24 characters", id="environment-too-long"),
    pytest.param(
        {"airflow_ecs_aws": {"endpoint_url": "http://127.0.0.1:1"}}, "region found in airflow_ecs_aws", id="no-region"
    ),
    pytest.param(
        {"airflow_ecs_aws": {"region": "Europe", "endpoint_url": "http://127.0.0.1:1"}},
        "airflow_ecs_aws.region must be an AWS region",
        id="bad-region",
    ),
    pytest.param({"airflow_ecs_tags": {"aws:owner": "me"}}, "airflow_ecs_tags.aws:owner", id="reserved-tag-key"),
    pytest.param(
        {"airflow_services_launch_type": "FARGATE"},
        "airflow_services_dag_storage.mode: s3fs mounts the DAG bucket on the EC2 host",
        id="fargate-with-s3fs",
    ),
    pytest.param(
        {"airflow_services_sizes": {"worker": {"memory": 512}}},
        "airflow_services_sizes.worker.memory 512 MiB is below the worker floor",
        id="worker-memory-below-floor",
    ),
    pytest.param(
        {"airflow_services_launch_type": "FARGATE", "airflow_services_dag_storage": {"mode": "image"}},
        "airflow_services_worker.longest_task_seconds: 600 s plus",
        id="worker-stop-timeout-over-fargate-cap",
    ),
    pytest.param(
        {"airflow_services_desired_counts": {"api-server": 0, "scheduler": 1, "dag-processor": 1, "triggerer": 1, "worker": 1}},
        "airflow_services_desired_counts must give",
        id="api-server-desired-count-0",
    ),
    pytest.param(
        {"airflow_services_dag_storage": {"mode": "s3fs", "host_path": "/mnt/dags"}},
        "must be where the hosts mount the DAG bucket, ecs_hosts_dag_mount_path",
        id="dag-mount-differs-from-hosts",
    ),
    pytest.param(
        {"network_vpc_id": "vpc-0123456789abcdef0"},
        "network_private_subnet_ids must list at least one subnet",
        id="existing-vpc-without-subnets",
    ),
    pytest.param(
        {"network_extra_ingress": [{"security_group": "database", "from_port": 5432, "cidr_ip": "0.0.0.0/0"}]},
        "network_extra_ingress[0] (database group): refusing to open 0.0.0.0/0",
        id="world-open-postgres-rule",
    ),
    pytest.param(
        {"secrets_redis_auth_token": TOKEN_TOO_SHORT},
        "secrets_redis_auth_token must be 16 to 128 characters long",
        id="redis-token-too-short",
    ),
    pytest.param(
        {"secrets_redis_auth_token": TOKEN_BAD_CHARACTERS},
        "secrets_redis_auth_token may hold only letters, digits",
        id="redis-token-bad-characters",
    ),
    pytest.param({"redis_node_type": "t4g.small"}, "redis_node_type must look like", id="redis-node-type"),
    pytest.param(
        {"metadata_db_engine_version": "12.4"}, "metadata_db_engine_version must be a pinned", id="rds-engine-version"
    ),
    pytest.param(
        {"metadata_db_instance_class": "t4g.medium"}, "metadata_db_instance_class must be", id="rds-instance-class"
    ),
    pytest.param({"dag_storage_bucket_name": "Airflow_DAGs"}, "dag_storage_bucket_name must be", id="dag-bucket-name"),
    pytest.param({"secrets_kms_key_id": "alias/airflow"}, "secrets_kms_key_id must be the ARN", id="secrets-kms-alias"),
    pytest.param({"logs_kms_key_id": "1234abcd"}, "logs_kms_key_id must be the ARN", id="logs-kms-key-id"),
    pytest.param({"logs_retention_days": 10}, "logs_retention_days", id="logs-retention"),
    pytest.param(
        {"ecs_hosts_worker_min_size": 4, "ecs_hosts_worker_max_size": 2},
        "ecs_hosts_worker_min_size (0 allowed) must not exceed",
        id="worker-tier-sizes",
    ),
]


@pytest.mark.parametrize(("extra_vars", "message"), BAD_INPUTS)
def test_bad_input_stops_the_site_play_before_any_aws_call(clean_emulator, playbook, extra_vars, message):
    served_before = clean_emulator.requests_served()
    run = playbook(SITE, extra_vars=extra_vars)
    assert run.returncode != 0
    assert message in run.output, run.output[-3000:]
    assert clean_emulator.requests_served() == served_before, "a bad input reached the AWS API"
    assert TOKEN_TOO_SHORT not in run.output and TOKEN_BAD_CHARACTERS not in run.output, "a token was shown"


# A separate file from test_site.py, whose tests share one environment: this one needs an empty account.
def test_check_mode_on_an_empty_account_reports_changes_and_creates_nothing(clean_emulator, playbook):
    run = playbook(SITE, check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed >= 2
    assert clean_emulator.client("ecs").list_clusters()["clusterArns"] == []
    assert clean_emulator.client("logs").describe_log_groups()["logGroups"] == []
    assert clean_emulator.client("ec2").describe_vpcs(
        Filters=[{"Name": "tag:airflow_ecs_environment", "Values": ["local"]}]
    )["Vpcs"] == []
