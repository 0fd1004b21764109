"""playbooks/site.yml killed half-way: the next run finishes the job, duplicates nothing and
keeps the generated secrets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, environment_resources

pytestmark = pytest.mark.emulator

SITE = "playbooks/site.yml"
GENERATED_SECRETS = ("airflow", "database-password", "redis-auth-token")

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
    "buckets": ["airflow-ecs-local-dags-123456789012"],
    "secrets": [f"airflow-ecs/local/{name}" for name in ("airflow", "broker", "database", "database-password", "redis-auth-token")],
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


def _run_until(emulator, marker: str) -> str:
    """Start site.yml and SIGKILL it, with every process it started, once `marker` is printed."""
    env = dict(
        os.environ,
        AIRFLOW_ECS_EMULATOR_PORT=str(emulator.port),
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
        PYTHONUNBUFFERED="1",
    )
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), SITE, "-i", "inventories/local"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    printed = []
    deadline = time.monotonic() + 600
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


def _secret_values(emulator) -> dict[str, dict]:
    client = emulator.client("secretsmanager")
    return {
        name: json.loads(client.get_secret_value(SecretId=f"airflow-ecs/local/{name}")["SecretString"])
        for name in GENERATED_SECRETS
    }


@pytest.mark.parametrize(
    ("marker", "then_rerun"),
    [
        # The VPC exists, its subnets and security groups do not.
        ("airflow_ecs.deploy.network : Remember the VPC id", False),
        # Secrets exist; the database and the broker are being created; no hosts or services.
        ("Wait for the metadata database", True),
    ],
)
def test_a_run_killed_half_way_converges_on_the_next_run(clean_emulator, playbook, marker, then_rerun):
    _run_until(clean_emulator, marker)
    partial = environment_resources(clean_emulator)
    assert partial["vpcs"] == ["airflow-local"]
    assert partial["ecs_services"] == []
    secrets_before = _secret_values(clean_emulator) if partial["secrets"] else None

    rerun = playbook(SITE)
    assert rerun.returncode == 0, rerun.output
    assert environment_resources(clean_emulator) == LOCAL_ENVIRONMENT
    if secrets_before is not None:
        assert _secret_values(clean_emulator) == secrets_before, "a rerun regenerated a secret"

    if not then_rerun:
        return
    settled = playbook(SITE)
    assert settled.returncode == 0, settled.output
    assert settled.changed == 0, [
        task["task"]["name"]
        for play in settled.result["plays"]
        for task in play["tasks"]
        if task["hosts"].get("localhost", {}).get("changed")
    ]
