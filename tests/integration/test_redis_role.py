"""The redis role on the emulator: the broker secret's URL, idempotence, check mode, no token in -vvv --diff,
and the existing-broker mode (creates nothing, checks the secret, never prints its URL)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from conftest import run_playbook

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
    if tasks_from != "delete":
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


# Existing-broker mode. The password needs percent-encoding, so both of its forms are looked for.
BROKER_PASSWORD = "Brk-Sentinel/5e8@x"
EXISTING_URL = f"rediss://default:{quote(BROKER_PASSWORD, safe='')}@broker.corp.example:6380/0?ssl_cert_reqs=required"


def _existing_secret(emulator, document) -> str:
    text = document if isinstance(document, str) else json.dumps(document)
    return emulator.client("secretsmanager").create_secret(Name="corp/airflow-broker", SecretString=text)["ARN"]


def _assert_no_broker_password(output: str) -> None:
    for form in (BROKER_PASSWORD, quote(BROKER_PASSWORD, safe=""), "Brk-Sentinel"):
        assert form not in output


@pytest.fixture(scope="module")
def existing_broker(emulator, tmp_path_factory) -> dict:
    """Two runs against an account holding only the existing broker's secret: start then wait
    (-v, JSON results), then main again (-vvv --diff, as a person reads it). What the account
    holds is captured at once, as later tests reset the emulator."""
    emulator.reset()
    arn = _existing_secret(emulator, {"broker_url": EXISTING_URL})
    role_vars = {"redis_existing_broker_secret_arn": arn}
    elasticache = emulator.client("elasticache")
    first = run_playbook(emulator, _playbook(tmp_path_factory.mktemp("start"), role_vars, tasks_from="start"), extra_args=["-v"])
    second = run_playbook(
        emulator, _playbook(tmp_path_factory.mktemp("main"), role_vars), diff=True, extra_args=["-vvv"], callback="ansible.builtin.default"
    )
    return {
        "arn": arn,
        "first": first,
        "second": second,
        "replication_groups": elasticache.describe_replication_groups()["ReplicationGroups"],
        "cache_subnet_groups": elasticache.describe_cache_subnet_groups()["CacheSubnetGroups"],
        "secrets": [secret["Name"] for secret in emulator.client("secretsmanager").list_secrets()["SecretList"]],
    }


def test_existing_broker_creates_nothing(existing_broker):
    assert existing_broker["first"].returncode == 0, existing_broker["first"].output[-5000:]
    assert existing_broker["replication_groups"] == []
    assert existing_broker["cache_subnet_groups"] == []
    assert existing_broker["secrets"] == ["corp/airflow-broker"]
    assert existing_broker["first"].changed == 0


def test_existing_broker_publishes_its_secret_endpoint_and_port(existing_broker):
    [outputs] = existing_broker["first"].task_results("Show the outputs")
    assert outputs["msg"]["endpoint"] == "broker.corp.example" and int(outputs["msg"]["port"]) == 6380
    assert outputs["msg"]["secret"] == existing_broker["arn"]


def test_existing_broker_second_run_changes_nothing(existing_broker):
    second = existing_broker["second"]
    assert second.returncode == 0, second.output[-5000:]
    assert re.search(r"localhost\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0", second.output)
    assert "the role creates no ElastiCache resources" in second.output


def test_existing_broker_url_is_never_printed(existing_broker):
    _assert_no_broker_password(existing_broker["first"].output)
    _assert_no_broker_password(existing_broker["second"].output)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"url": EXISTING_URL}, "is JSON without the key broker_url (its keys: url)"),
        ({"broker_url": f"amqp://airflow:{quote(BROKER_PASSWORD, safe='')}@mq.corp.example:5672//"}, "scheme is not redis:// or rediss://"),
    ],
    ids=["no-broker_url", "amqp"],
)
def test_existing_broker_secret_check_names_the_problem(clean_emulator, playbook, tmp_path, document, problem):
    arn = _existing_secret(clean_emulator, document)
    run = playbook(_playbook(tmp_path, {"redis_existing_broker_secret_arn": arn}), extra_args=["-v"], callback="ansible.builtin.default")
    assert run.returncode != 0
    assert f"redis_existing_broker_secret_arn: the secret {arn} " in run.output and problem in run.output
    _assert_no_broker_password(run.output)
    assert clean_emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"] == []


def test_existing_broker_arn_must_be_a_full_arn_before_any_aws_call(clean_emulator, playbook, tmp_path):
    served_before = clean_emulator.requests_served()
    run = playbook(_playbook(tmp_path, {"redis_existing_broker_secret_arn": "corp/airflow-broker"}, tasks_from="validate"))
    assert run.returncode != 0
    assert "redis_existing_broker_secret_arn must be the full ARN of a Secrets Manager secret" in run.output
    assert run.failed_task() == "Check the existing broker secret"
    assert clean_emulator.requests_served() == served_before, "a bad input reached the AWS API"


def test_existing_broker_delete_leaves_everything_alone(clean_emulator, playbook, tmp_path):
    """A group and broker secret with this environment's tags (made before the switch to an
    existing broker) are not the role's to delete any more."""
    tags = [{"Key": "airflow_ecs_environment", "Value": "local"}, {"Key": "managed_by", "Value": "airflow_ecs.deploy"}]
    clean_emulator.client("elasticache").create_replication_group(
        ReplicationGroupId="airflow-local", ReplicationGroupDescription="earlier", CacheNodeType="cache.t4g.small", Tags=tags
    )
    clean_emulator.client("secretsmanager").create_secret(Name="airflow-ecs/local/broker", SecretString="{}", Tags=tags)
    arn = _existing_secret(clean_emulator, {"broker_url": EXISTING_URL})
    run = playbook(_playbook(tmp_path, {"redis_existing_broker_secret_arn": arn}, tasks_from="delete"))
    assert run.returncode == 0, run.output
    assert run.changed == 0
    [said] = run.task_results("Leave the existing broker alone")
    assert "nothing to delete" in said["msg"]
    groups = clean_emulator.client("elasticache").describe_replication_groups()["ReplicationGroups"]
    assert [(g["ReplicationGroupId"], g["Status"]) for g in groups] == [("airflow-local", "available")]
    secrets = clean_emulator.client("secretsmanager").list_secrets()["SecretList"]
    assert sorted(s["Name"] for s in secrets if not s.get("DeletedDate")) == ["airflow-ecs/local/broker", "corp/airflow-broker"]
