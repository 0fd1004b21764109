"""playbooks/teardown.yml on an account where this environment was never created: same-named
resources without the environment's tags are reported and left alone. Apart from test_site.py,
whose tests share one converged environment, so the two files run side by side."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator

TEARDOWN = "playbooks/teardown.yml"
ENV = "local"


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
