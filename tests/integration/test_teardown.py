"""playbooks/teardown.yml on the emulator: confirmation, check mode, what is kept, idempotence, look-alikes."""

from __future__ import annotations

import pytest
from conftest import environment_resources, run_playbook

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"
TEARDOWN = "playbooks/teardown.yml"
ENV = "local"
# The emulator cannot delete a cache subnet group (teardown says so and skips it there).
EMULATOR_LEFTOVERS = {"cache_subnet_groups": [f"airflow-{ENV}"]}


def _inventory(emulator) -> dict[str, list[str]]:
    return environment_resources(emulator, ENV)


@pytest.fixture(scope="module")
def converged(emulator):
    """One site converge shared by the ordered tests of the keep-data scenario."""
    emulator.reset()
    run = run_playbook(emulator, SITE)
    assert run.returncode == 0, run.output
    return emulator


@pytest.mark.parametrize(
    ("extra_vars", "message"),
    [
        ({}, f"To confirm, pass: -e confirm_teardown={ENV}"),
        ({"confirm_teardown": "prod"}, "(got confirm_teardown=prod)"),
    ],
)
def test_refuses_without_the_right_confirmation_before_any_aws_call(converged, playbook, extra_vars, message):
    before = _inventory(converged)
    served = converged.requests_served()
    run = playbook(TEARDOWN, extra_vars=extra_vars)
    assert run.returncode != 0
    assert message in run.output
    assert run.failed_task() == "Refuse to run without the confirmation"
    assert converged.requests_served() == served, "the refusal reached the AWS API"
    assert _inventory(converged) == before


def test_check_mode_reports_and_deletes_nothing(converged, playbook):
    before = _inventory(converged)
    run = playbook(TEARDOWN, extra_vars={"confirm_teardown": ENV}, check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed > 0
    assert _inventory(converged) == before


def test_teardown_keeps_only_the_snapshot_bucket_logs_and_secrets(converged, playbook):
    run = playbook(TEARDOWN, extra_vars={"confirm_teardown": ENV})
    assert run.returncode == 0, run.output
    left = _inventory(converged)
    assert [s for s in left["db_snapshots"] if s.startswith(f"airflow-{ENV}-final-")], left["db_snapshots"]
    assert left["buckets"] == [f"airflow-ecs-{ENV}-dags-123456789012"]
    assert left["log_groups"] == [f"/airflow-ecs/{ENV}"]
    assert left["secrets"] == [f"airflow-ecs/{ENV}/{name}" for name in ("airflow", "database-password", "redis-auth-token")]
    kept = {"db_snapshots", "buckets", "log_groups", "secrets"}
    assert {kind: items for kind, items in left.items() if kind not in kept and items} == EMULATOR_LEFTOVERS
    objects = converged.client("s3").list_objects_v2(Bucket=left["buckets"][0]).get("Contents", [])
    assert objects, "the DAGs were deleted with data kept"


def test_second_teardown_changes_nothing(converged, playbook):
    run = playbook(TEARDOWN, extra_vars={"confirm_teardown": ENV})
    assert run.returncode == 0, run.output
    assert run.changed == 0


def test_delete_data_then_removes_what_was_kept_and_spares_look_alikes(converged, playbook):
    """Runs on what the keep-data teardown left (the snapshot, bucket, logs and secrets)."""
    clean_emulator = converged
    # Look-alikes: same names without this environment's tags, and another environment's.
    iam = clean_emulator.client("iam")
    iam.create_role(RoleName="airflow-other-execution", AssumeRolePolicyDocument="{}",
                    Tags=[{"Key": "airflow_ecs_environment", "Value": "other"}, {"Key": "managed_by", "Value": "airflow_ecs.deploy"}])
    clean_emulator.client("secretsmanager").create_secret(Name=f"airflow-ecs/{ENV}/manual", SecretString="x")
    clean_emulator.client("s3").create_bucket(Bucket=f"airflow-ecs-{ENV}-dags-copy")
    run = playbook(TEARDOWN, extra_vars={"confirm_teardown": ENV, "teardown_delete_data": True})
    assert run.returncode == 0, run.output
    left = _inventory(clean_emulator)
    assert left["db_snapshots"] == []
    assert left["buckets"] == [f"airflow-ecs-{ENV}-dags-copy"]
    assert left["secrets"] == [f"airflow-ecs/{ENV}/manual"]
    assert left["log_groups"] == []
    assert {kind: items for kind, items in left.items() if items and kind not in {"buckets", "secrets"}} == EMULATOR_LEFTOVERS
    assert [r["RoleName"] for r in iam.list_roles()["Roles"] if r["RoleName"] == "airflow-other-execution"]


def test_never_created_environment_with_untagged_look_alikes(clean_emulator, playbook):
    """Same-named resources without the tags are reported and left alone; nothing changes."""
    ec2 = clean_emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"airflow-{ENV}"}])
    clean_emulator.client("ecs").create_cluster(clusterName=f"airflow-{ENV}")
    clean_emulator.client("iam").create_role(RoleName=f"airflow-{ENV}-execution", AssumeRolePolicyDocument="{}")
    clean_emulator.client("secretsmanager").create_secret(Name=f"airflow-ecs/{ENV}/airflow", SecretString="{}")
    clean_emulator.client("logs").create_log_group(logGroupName=f"/airflow-ecs/{ENV}")
    clean_emulator.client("s3").create_bucket(Bucket=f"airflow-ecs-{ENV}-dags-123456789012")

    run = playbook(TEARDOWN, extra_vars={"confirm_teardown": ENV, "teardown_delete_data": True})
    assert run.returncode == 0, run.output
    assert run.changed == 0
    [summary] = run.task_results("Summarise the teardown")
    left_alone = summary["msg"][-1]
    for name in (f"ECS cluster airflow-{ENV}", f"IAM role airflow-{ENV}-execution", f"secret airflow-ecs/{ENV}/airflow",
                 f"log group /airflow-ecs/{ENV}", f"S3 bucket airflow-ecs-{ENV}-dags-123456789012", f"VPC airflow-{ENV} {vpc}"):
        assert name in left_alone
    assert ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]
    assert clean_emulator.client("ecs").describe_clusters(clusters=[f"airflow-{ENV}"])["clusters"][0]["status"] == "ACTIVE"
    assert clean_emulator.client("iam").get_role(RoleName=f"airflow-{ENV}-execution")
    assert clean_emulator.client("secretsmanager").describe_secret(SecretId=f"airflow-ecs/{ENV}/airflow").get("DeletedDate") is None
    assert clean_emulator.client("logs").describe_log_groups(logGroupNamePrefix=f"/airflow-ecs/{ENV}")["logGroups"]
    assert clean_emulator.client("s3").head_bucket(Bucket=f"airflow-ecs-{ENV}-dags-123456789012")
