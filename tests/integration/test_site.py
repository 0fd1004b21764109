"""playbooks/site.yml on the emulator. One -vvv --diff converge over planted secrets is shared:
what it creates, what it prints (never a secret, always a summary), that a second run changes
nothing, and that one changed input previews as exactly that change."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote

import pytest
from conftest import run_playbook

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"
# Values in the shapes the secrets role generates, each recognisable in any output.
SENTINELS = {
    "airflow": {
        "fernet_key": base64.urlsafe_b64encode(b"sentinel-fernet-7f3a9c42x-000001").decode(),
        "jwt_secret": "SentinelJwt7f3a9c42xSecretValue0000000000000000000000000000000001",
        "api_secret_key": "SentinelApi7f3a9c42xSecretKey00000000000000000000000000000000001",
    },
    "database-password": {"password": "SentinelDb7f3a9c42xPassword00001"},
    "redis-auth-token": {"auth_token": "SentinelRedis7f3a9c42xAuthToken00000000000000000000000000000001"},
}
WORKER_CHANGE = {"airflow_services_worker": {"concurrency": 16, "log_server_port": 8793, "longest_task_seconds": 600}}


def _plant_sentinels(emulator) -> None:
    client = emulator.client("secretsmanager")
    for name, value in SENTINELS.items():
        client.create_secret(Name=f"airflow-ecs/local/{name}", SecretString=json.dumps(value))


def _forms(value: str) -> set[str]:
    """How a value could leak: as is, URL-encoded, JSON-escaped, or its first half."""
    return {value, quote(value, safe=""), json.dumps(value)[1:-1], value[: len(value) // 2]}


def _assert_no_sentinel(output: str) -> None:
    for secret in SENTINELS.values():
        for value in secret.values():
            for form in _forms(value):
                assert form not in output, f"a secret value was printed: {form[:6]}..."
    assert "Sentinel" not in output and "sentinel" not in output


def _changed_items(run) -> list[str]:
    changed = []
    for play in run.result["plays"]:
        for task in play["tasks"]:
            host = task["hosts"].get("localhost", {})
            name = task["task"]["name"].split(" : ")[-1]
            if "results" in host:
                changed += [f"{name} [{item.get('item')}]" for item in host["results"] if item.get("changed")]
            elif host.get("changed"):
                changed.append(name)
    return sorted(changed)


def _cluster(emulator, name="airflow-local"):
    ecs = emulator.client("ecs")
    clusters = ecs.describe_clusters(clusters=[name], include=["TAGS", "SETTINGS"])["clusters"]
    return clusters[0] if clusters and clusters[0]["status"] == "ACTIVE" else None


def test_check_mode_on_an_empty_account_reports_changes_and_creates_nothing(clean_emulator, playbook):
    run = playbook(SITE, check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed >= 2
    assert _cluster(clean_emulator) is None
    assert clean_emulator.client("logs").describe_log_groups()["logGroups"] == []
    assert clean_emulator.client("ec2").describe_vpcs(
        Filters=[{"Name": "tag:airflow_ecs_environment", "Values": ["local"]}]
    )["Vpcs"] == []


@pytest.fixture(scope="module")
def converged_with_sentinels(emulator):
    """One -vvv --diff converge of an account whose secrets already hold the sentinels."""
    emulator.reset()
    _plant_sentinels(emulator)
    run = run_playbook(emulator, SITE, diff=True, extra_args=["-vvv"], callback="ansible.builtin.default")
    assert run.returncode == 0, run.output[-5000:]
    return run


def test_first_run_creates_the_environment(emulator, converged_with_sentinels):
    assert re.search(r"localhost\s+: ok=\d+\s+changed=[1-9]\d*\s+unreachable=0\s+failed=0", converged_with_sentinels.output)
    cluster = _cluster(emulator)
    assert cluster is not None
    tags = {tag["key"]: tag["value"] for tag in cluster["tags"]}
    assert tags["airflow_ecs_environment"] == "local"
    assert tags["managed_by"] == "airflow_ecs.deploy"
    assert {"name": "containerInsights", "value": "enabled"} in cluster["settings"]

    logs = emulator.client("logs")
    groups = logs.describe_log_groups(logGroupNamePrefix="/airflow-ecs/local")["logGroups"]
    assert [group["logGroupName"] for group in groups] == ["/airflow-ecs/local"]
    assert groups[0]["retentionInDays"] == 30
    assert logs.list_tags_for_resource(resourceArn=groups[0]["arn"].rstrip(":*"))["tags"]["airflow_ecs_environment"] == "local"


def test_summary_says_what_exists_and_where_to_look(emulator, converged_with_sentinels):
    output = converged_with_sentinels.output
    assert "ECS cluster:  airflow-local" in output
    assert "Log group:    /airflow-ecs/local" in output
    assert f"aws --endpoint-url {emulator.endpoint} --region us-east-1" in output


def test_vvv_diff_converge_prints_no_secret(converged_with_sentinels):
    _assert_no_sentinel(converged_with_sentinels.output)


def test_existing_secret_values_are_kept(emulator, converged_with_sentinels):
    client = emulator.client("secretsmanager")
    for name, value in SENTINELS.items():
        assert json.loads(client.get_secret_value(SecretId=f"airflow-ecs/local/{name}")["SecretString"]) == value

    database = json.loads(client.get_secret_value(SecretId="airflow-ecs/local/database")["SecretString"])
    assert f":{quote(SENTINELS['database-password']['password'], safe='')}@" in database["sql_alchemy_conn"]
    broker = json.loads(client.get_secret_value(SecretId="airflow-ecs/local/broker")["SecretString"])
    assert broker["broker_url"].startswith(f"rediss://:{quote(SENTINELS['redis-auth-token']['auth_token'], safe='')}@")


def test_task_definitions_reference_secrets_and_never_hold_them(emulator, converged_with_sentinels):
    ecs = emulator.client("ecs")
    families = [f for f in ecs.list_task_definition_families(status="ACTIVE")["families"] if f.startswith("local-airflow-")]
    assert len(families) == 6
    for family in families:
        described = ecs.describe_task_definition(taskDefinition=family)["taskDefinition"]
        _assert_no_sentinel(json.dumps(described))
        for container in described["containerDefinitions"]:
            for secret in container.get("secrets", []):
                assert secret["valueFrom"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow-ecs/local/")


def test_second_run_changes_nothing(playbook, converged_with_sentinels):
    again = playbook(SITE)
    assert again.returncode == 0, again.output[-5000:]
    assert _changed_items(again) == []


def test_check_diff_after_one_input_change_previews_exactly_that(emulator, playbook, converged_with_sentinels):
    revisions_before = emulator.client("ecs").list_task_definitions()["taskDefinitionArns"]
    run = playbook(SITE, extra_vars=WORKER_CHANGE, check=True, diff=True, extra_args=["-vvv"])
    assert run.returncode == 0, run.output[-5000:]
    _assert_no_sentinel(run.output)

    # The worker's definition changes, and its service would move to the new revision.
    assert _changed_items(run) == [
        "Create or update the service of each component [worker]",
        "Render and register the task definition of each component [worker]",
    ]
    [registered] = run.task_results("Render and register the task definition of each component")
    [worker] = [item for item in registered["results"] if item["item"] == "worker"]
    assert worker["differences"] == [
        "containerDefinitions[worker].environment.AIRFLOW__CELERY__WORKER_CONCURRENCY",
        "containerDefinitions[worker].memoryReservation",
        "memory",
    ]
    before, after = worker["diff"]["before"], worker["diff"]["after"]
    assert {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)} == {
        "containerDefinitions",
        "memory",
    }
    assert [c["name"] for c in before["containerDefinitions"]] == [c["name"] for c in after["containerDefinitions"]]

    assert emulator.client("ecs").list_task_definitions()["taskDefinitionArns"] == revisions_before
    assert {"name": "containerInsights", "value": "enabled"} in _cluster(emulator)["settings"]
