"""An environment converged by site.yml on the emulator, and run by the ECS stand-in against
local Redis, PostgreSQL and the s3fs DAG mount (used by tests/e2e and bench/).

Order of a session: emulator, redis-server, postgres; the broker and database secrets
(pointing at them) created in the emulator and handed to site.yml as existing ones; site.yml;
the hosts' s3fs mount read from the launch template's user data; then `airflow db migrate`
from the migrate task definition, and the services' task definitions (read from the ECS
services), each waited on through its own health check.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aws_emulator import Emulator, emulator_control, run_playbook
from ecs_standin import StandIn, Task
from local_image_inputs import BASE_IMAGE as LOCAL_BASE_IMAGE
from local_services import DagMount, PostgresServer, RedisServer
from oidc_provider import HOST as IDP_HOST
from oidc_provider import OidcProvider

ENVIRONMENT = "local"
CLUSTER = f"airflow-{ENVIRONMENT}"
SERVICES = ("api-server", "scheduler", "dag-processor", "triggerer", "worker")
TOOLS = ("redis-server", "psql", "s3fs", "curl", "mount", "podman", "docker-registry")
# Settings of this environment that only the tests need: DAGs start unpaused (they have no
# schedule), new DAG files are looked for every 10 s instead of 300 s, and task processes
# wait up to 60 s (not 5 s) for an execution API answer: in CI every container shares 2
# cores with the integration and molecule tests, and a starved api-server answered too late.
AIRFLOW_CONFIG = {
    "core": {"dags_are_paused_at_creation": False},
    "dag_processor": {"refresh_interval": 10},
    "workers": {"execution_api_timeout": 60},
}
# The scaling sidecars, sped up for the tests only: the load metric every 5 s (30 s by
# default) and the worker's task protection checked every 2 s (10 s), so the tests see
# the metric follow the queue and a worker's protection follow its tasks within seconds.
SCALING_SIDECARS = {"metric_interval_seconds": 5, "protection_poll_seconds": 2}
# A team's own secret, injected into the workers by reference (airflow_services_extra_secrets).
EXTRA_SECRET = ("E2E_EXTRA_SECRET", "e2e/team-secret", "team-secret-value")
# Sign-in through the stand-in OpenID Connect provider (airflow_services_sso). The REST API's
# /auth/token keeps taking the admin password, which the other tests log in with.
SSO_PROVIDER = "e2e-idp"
SSO_CLIENT_ID = "airflow-e2e"
SSO_ROLES_MAPPING = {"airflow-admins": ["Admin"], "data-eng": ["Viewer"]}


def missing_prerequisites() -> list[str]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if subprocess.run(["podman", "image", "exists", LOCAL_BASE_IMAGE], check=False).returncode != 0:
        missing.append(f"the image base {LOCAL_BASE_IMAGE} (scripts/local_image_inputs.py)")
    if os.geteuid() != 0:
        missing.append("root (s3fs mounts the DAG bucket, podman runs the containers)")
    return missing


@dataclass
class Deployment:
    """The converged environment and what runs it locally."""

    emulator: Emulator
    redis: RedisServer
    postgres: PostgresServer
    dag_mount: DagMount
    standin: StandIn
    task_definitions: dict[str, str]
    identity_provider: OidcProvider
    services: dict[str, Task] = field(default_factory=dict)
    extra_workers: list[Task] = field(default_factory=list)

    # Waits sized for CI, where the containers share 2 cores with every other suite: there three
    # `airflow dags trigger` calls in one exec took over 180 s (each CLI start costs ~3 CPU-s alone).
    def scheduler_exec(self, command: str, timeout: float = 600):
        result = self.services["scheduler"].main.exec(command, timeout=timeout)
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
        return result

    def trigger(self, dag_id: str, run_id: str) -> None:
        self.wait_for_dag(dag_id)
        self.scheduler_exec(f"airflow dags trigger {dag_id} --run-id {run_id}")

    def wait_for_dag(self, dag_id: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not self.postgres.query(f"select 1 from dag where dag_id = '{dag_id}'"):
            assert time.monotonic() < deadline, f"the dag-processor did not store {dag_id} within {timeout} s"
            time.sleep(2)

    @contextlib.contextmanager
    def dag_file(self, dag_id: str, source: str) -> Iterator[None]:
        """A test-only DAG in the bucket while the block runs (files/dags/ stays as it is)."""
        s3 = self.emulator.client("s3")
        bucket, _colon, prefix = self.dag_mount.source.partition(":")
        key = "/".join(part for part in (prefix.strip("/"), f"{dag_id}.py") if part)
        s3.put_object(Bucket=bucket, Key=key, Body=source.encode())
        try:
            yield
        finally:
            s3.delete_object(Bucket=bucket, Key=key)

    def run_state(self, dag_id: str, run_id: str) -> str | None:
        rows = self.postgres.query(f"select state from dag_run where dag_id = '{dag_id}' and run_id = '{run_id}'")
        return rows[0][0] if rows else None

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 900) -> str:
        deadline = time.monotonic() + timeout
        while (state := self.run_state(dag_id, run_id)) not in ("success", "failed"):
            assert time.monotonic() < deadline, f"{dag_id} {run_id} still {state} after {timeout} s"
            time.sleep(2)
        return state

    def task_states(self, dag_id: str, run_id: str) -> dict[str, int]:
        rows = self.postgres.query(
            f"select coalesce(state, 'none'), count(*) from task_instance "
            f"where dag_id = '{dag_id}' and run_id = '{run_id}' group by 1"
        )
        return {state: int(count) for state, count in rows}


def _converge(emulator: Emulator, redis: RedisServer, postgres: PostgresServer, provider: OidcProvider,
              registry_port: int) -> None:
    secrets_manager = emulator.client("secretsmanager")
    broker = secrets_manager.create_secret(Name="e2e/local-redis", SecretString=json.dumps({"broker_url": redis.url}))
    database = secrets_manager.create_secret(
        Name="e2e/local-postgres",
        SecretString=json.dumps({"sql_alchemy_conn": postgres.sql_alchemy_conn, "result_backend": postgres.result_backend}),
    )
    variable, name, value = EXTRA_SECRET
    extra = secrets_manager.create_secret(Name=name, SecretString=value)
    client_secret = secrets_manager.create_secret(Name="e2e/idp-client-secret", SecretString=provider.client_secret)
    sso = {
        "enabled": True,
        "provider": SSO_PROVIDER,
        "client_id": SSO_CLIENT_ID,
        "client_secret_arn": client_secret["ARN"],
        "server_metadata_url": provider.metadata_url,
        "roles_mapping": SSO_ROLES_MAPPING,
    }
    run = run_playbook(
        emulator,
        "playbooks/site.yml",
        extra_vars={
            "airflow_services_extra_secrets": {"worker": {variable: extra["ARN"]}},
            "airflow_services_sso": sso,
            "redis_existing_broker_secret_arn": broker["ARN"],
            "metadata_db_existing_secret_arn": database["ARN"],
            "airflow_services_airflow_config": AIRFLOW_CONFIG,
            "airflow_services_scaling_sidecars": SCALING_SIDECARS,
            # The hosts' s3fs variant: Debian packages s3fs, and Mountpoint for Amazon S3 cannot
            # reach the emulator (the user data of both is tested in tests/unit/host_user_data).
            "ecs_hosts_dag_mount_client": "s3fs",
            # The emulator writes an access-log object for every request to a logged bucket, at once
            # and kept in memory; the hosts' mount lists and reads the DAG bucket every few seconds
            # (test_site.py and molecule/dag_storage test the logging itself).
            "dag_storage_access_logs": False,
        },
        environment={"AIRFLOW_ECS_REGISTRY_PORT": str(registry_port)},
    )
    assert run.returncode == 0 and run.failed == 0, f"site.yml failed at {run.failed_task()}:\n{run.output[-4000:]}"


def _task_definitions(emulator: Emulator) -> dict[str, str]:
    """What ECS runs: each service's task definition, and the migrate revision site.yml recorded."""
    ecs = emulator.client("ecs")
    described = ecs.describe_services(cluster=CLUSTER, services=list(SERVICES))["services"]
    found = {service["serviceName"]: service["taskDefinition"] for service in described}
    parameter = emulator.client("ssm").get_parameter(Name=f"/airflow-ecs/{ENVIRONMENT}/migrated-task-definition")
    found["migrate"] = parameter["Parameter"]["Value"]
    return found


def _service_names(emulator: Emulator) -> list[str]:
    discovery = emulator.client("servicediscovery")
    names = []
    for namespace in discovery.list_namespaces()["Namespaces"]:
        if namespace["Name"].startswith(CLUSTER):
            services = discovery.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace["Id"]]}])
            names += [f"{service['Name']}.{namespace['Name']}" for service in services["Services"]]
    return names


def worker_user_data(emulator: Emulator) -> str:
    versions = emulator.client("ec2").describe_launch_template_versions(
        LaunchTemplateName=f"{CLUSTER}-worker", Versions=["$Latest"]
    )["LaunchTemplateVersions"]
    return base64.b64decode(versions[0]["LaunchTemplateData"]["UserData"]).decode()


class PrerequisitesMissing(RuntimeError):
    """Something the harness needs is not installed; `make e2e` installs it."""


@contextlib.contextmanager
def deployed(work: Path | None = None) -> Iterator[Deployment]:
    """Converge the local environment and prepare the stand-in; everything started is stopped
    (by pid) on the way out."""
    missing = missing_prerequisites()
    if missing:
        raise PrerequisitesMissing(f"the end-to-end harness needs {', '.join(missing)}: run it with `make e2e`")
    work = work or Path(tempfile.mkdtemp(prefix="airflow-ecs-e2e-"))
    port = emulator_control.free_port()
    emulator_control.start(port, work / "emulator")
    stack = []
    try:
        emulator = Emulator(port=port, state_dir=work / "emulator")
        redis = RedisServer.start(work)
        stack.append(redis.stop)
        postgres = PostgresServer.start()
        stack.append(postgres.stop)
        provider = OidcProvider(work, SSO_CLIENT_ID, secrets.token_urlsafe(24)).start()
        stack.append(provider.stop)
        # The registry the image is pushed to (inventories/local), and pulled from by the stand-in.
        registry_port = emulator_control.free_port()
        emulator_control.start_registry(registry_port, work / "registry")
        stack.append(lambda: emulator_control.stop(work / "registry", "registry.pid"))
        _converge(emulator, redis, postgres, provider, registry_port)
        host_root = work / "host"
        dag_mount = DagMount.mount(worker_user_data(emulator), host_root, emulator.endpoint, "testing", "testing")
        stack.append(dag_mount.unmount)
        standin = StandIn(
            ecs=emulator.client("ecs"),
            secretsmanager=emulator.client("secretsmanager"),
            work_dir=work / "tasks",
            host_root=host_root,
            service_names=[*_service_names(emulator), IDP_HOST],
            aws_endpoint=emulator.endpoint,
            trusted_ca=provider.cert_file,
        )
        stack.append(standin.stop_all)
        yield Deployment(emulator, redis, postgres, dag_mount, standin, _task_definitions(emulator), provider)
    finally:
        for stop in reversed(stack):
            stop()
        emulator_control.stop(work / "emulator")


class MigrationFailed(RuntimeError):
    """The migrate task exited with another code than 0: the services must not start."""


def run_migration(deployment: Deployment, environment_overrides: dict | None = None) -> None:
    """Run the migrate task definition as a one-off task and require exit code 0."""
    migrate = deployment.standin.run_task(deployment.task_definitions["migrate"], environment_overrides)
    code = migrate.wait(timeout=600)
    if code != 0:
        raise MigrationFailed(f"airflow db migrate exited with {code}; its last output:\n{migrate.main.output()}")


def start_airflow(deployment: Deployment, workers: int = 1, environment_overrides: dict | None = None) -> None:
    """Migrate (exit code 0 or fail), then start every service and wait until each is healthy."""
    standin, definitions = deployment.standin, deployment.task_definitions
    mismatches = standin.shared_setting_mismatches([definitions[name] for name in ("migrate", *SERVICES)])
    if mismatches:
        raise AssertionError(f"containers disagree on shared settings: {mismatches}")
    run_migration(deployment)
    for name in SERVICES:
        if name != "worker" or workers > 0:
            deployment.services[name] = standin.run_task(definitions[name], environment_overrides)
    deployment.extra_workers = [standin.run_task(definitions["worker"], environment_overrides) for _worker in range(workers - 1)]
    for task in [*deployment.services.values(), *deployment.extra_workers]:
        task.wait_healthy()
