"""The redis role on the emulator: the broker secret's URL, idempotence, check mode, and no token in -vvv --diff."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.emulator

# A valid ElastiCache token with every special character allowed, so URL encoding shows.
SENTINEL = "Sentinel-7f3a9c!&#$^<>-Zq42x"
TOKEN_SECRET = "airflow-ecs/local/redis-auth-token"


def _network(emulator) -> dict:
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    security_group = ec2.create_security_group(GroupName="it-redis", Description="it", VpcId=vpc)["GroupId"]
    return {"redis_subnet_ids": subnets, "redis_security_group_ids": [security_group]}


def _token_secret(emulator, token: str) -> str:
    return emulator.client("secretsmanager").create_secret(Name=TOKEN_SECRET, SecretString=json.dumps({"auth_token": token}))["ARN"]


def _playbook(tmp_path, role_vars: dict, tasks_from: str | None = None) -> str:
    include = {"name": "airflow_ecs.deploy.redis"}
    if tasks_from:
        include["tasks_from"] = tasks_from
    tasks = [{"name": "Run the redis role", "ansible.builtin.include_role": include, "vars": role_vars}]
    if tasks_from == "start":
        wait = {"name": "airflow_ecs.deploy.redis", "tasks_from": "wait"}
        tasks.append({"name": "Wait for the broker", "ansible.builtin.include_role": wait, "vars": role_vars})
    outputs = {"endpoint": "{{ redis_primary_endpoint }}", "port": "{{ redis_port }}", "secret": "{{ redis_broker_secret_arn }}"}
    tasks.append({"name": "Show the outputs", "ansible.builtin.debug": {"msg": outputs}})
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "tasks": tasks,
    }
    path = tmp_path / "redis.yml"
    path.write_text(json.dumps([play]))
    return str(path)


def _broker_url(emulator) -> str:
    value = emulator.client("secretsmanager").get_secret_value(SecretId="airflow-ecs/local/broker")["SecretString"]
    return json.loads(value)["broker_url"]


def _assert_no_token(output: str, token: str = SENTINEL) -> None:
    for form in (token, quote(token, safe=""), quote(token), "Sentinel-7f3a9c"):
        assert form not in output


def test_role_writes_the_broker_url_and_never_prints_the_token(clean_emulator, playbook, tmp_path):
    role_vars = dict(_network(clean_emulator), redis_auth_token_secret_arn=_token_secret(clean_emulator, SENTINEL))
    path = _playbook(tmp_path, role_vars)

    # Check mode first: nothing is created, nothing leaks.
    run = playbook(path, check=True, diff=True, extra_args=["-vvv"], callback="ansible.builtin.default")
    assert run.returncode == 0, run.output
    _assert_no_token(run.output)
    assert clean_emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"] == []

    run = playbook(path, diff=True, extra_args=["-vvv"], callback="ansible.builtin.default")
    assert run.returncode == 0, run.output
    _assert_no_token(run.output)

    [group] = clean_emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"]
    assert group["ReplicationGroupId"] == "airflow-local"
    assert group["TransitEncryptionEnabled"] and group["AtRestEncryptionEnabled"] and group["AuthTokenEnabled"]
    assert group["AutomaticFailover"] == "enabled" and group["MultiAZ"] == "enabled"
    assert group["CacheNodeType"] == "cache.t4g.small" and len(group["MemberClusters"]) == 2
    endpoint = group["NodeGroups"][0]["PrimaryEndpoint"]["Address"]
    assert _broker_url(clean_emulator) == f"rediss://:{quote(SENTINEL, safe='')}@{endpoint}:6379/0?ssl_cert_reqs=required"

    # Second run and check mode again: nothing to change, still nothing printed.
    run = playbook(path)
    assert run.returncode == 0, run.output
    assert run.changed == 0, run.output
    [outputs] = run.task_results("Show the outputs")
    assert outputs["msg"]["endpoint"] == endpoint and int(outputs["msg"]["port"]) == 6379
    assert outputs["msg"]["secret"].startswith("arn:aws:secretsmanager:")
    run = playbook(path, check=True, diff=True, extra_args=["-vvv"], callback="ansible.builtin.default")
    assert run.returncode == 0, run.output
    _assert_no_token(run.output)


def test_start_then_wait(clean_emulator, playbook, tmp_path):
    role_vars = dict(_network(clean_emulator), redis_auth_token_secret_arn=_token_secret(clean_emulator, SENTINEL))
    run = playbook(_playbook(tmp_path, role_vars, tasks_from="start"))
    assert run.returncode == 0, run.output
    [start] = run.task_results("Converge the replication group (start)")
    [wait] = run.task_results("Converge the replication group (wait)")
    assert start["changed"] and not wait["changed"]
    assert "broker_url" in json.loads(
        clean_emulator.client("secretsmanager").get_secret_value(SecretId="airflow-ecs/local/broker")["SecretString"]
    )


@pytest.mark.parametrize(
    ("token", "problem"),
    [("Too-Short-1", "must be 16 to 128 characters long; it has 11"), ("Has@At/Slash-0123456789", "may hold only letters")],
)
def test_a_bad_token_fails_before_the_group_is_created(clean_emulator, playbook, tmp_path, token, problem):
    role_vars = dict(_network(clean_emulator), redis_auth_token_secret_arn=_token_secret(clean_emulator, token))
    run = playbook(_playbook(tmp_path, role_vars), extra_args=["-vvv"], callback="ansible.builtin.default")
    assert run.returncode != 0
    assert "redis_auth_token_secret_arn: the AUTH token in secret" in run.output and problem in run.output
    assert token not in run.output
    assert clean_emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"] == []


def test_bad_inputs_fail_naming_the_input(clean_emulator, playbook, tmp_path):
    role_vars = dict(_network(clean_emulator), redis_auth_token_secret_arn=_token_secret(clean_emulator, SENTINEL), redis_node_type="t4g.small")
    run = playbook(_playbook(tmp_path, role_vars))
    assert run.returncode != 0
    assert "redis_node_type must look like cache.<family>.<size>" in run.output
    role_vars.update(redis_node_type="cache.t4g.small", redis_replicas=7)
    run = playbook(_playbook(tmp_path, role_vars))
    assert run.returncode != 0 and "redis_replicas" in run.output
