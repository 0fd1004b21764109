"""playbooks/site.yml checks every role's inputs before its first AWS call, and previews an empty
account in check mode without creating anything.

Each bad input below belongs to a role that runs after others have called AWS (the
network, the bucket, the secrets ...); the play must stop in its validation phase, with a
message naming the input, before the emulator has served a single request.
"""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import official_image

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"
TOKEN_BAD_CHARACTERS = "n0t-@-valid/t0ken-at-all"


# One bad input per role: its rule has a unit test (tests/unit/role_inputs); this proves that
# site.yml runs the role's validate entry point before any AWS call and that the message reaches
# the user naming the input. Each belongs to a role that runs after others have called AWS.
BAD_INPUTS = [
    pytest.param({"airflow_ecs_environment": "x" * 21}, "airflow_ecs_environment must be 2 to 20 characters", id="preflight"),
    pytest.param({"logs_kms_key_id": "1234abcd"}, "logs_kms_key_id must be a key ARN", id="logs"),
    pytest.param(
        {"network_extra_ingress": [{"security_group": "database", "from_port": 5432, "cidr_ip": "0.0.0.0/0"}]},
        "network_extra_ingress[0] (database group): refusing to open 0.0.0.0/0",
        id="network",
    ),
    pytest.param({"dag_storage_bucket_name": "Airflow_DAGs"}, "dag_storage_bucket_name must be an S3 bucket name", id="dag_storage"),
    pytest.param(
        {"secrets_redis_auth_token": TOKEN_BAD_CHARACTERS},
        "secrets_redis_auth_token may hold only letters, digits",
        id="secrets",
    ),
    pytest.param(
        {"image_pip_requirements": ["apache-airflow==2.10.5"]}, "image_pip_requirements[0] names apache-airflow:", id="image"
    ),
    pytest.param(
        {"iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
        "iam_task_role_extra_statements.worker[0]: no statement may pair",
        id="iam",
    ),
    pytest.param(
        {"metadata_db_engine_version": "12.4"}, "metadata_db_engine_version must be a pinned RDS PostgreSQL version", id="metadata_db"
    ),
    pytest.param({"redis_node_type": "t4g.small"}, "redis_node_type must look like cache.<family>.<size>", id="redis"),
    pytest.param(
        {"ecs_hosts_worker_min_size": 4, "ecs_hosts_worker_max_size": 2},
        "ecs_hosts_worker_min_size must not exceed ecs_hosts_worker_max_size (2)",
        id="ecs_hosts",
    ),
    # What the hosts must hold comes from the services' settings (the wiring): the defaults need trunking.
    pytest.param(
        {"ecs_hosts_awsvpc_trunking": False},
        "ecs_hosts_core_max_size: 3 m6i.large hosts (2 vCPU, 7782 MiB for tasks, 2 awsvpc tasks a host without ENI trunking)",
        id="ecs_hosts-capacity",
    ),
    pytest.param(
        {"airflow_services_sizes": {"worker": {"memory": 512}}},
        "airflow_services_sizes.worker.memory 512 MiB is below the worker floor",
        id="airflow_services",
    ),
    pytest.param(
        {"worker_scaling_period_seconds": 90}, "worker_scaling_period_seconds must be a multiple of 60", id="worker_scaling"
    ),
    # A setting every component shares is reported once, not once per task definition.
    pytest.param(
        {"airflow_services_airflow_config": {"core": {"executor": "LocalExecutor"}}},
        "Every task definition would be refused: airflow_services_airflow_config.core.executor is managed by the collection",
        id="airflow_services-shared-setting",
    ),
]


@pytest.mark.parametrize(("extra_vars", "message"), BAD_INPUTS)
def test_bad_input_stops_the_site_play_before_any_aws_call(clean_emulator, playbook, extra_vars, message):
    served_before = clean_emulator.requests_served()
    run = playbook(SITE, extra_vars=extra_vars)
    assert run.returncode != 0
    assert message in run.output, run.output[-3000:]
    assert clean_emulator.requests_served() == served_before, "a bad input reached the AWS API"
    assert TOKEN_BAD_CHARACTERS not in run.output, "a token was shown"


# A separate file from test_site.py, whose tests share one environment: this one needs an empty account.
def test_check_mode_on_an_empty_account_reports_changes_and_creates_nothing(clean_emulator, playbook):
    # A team's own image: the image role's preview reads the registry, and no registry runs here
    # (molecule/image previews a build).
    run = playbook(SITE, check=True, diff=True, extra_vars={"airflow_ecs_image": official_image()})
    assert run.returncode == 0, run.output
    assert run.changed >= 2
    assert clean_emulator.client("ecs").list_clusters()["clusterArns"] == []
    assert clean_emulator.client("logs").describe_log_groups()["logGroups"] == []
    assert clean_emulator.client("ec2").describe_vpcs(
        Filters=[{"Name": "tag:airflow_ecs_environment", "Values": ["local"]}]
    )["Vpcs"] == []


def test_the_example_inventory_passes_every_check_before_its_first_aws_call(playbook, clean_emulator):
    """inventories/example, pointed at a closed port on 127.0.0.1 instead of AWS: every role's
    validation passes, and the play stops at its first AWS call, which reaches nothing."""
    closed = {"region": "eu-west-1", "endpoint_url": "http://127.0.0.1:9", "access_key": "x", "secret_key": "x",
              "retries": {"max_attempts": 3}}
    run = playbook(SITE, inventory="inventories/example", extra_vars={"airflow_ecs_aws": closed},
                   environment={"AWS_MAX_ATTEMPTS": "3"})
    assert run.returncode != 0
    names = [task["task"]["name"] for play in run.result["plays"] for task in play["tasks"]]
    validation = [name for name in names if name.startswith("airflow_ecs.deploy.") and " : Check " in name]
    assert len(validation) >= 12, validation
    assert run.failed_task() == "Create the log group", run.output[-3000:]
    assert "Could not connect to the endpoint URL" in run.output
