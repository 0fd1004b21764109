"""playbooks/site.yml, then playbooks/teardown.yml, on the emulator. One environment is shared (a
converge is the costliest run of the suite): two runs killed half-way, then a -vvv --diff run over
planted secrets that finishes the job, with a throttling proxy in front of the emulator (as the
re-run has). The tests check what the runs left, what the finishing run
printed (never a secret, always a summary), that a second run changes nothing, that one changed
input previews as exactly that change, and that playbooks/scale.yml sets the workers' range. The
teardown tests then run on the same environment: confirmation, check mode, what is kept,
idempotence, look-alikes."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from aws_emulator import HUNG_RUN_SECONDS
from conftest import ROOT, PlaybookRun, environment_resources, run_playbook
from throttling_proxy import ThrottlingProxy

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import official_image

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"
SCALE = "playbooks/scale.yml"
TEARDOWN = "playbooks/teardown.yml"
ENV = "local"
# The environment runs a team's own image: the build (molecule/image, and the e2e, which builds
# and runs the real one) needs a registry and minutes this suite does not have.
OWN_IMAGE = {"airflow_ecs_image": official_image()}
# The emulator cannot delete a cache subnet group (teardown says so and skips it there).
EMULATOR_LEFTOVERS = {"cache_subnet_groups": [f"airflow-{ENV}"]}
# Values in the shapes the secrets role generates, each recognisable in any output.
SENTINELS = {
    "airflow": {
        "fernet_key": base64.urlsafe_b64encode(b"sentinel-fernet-7f3a9c42x-000001").decode(),
        "jwt_secret": "SentinelJwt7f3a9c42xSecretValue0000000000000000000000000000000001",
        "api_secret_key": "SentinelApi7f3a9c42xSecretKey00000000000000000000000000000000001",
    },
    "database-password": {"password": "SentinelDb7f3a9c42xPassword00001"},
    "redis-auth-token": {"auth_token": "SentinelRedis7f3a9c42xAuthToken00000000000000000000000000000001"},
    "admin-user": {"password": "SentinelAdmin7f3a9c42xPassword001"},
}
# What one clean converge of inventories/local leaves behind.
LOCAL_ENVIRONMENT = {
    "vpcs": ["airflow-local"],
    "subnets": [
        "airflow-local-private-us-east-1a",
        "airflow-local-private-us-east-1b",
        "airflow-local-public-us-east-1a",
        "airflow-local-public-us-east-1b",
    ],
    "security_groups": ["airflow-local-database", "airflow-local-hosts", "airflow-local-lb", "airflow-local-redis"],
    "internet_gateways": ["airflow-local"],
    "route_tables": ["airflow-local-private", "airflow-local-public"],
    "nat_gateways": [],
    "launch_templates": ["airflow-local-core", "airflow-local-worker"],
    "buckets": ["airflow-ecs-local-access-logs-123456789012", "airflow-ecs-local-dags-123456789012"],
    "secrets": [
        f"airflow-ecs/local/{name}"
        for name in ("admin-user", "airflow", "broker", "database", "database-password", "redis-auth-token")
    ],
    "parameters": ["/airflow-ecs/local/migrated-task-definition"],
    "log_groups": ["/airflow-ecs/local"],
    "iam_roles": [
        f"airflow-local-{name}"
        for name in (
            "api-server",
            "dag-processor",
            "execution",
            "flower",
            "instance",
            "migrate",
            "scheduler",
            "triggerer",
            "worker",
        )
    ],
    "instance_profiles": ["airflow-local-instance"],
    "db_instances": ["airflow-local"],
    "db_snapshots": [],
    "db_subnet_groups": ["airflow-local"],
    "replication_groups": ["airflow-local"],
    "cache_subnet_groups": ["airflow-local"],
    "ecs_clusters": ["airflow-local"],
    "capacity_providers": ["airflow-local-core", "airflow-local-worker"],
    "ecs_services": ["api-server", "dag-processor", "scheduler", "triggerer", "worker"],
    "task_definitions": [
        f"local-airflow-{name}:1" for name in ("api-server", "dag-processor", "migrate", "scheduler", "triggerer", "worker")
    ],
    "auto_scaling_groups": ["airflow-local-core", "airflow-local-worker"],
    "load_balancers": ["airflow-local"],
    "listeners": ["airflow-local:80"],
    "target_groups": ["airflow-local-api"],
    "namespaces": ["airflow-local.local"],
    "discovery_services": ["api-server"],
}
# Every service a converge calls, by the name its requests are signed with: each is throttled
# (3 times in a row) by the proxy the finishing run and the re-run go through.
AWS_SERVICES = {
    "application-autoscaling", "autoscaling", "ec2", "ecs", "elasticache", "elasticloadbalancing",
    "iam", "logs", "monitoring", "rds", "route53", "s3", "secretsmanager", "servicediscovery", "ssm", "sts",
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


@dataclass
class SharedConverge:
    after_network_kill: dict[str, list[str]]
    after_database_kill: dict[str, list[str]]
    run: PlaybookRun
    throttling: ThrottlingProxy
    throttled: dict[str, int]
    picked: dict[str, int]

    @property
    def output(self) -> str:
        return self.run.output


@pytest.fixture(scope="module")
def throttling(emulator):
    """Picks the first request of every service and every 150th, and throttles each 3 times."""
    with ThrottlingProxy(emulator.port, failures=3, every=150) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def converged_with_sentinels(emulator, throttling) -> SharedConverge:
    """A run killed once the VPC exists, a second one killed while the database and the broker
    are being created, then the -vvv --diff run that finishes the job, through the throttling
    proxy; the generated secrets are planted (as sentinels) between the two killed runs and must
    survive."""
    emulator.reset()
    _run_until(emulator, "airflow_ecs.deploy.network : Remember the VPC id")
    after_network_kill = environment_resources(emulator)
    _plant_sentinels(emulator)
    _run_until(emulator, "Wait for the metadata database")
    after_database_kill = environment_resources(emulator)
    run = run_playbook(emulator, SITE, extra_vars=OWN_IMAGE, diff=True, extra_args=["-vvv"], callback="ansible.builtin.default",
                       environment=throttling.run_environment())
    assert run.returncode == 0, run.output[-5000:]
    return SharedConverge(after_network_kill, after_database_kill, run, throttling,
                          dict(throttling.stats.throttled), dict(throttling.stats.picked))


def _run_until(emulator, marker: str) -> str:
    """Start site.yml and SIGKILL it, with every process it started, once `marker` is printed."""
    env = dict(
        os.environ,
        AIRFLOW_ECS_EMULATOR_PORT=str(emulator.port),
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
        PYTHONUNBUFFERED="1",
    )
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), SITE, "-i", "inventories/local",
               "-e", json.dumps(OWN_IMAGE)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    printed = []
    deadline = time.monotonic() + HUNG_RUN_SECONDS
    try:
        for line in process.stdout:
            printed.append(line)
            if line.startswith(f"TASK [{marker}]") or time.monotonic() > deadline:
                break
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    output = "".join(printed)
    assert f"TASK [{marker}]" in output, f"the run ended before {marker!r}:\n{output[-3000:]}"
    assert "PLAY RECAP" not in output
    return output


def test_runs_killed_half_way_are_finished_by_the_next_run(emulator, converged_with_sentinels):
    first, second = converged_with_sentinels.after_network_kill, converged_with_sentinels.after_database_kill
    # Killed once the VPC existed: no subnet-dependent resource, no secret, no service yet.
    assert first["vpcs"] == ["airflow-local"] and first["secrets"] == [] and first["ecs_services"] == []
    # Killed while the database and the broker were being created: the same VPC, no service yet.
    assert second["vpcs"] == ["airflow-local"], "the resumed run made a second VPC"
    assert second["db_instances"] == ["airflow-local"] and second["ecs_services"] == []
    # The finishing run leaves exactly what one clean converge does.
    assert environment_resources(emulator) == LOCAL_ENVIRONMENT


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
    # The default callback folds long lines: compare with the whitespace collapsed.
    output = " ".join(converged_with_sentinels.output.split())
    assert "ECS cluster: airflow-local" in output
    assert f"Image: {official_image()} (brought by the team: airflow_ecs_image)" in output
    assert "Log group: /airflow-ecs/local" in output
    # Commands that work from a fresh shell: the emulator's dummy keys, and AWS CLI v1 or v2 alike.
    # The run reached the emulator through the throttling proxy: that is the endpoint it was given.
    endpoint = f"http://127.0.0.1:{converged_with_sentinels.throttling.port}"
    assert f"AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --endpoint-url {endpoint} --region us-east-1" in output
    assert "logs filter-log-events --log-group-name /airflow-ecs/local" in output and "logs tail" not in output
    load_balancer = emulator.client("elbv2").describe_load_balancers(Names=["airflow-local"])["LoadBalancers"][0]
    assert f"UI: http://{load_balancer['DNSName']}" in output
    # The login: the user, and the one command that prints its password (never the password).
    admin_arn = emulator.client("secretsmanager").describe_secret(SecretId="airflow-ecs/local/admin-user")["ARN"]
    assert (
        'Login: user admin; its password (JSON key "password"): AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing '
        f"aws --endpoint-url {endpoint} --region us-east-1 secretsmanager get-secret-value "
        f"--secret-id {admin_arn} --query SecretString --output text"
    ) in output


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


def _grants(iam, role: str) -> dict[str, dict]:
    policies = iam.list_role_policies(RoleName=role)["PolicyNames"]
    statements = [
        statement
        for name in policies
        for statement in iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]["Statement"]
    ]
    return {statement["Sid"]: statement for statement in statements}


def test_one_setting_each_drives_the_task_definitions_and_iam(emulator, converged_with_sentinels):
    """Task logs into the log group, connections and variables from Secrets Manager: what the task
    definitions name is what the task roles may use, and only where it is used."""
    iam, ecs = emulator.client("iam"), emulator.client("ecs")
    group = "arn:aws:logs:us-east-1:123456789012:log-group:/airflow-ecs/local"
    secrets = "arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow-ecs/local/"
    worker = ecs.describe_task_definition(taskDefinition="local-airflow-worker")["taskDefinition"]["containerDefinitions"]
    env = {entry["name"]: entry["value"] for entry in next(c for c in worker if c["name"] == "worker")["environment"]}
    assert env["AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER"] == f"cloudwatch://{group}"
    assert json.loads(env["AIRFLOW__SECRETS__BACKEND_KWARGS"])["connections_prefix"] == "airflow-ecs/local/connections"
    grants = {component: _grants(iam, f"airflow-local-{component}") for component in
              ("api-server", "scheduler", "dag-processor", "triggerer", "worker", "migrate", "flower")}
    for component in ("worker", "triggerer"):
        assert grants[component]["WriteTaskLogs"]["Resource"] == [group, f"{group}:*"]
    assert grants["api-server"]["ReadTaskLogs"] == {
        "Sid": "ReadTaskLogs", "Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": f"{group}:*"}
    for component in ("api-server", "scheduler", "dag-processor", "triggerer", "worker"):
        read = grants[component]["ReadAirflowConnectionsAndVariables"]
        assert sorted(read["Resource"]) == [f"{secrets}connections/*", f"{secrets}variables/*"], component
    assert grants["migrate"] == {} and grants["flower"] == {}
    assert set(grants["scheduler"]) == {"ReadAirflowConnectionsAndVariables", "PutLoadMetrics"}


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


def test_workers_scale_with_the_load_metric(emulator, converged_with_sentinels):
    scaling = emulator.client("application-autoscaling")
    [target] = scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    assert (target["ResourceId"], target["MinCapacity"], target["MaxCapacity"]) == ("service/airflow-local/worker", 0, 10)
    policies = {p["PolicyName"]: p["PolicyARN"] for p in scaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]}
    alarms = emulator.client("cloudwatch").describe_alarms(AlarmNamePrefix="airflow-local-workers-")["MetricAlarms"]
    assert {a["AlarmName"]: a["AlarmActions"] for a in alarms} == {
        "airflow-local-workers-needed": [policies["airflow-local-workers-track"]],
        "airflow-local-workers-idle": [policies["airflow-local-workers-idle"]],
    }
    ecs = emulator.client("ecs")
    for component, sidecar in (("scheduler", "load-metric"), ("worker", "task-protection")):
        described = ecs.describe_task_definition(taskDefinition=f"local-airflow-{component}")["taskDefinition"]
        [container] = [c for c in described["containerDefinitions"] if c["name"] == sidecar]
        assert container["essential"] is False and container["command"][:2] == ["python", "-c"]
    assert "Workers:      scale from 0 to 10 on AirflowECS/RequiredWorkers" in converged_with_sentinels.output


def test_a_throttle_repeated_three_times_is_waited_out_on_every_service(converged_with_sentinels):
    converge = converged_with_sentinels
    assert set(converge.picked) == AWS_SERVICES
    assert converge.throttled == {service: 3 * picked for service, picked in converge.picked.items()}
    assert sum(converge.picked.values()) > len(AWS_SERVICES)  # every 150th request too


def test_second_run_changes_nothing_and_keeps_the_worker_count_autoscaling_set(emulator, playbook, converged_with_sentinels):
    ecs = emulator.client("ecs")
    ecs.update_service(cluster="airflow-local", service="worker", desiredCount=3)  # as Application Auto Scaling would
    again = playbook(SITE, extra_vars=OWN_IMAGE, environment=converged_with_sentinels.throttling.run_environment())
    assert again.returncode == 0, again.output[-5000:]
    assert _changed_items(again) == []
    assert set(converged_with_sentinels.throttling.stats.picked) == AWS_SERVICES
    [worker] = ecs.describe_services(cluster="airflow-local", services=["worker"])["services"]
    assert worker["desiredCount"] == 3


def test_check_diff_after_one_input_change_previews_exactly_that(emulator, playbook, converged_with_sentinels):
    revisions_before = emulator.client("ecs").list_task_definitions()["taskDefinitionArns"]
    run = playbook(SITE, extra_vars={**OWN_IMAGE, **WORKER_CHANGE}, check=True, diff=True, extra_args=["-vvv"])
    assert run.returncode == 0, run.output[-5000:]
    _assert_no_sentinel(run.output)

    # The worker's definition changes, and its service would move to the new revision; so would the
    # scheduler's, whose load metric sidecar is given the worker concurrency.
    assert _changed_items(run) == [
        "Create or update the service of each component [scheduler]",
        "Create or update the service of each component [worker]",
        "Render and register the task definition of each component [scheduler]",
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

    # The summary names the revisions that exist and says which ones this run would register.
    [summary] = run.task_results("Summarise the environment")
    [services] = [line for line in summary["msg"] if line.startswith("Services:")]
    assert "worker (new revision in this run)" in services and "scheduler (new revision in this run)" in services
    assert "local-airflow-api-server:" in services and "None" not in services


# Operations on the converged environment; they change it, so they run after the site tests above.


def test_scale_playbook_sets_the_range_of_a_converged_environment(emulator, playbook, converged_with_sentinels):
    # Another environment on the same account, never converged: refused before any change.
    none_yet = playbook(SCALE, extra_vars={"airflow_ecs_environment": "nothere", "worker_scaling_max_workers": 4})
    assert none_yet.returncode != 0
    assert "Environment nothere has no active worker service: converge it with playbooks/site.yml first" in " ".join(
        none_yet.output.split()
    )

    scaling = emulator.client("application-autoscaling")
    resource = f"service/airflow-{ENV}/worker"
    wanted = {"worker_scaling_min_workers": 1, "worker_scaling_max_workers": 4}
    run = playbook(SCALE, extra_vars=wanted)
    assert run.returncode == 0, run.output[-5000:]
    targets = scaling.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])["ScalableTargets"]
    assert [(t["MinCapacity"], t["MaxCapacity"]) for t in targets] == [(1, 4)]
    policies = scaling.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"]
    [track] = [p for p in policies if p["PolicyName"] == f"airflow-{ENV}-workers-track"]
    assert [step["ScalingAdjustment"] for step in track["StepScalingPolicyConfiguration"]["StepAdjustments"]] == [1, 2, 3, 4]
    [said] = run.task_results("Say what the range is now")
    assert said["msg"].startswith(f"Workers of {ENV} now: scale from 1 to 4 on "), said["msg"]
    again = playbook(SCALE, extra_vars=wanted)
    assert again.returncode == 0 and again.changed == 0, again.output[-5000:]


# Teardown. These tests run last, in this order, on the environment converged and checked above.


def _inventory(emulator) -> dict[str, list[str]]:
    return environment_resources(emulator, ENV)


@pytest.fixture(scope="module")
def converged(emulator, converged_with_sentinels):
    """The environment the site tests above converged (and left unchanged)."""
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
    assert left["buckets"] == [f"airflow-ecs-{ENV}-access-logs-123456789012", f"airflow-ecs-{ENV}-dags-123456789012"]
    assert left["log_groups"] == [f"/airflow-ecs/{ENV}"]
    assert left["secrets"] == [
        f"airflow-ecs/{ENV}/{name}" for name in ("admin-user", "airflow", "database-password", "redis-auth-token")
    ]
    kept = {"db_snapshots", "buckets", "log_groups", "secrets"}
    assert {kind: items for kind, items in left.items() if kind not in kept and items} == EMULATOR_LEFTOVERS
    objects = converged.client("s3").list_objects_v2(Bucket=f"airflow-ecs-{ENV}-dags-123456789012").get("Contents", [])
    assert objects, "the DAGs were deleted with data kept"
    assert converged.client("application-autoscaling").describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"] == []
    assert converged.client("cloudwatch").describe_alarms(AlarmNamePrefix=f"airflow-{ENV}-workers-")["MetricAlarms"] == []


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
