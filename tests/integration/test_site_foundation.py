"""playbooks/site.yml on the emulator: converge, idempotence, check mode, validation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"


def _cluster(emulator, name="airflow-local"):
    ecs = emulator.client("ecs")
    clusters = ecs.describe_clusters(clusters=[name], include=["TAGS", "SETTINGS"])["clusters"]
    return clusters[0] if clusters and clusters[0]["status"] == "ACTIVE" else None


def _requests_served(emulator) -> int:
    return sum(1 for line in emulator.log.read_text(errors="replace").splitlines() if '"POST ' in line or '"GET ' in line)


def test_first_run_creates_then_second_run_changes_nothing(clean_emulator, playbook):
    first = playbook(SITE)
    assert first.returncode == 0, first.output
    assert first.failed == 0
    assert first.changed >= 2

    cluster = _cluster(clean_emulator)
    assert cluster is not None
    tags = {tag["key"]: tag["value"] for tag in cluster["tags"]}
    assert tags["airflow_ecs_environment"] == "local"
    assert tags["managed_by"] == "airflow_ecs.deploy"
    assert {"name": "containerInsights", "value": "enabled"} in cluster["settings"]

    logs = clean_emulator.client("logs")
    groups = logs.describe_log_groups(logGroupNamePrefix="/airflow-ecs/local")["logGroups"]
    assert [group["logGroupName"] for group in groups] == ["/airflow-ecs/local"]
    assert groups[0]["retentionInDays"] == 30
    assert logs.list_tags_for_resource(resourceArn=groups[0]["arn"].rstrip(":*"))["tags"]["airflow_ecs_environment"] == "local"

    second = playbook(SITE)
    assert second.returncode == 0, second.output
    assert second.changed == 0


def test_check_mode_on_an_empty_account_reports_changes_and_creates_nothing(clean_emulator, playbook):
    run = playbook(SITE, check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed >= 2
    assert _cluster(clean_emulator) is None
    assert clean_emulator.client("logs").describe_log_groups()["logGroups"] == []


def test_check_diff_after_one_input_changes_reports_only_that(clean_emulator, playbook):
    assert playbook(SITE).returncode == 0
    run = playbook(SITE, extra_vars={"ecs_hosts_container_insights": "disabled"}, check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed == 1
    [result] = run.task_results("Create the ECS cluster")
    assert result["changed"]
    assert result["diff"]["before"]["container_insights"] == "enabled"
    assert result["diff"]["after"]["container_insights"] == "disabled"
    assert {"name": "containerInsights", "value": "enabled"} in _cluster(clean_emulator)["settings"]


def test_summary_says_what_exists_and_where_to_look(clean_emulator, playbook):
    run = playbook(SITE, callback="ansible.builtin.default")
    assert run.returncode == 0, run.output
    assert "ECS cluster:  airflow-local" in run.output
    assert "Log group:    /airflow-ecs/local" in run.output
    assert f"aws --endpoint-url {clean_emulator.endpoint} --region us-east-1" in run.output


@pytest.mark.parametrize(
    ("extra_vars", "failed_task", "message"),
    [
        ({"airflow_ecs_environment": "My Env"}, "Check the environment name", "airflow_ecs_environment must be"),
        ({"airflow_ecs_environment": "prod-"}, "Check the environment name", "not end with a hyphen"),
        ({"airflow_ecs_environment": "x" * 25}, "Check the environment name", "2 to 24 characters"),
        ({"airflow_ecs_aws": {"endpoint_url": "http://127.0.0.1:1"}}, None, "region found in airflow_ecs_aws"),
        (
            {"airflow_ecs_aws": {"region": "Europe", "endpoint_url": "http://127.0.0.1:1"}},
            "Check the AWS region",
            "airflow_ecs_aws.region must be an AWS region",
        ),
        ({"airflow_ecs_tags": {"aws:owner": "me"}}, "Check the tags", "airflow_ecs_tags.aws:owner"),
        ({"logs_retention_days": 10}, None, "logs_retention_days"),
    ],
)
def test_bad_input_stops_before_any_aws_call(clean_emulator, playbook, extra_vars, failed_task, message):
    served_before = _requests_served(clean_emulator)
    run = playbook(SITE, extra_vars=extra_vars)
    assert run.returncode != 0
    assert message in run.output
    if failed_task:
        assert run.failed_task() == failed_task
    assert _requests_served(clean_emulator) == served_before, "a bad input reached the AWS API"
