"""A local stand-in for the ECS container agent: runs registered task definitions as podman containers.

What it does, in the agent's order:

* reads the task definition back from the ECS API (the emulator's), never from the inputs
  that rendered it, and pulls each container's image by the reference it names (the image
  site.yml built and pushed, by digest);
* resolves every container's `secrets` (`valueFrom`) through Secrets Manager, as the agent
  does with the task execution role, and hands them to the container as environment
  variables, never on a command line or in a file;
* starts the containers in `dependsOn` order. A non-essential container that another one
  depends on with SUCCESS or COMPLETE is an init container: it must exit (with 0 for
  SUCCESS) before its dependants start. Other non-essential containers are sidecars: they
  start and keep running next to the essential one, and stop with the task. Each container
  gets what its definition says: `user`, `readonlyRootFilesystem` (no tmpfs added, as on
  ECS), `linuxParameters.initProcessEnabled` (an init process as PID 1), the task's volumes at
  their `mountPoints` (read-only where said), host volumes from a directory standing in for
  the EC2 host's file system, and exactly the environment the image, the definition and the
  secrets give it;
* gives every container what the agent and the task role give it on ECS: ECS_AGENT_URI,
  pointing at a fake agent (tests/support/fake_ecs_agent.py) that implements task scale-in
  protection, and AWS credentials. The credentials stand in for the task role's: the emulator
  as the endpoint (AWS_ENDPOINT_URL) and its test keys, so boto3 in a container talks to the
  emulator;
* runs the container's health check inside the container (`podman exec`, as the container's
  user), as often as needed to see it healthy, within the deadline ECS gives it
  (startPeriod + retries x interval);
* stops like ECS: `podman stop` with the container's stopTimeout (SIGTERM to PID 1, SIGKILL
  after the timeout), for every container of the task. Where the SIGTERM goes from there is the
  image's business (its dumb-init: the whole process group, or only the main process with
  DUMB_INIT_SETSID=0);
* scales a service in like ECS: stops unprotected tasks until the desired count is left,
  never a task whose scale-in protection is on.

Networking is the host's (podman --network host): ECS's awsvpc gives each task its own
network namespace and address, which the Cloud Map names resolve to. Here the containers
reach Redis, PostgreSQL, the emulator, the registry and the identity provider on 127.0.0.1,
and the tests reach the api-server there, so one namespace per task would need an address and
routes per task back to the host's loopback. The price: two tasks of one service need distinct
ports (the second api-server listens on 8081), and two workers share the log server port.
Each task still has its own host name, shared by its containers as in awsvpc.

What it does not do: resource limits (the task sizes add up to more than the 2 cores of the
test machine), log drivers (`podman logs` reads a container's output).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from fake_ecs_agent import FakeEcsAgent

DEFAULT_STOP_TIMEOUT = 30  # the agent's ECS_CONTAINER_STOP_TIMEOUT default
HEALTH_POLL_SECONDS = 3
TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# Every container of a stand-in is named airflow-ecs-e2e-<stand-in id>-<task id>-<container>, so
# stop_all finds its own and no other run's.
CONTAINER_PREFIX = "airflow-ecs-e2e"
PODMAN_TIMEOUT = 120
# Where a container finds the CA the stand-in's image trusts besides the public ones (a team's
# own CA would be built into its image).
TRUSTED_CA_PATH = "/etc/ssl/certs/airflow-ecs-e2e-ca.pem"


class StandInError(RuntimeError):
    """A task could not be started or did not become healthy; the message says which container."""


def podman(*args: str, timeout: float = PODMAN_TIMEOUT, env: dict | None = None, check: bool = True):
    result = subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout, env=env, check=False)
    if check and result.returncode != 0:
        raise StandInError(f"podman {args[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result


def parse_value_from(value_from: str) -> tuple[str, str | None]:
    """(secret ARN, JSON key or None) of a Secrets Manager valueFrom."""
    parts = value_from.split(":")
    # arn:aws:secretsmanager:region:account:secret:name[:json-key:version-stage:version-id]
    arn = ":".join(parts[:7])
    json_key = parts[7] if len(parts) > 7 and parts[7] else None
    return arn, json_key


@dataclass
class Container:
    """One running (or finished) container of a task, by its podman name."""

    name: str
    definition: dict
    podman_name: str
    # What the container's environment holds besides the image's (HOSTNAME included).
    environment: dict[str, str]

    def _state(self) -> tuple[str, int]:
        result = podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", self.podman_name)
        status, code = result.stdout.split()
        return status, int(code)

    def image_digests(self) -> set[str]:
        """The registry digests of the image the container runs (podman keeps its own digest of a
        local build apart from the one the registry gave the pushed manifest)."""
        image_id = podman("inspect", "--format", "{{.Image}}", self.podman_name).stdout.strip()
        references = json.loads(podman("image", "inspect", "--format", "{{json .RepoDigests}}", image_id).stdout)
        return {reference.rsplit("@", 1)[1] for reference in references}

    def exit_code(self) -> int | None:
        status, code = self._state()
        return code if status in ("exited", "stopped") else None

    def wait(self, timeout: float) -> int:
        """Wait for the container to exit; returns its exit code (raises TimeoutError)."""
        deadline = time.monotonic() + timeout
        while (code := self.exit_code()) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"container {self.name} still ran after {timeout:.0f} s")
            time.sleep(1)
        return code

    def output(self, last_lines: int = 40) -> str:
        result = podman("logs", "--tail", str(last_lines), self.podman_name, check=False)
        return (result.stdout + result.stderr).rstrip()

    def exec(self, command: list[str] | str, timeout: float = 120):
        """Run a command inside the running container, like ECS Exec (as the container's user,
        in its environment); returns CompletedProcess."""
        argv = ["/bin/sh", "-c", command] if isinstance(command, str) else list(command)
        return podman("exec", self.podman_name, *argv, timeout=timeout, check=False)

    def health_check(self) -> str | None:
        """Run the health check once; None when it passed, else what it did (timeout or exit code and output)."""
        check = self.definition.get("healthCheck")
        if check is None:
            return None if self.exit_code() is None else f"exited with {self.exit_code()}"
        kind, *command = check["command"]
        argv = command[0] if kind == "CMD-SHELL" else command
        timeout = check.get("timeout", 5)
        started = time.monotonic()
        try:
            result = self.exec(argv, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"timed out after {timeout} s"
        if result.returncode == 0:
            return None
        output = (result.stdout + result.stderr).strip().splitlines()[-5:]
        return f"exit code {result.returncode} after {time.monotonic() - started:.1f} s: " + " | ".join(output)

    def wait_healthy(self, family: str) -> None:
        """Wait until the health check passes, within ECS's deadline (startPeriod + retries x interval)."""
        check = self.definition.get("healthCheck", {})
        budget = check.get("startPeriod", 0) + check.get("retries", 3) * check.get("interval", 30)
        deadline = time.monotonic() + budget
        failures: list[str] = []
        while time.monotonic() < deadline:
            if self.exit_code() is not None:
                raise StandInError(
                    f"{family}: container {self.name} exited with {self.exit_code()} before it was "
                    f"healthy; its last output:\n{self.output()}"
                )
            failure = self.health_check()
            if failure is None:
                return
            failures.append(failure)
            time.sleep(HEALTH_POLL_SECONDS)
        raise StandInError(
            f"{family}: container {self.name} was not healthy within {budget} s "
            f"(health check {check.get('command')}, {len(failures)} checks; the last ones: "
            f"{'; '.join(failures[-3:])}); its last output:\n{self.output()}"
        )

    def stop(self, timeout: float | None = None) -> int:
        """What the agent does: SIGTERM to PID 1, SIGKILL after stopTimeout; returns the exit code."""
        timeout = self.definition.get("stopTimeout", DEFAULT_STOP_TIMEOUT) if timeout is None else timeout
        if self.exit_code() is None:
            podman("stop", "--time", str(int(timeout)), self.podman_name, timeout=timeout + PODMAN_TIMEOUT)
        return self.wait(PODMAN_TIMEOUT)


@dataclass
class Task:
    """A task started by the stand-in: its containers, by name."""

    task_id: str
    definition: dict
    containers: dict[str, Container] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.definition["family"]

    @property
    def main(self) -> Container:
        """The essential container (the Airflow process)."""
        return next(c for c in self.containers.values() if c.definition.get("essential", True))

    def running(self) -> bool:
        return self.main.exit_code() is None

    def wait_healthy(self) -> None:
        """Wait until the essential container's health check passes, within ECS's deadline."""
        self.main.wait_healthy(self.family)

    def wait(self, timeout: float) -> int:
        """Wait for the essential container to exit (a one-off task); returns its exit code."""
        try:
            return self.main.wait(timeout)
        except TimeoutError as error:
            self.stop()
            raise StandInError(f"{self.family}: container {self.main.name} still ran after {timeout:.0f} s") from error

    def stop(self) -> int | None:
        """Stop every container, as ECS stops a task; returns the essential container's exit code
        (None when it never started: an init container failed)."""
        for container in reversed(list(self.containers.values())):
            container.stop()
        essential = [c for c in self.containers.values() if c.definition.get("essential", True)]
        return essential[0].exit_code() if essential else None


class StandIn:
    """Runs task definitions of one environment on one stand-in host."""

    def __init__(self, ecs, secretsmanager, work_dir: Path, host_root: Path, service_names: list[str],
                 aws_endpoint: str, trusted_ca: Path | None = None):
        self.ecs = ecs
        self.secretsmanager = secretsmanager
        self.work_dir = work_dir
        self.host_root = host_root
        self.aws_endpoint = aws_endpoint
        self.trusted_ca = trusted_ca
        self.tasks: list[Task] = []
        self.pulled: set[str] = set()
        self.prefix = f"{CONTAINER_PREFIX}-{uuid.uuid4().hex[:6]}"
        self.agent = FakeEcsAgent()
        work_dir.mkdir(parents=True, exist_ok=True)
        # The Cloud Map names resolve to the host, where every task listens (host networking).
        self.hosts_file = work_dir / "hosts"
        names = " ".join(service_names)
        self.hosts_file.write_text(f"127.0.0.1 localhost {names}\n::1 localhost ip6-localhost\n")

    def describe(self, task_definition: str) -> dict:
        return self.ecs.describe_task_definition(taskDefinition=task_definition)["taskDefinition"]

    def resolve_secrets(self, container_definition: dict) -> dict[str, str]:
        """The container's secret environment variables, read as the agent reads them."""
        documents: dict[str, str] = {}
        resolved = {}
        for entry in container_definition.get("secrets", []):
            arn, json_key = parse_value_from(entry["valueFrom"])
            if arn not in documents:
                documents[arn] = self.secretsmanager.get_secret_value(SecretId=arn)["SecretString"]
            value = documents[arn]
            if json_key is not None:
                document = json.loads(value)
                if json_key not in document:
                    raise StandInError(
                        f"container {container_definition['name']}: {entry['name']} reads key {json_key} "
                        f"that the secret {arn} does not have"
                    )
                value = document[json_key]
            resolved[entry["name"]] = value
        return resolved

    def container_environment(self, container_definition: dict, task_id: str) -> dict[str, str]:
        """What the container's environment adds to the image's: the agent's, the definition's, the secrets."""
        environment = {"ECS_AGENT_URI": self.agent.uri(task_id)}
        if self.trusted_ca is not None:
            environment["REQUESTS_CA_BUNDLE"] = TRUSTED_CA_PATH
        environment["AWS_ENDPOINT_URL"] = self.aws_endpoint
        environment.update(TEST_CREDENTIALS)
        environment.update({entry["name"]: entry["value"] for entry in container_definition.get("environment", [])})
        environment.update(self.resolve_secrets(container_definition))
        return environment

    def run_task(self, task_definition: str, environment_overrides: dict[str, dict[str, str]] | None = None) -> Task:
        """Start a task; init containers run to completion first, sidecars start and keep
        running. Returns once the essential container has started (call wait_healthy or wait
        on the task)."""
        definition = self.describe(task_definition)
        task = Task(task_id=uuid.uuid4().hex[:12], definition=definition)
        task_dir = self.work_dir / f"{definition['family']}-{task.task_id}"
        volumes = self._volumes(definition, task_dir)
        self.tasks.append(task)
        overrides = environment_overrides or {}
        containers = definition["containerDefinitions"]
        essential = next(c["name"] for c in containers if c.get("essential", True))
        awaited = _awaited(containers)
        for container_definition in _start_order(containers):
            name = container_definition["name"]
            # awsvpc: the task's containers share one network namespace and so one host name;
            # in bridge mode each container has its own.
            hostname = f"{essential if definition.get('networkMode') == 'awsvpc' else name}-{task.task_id}"
            container = self._start(task, container_definition, volumes, hostname, overrides.get(name, {}))
            task.containers[name] = container
            if name in awaited and not container_definition.get("essential", True):
                code = container.wait(300)
                if code != 0 and awaited[name] == "SUCCESS":
                    raise StandInError(
                        f"{definition['family']}: init container {name} exited with {code}:\n{container.output()}"
                    )
            elif _healthy_dependency(containers, name):
                container.wait_healthy(definition["family"])
        return task

    def scale_in(self, tasks: list[Task], desired: int) -> list[Task]:
        """What ECS does when a service's desired count drops to `desired`: stop running tasks
        until that many are left, never one whose scale-in protection is on. Returns the
        stopped tasks (fewer than asked when protected tasks remain)."""
        running = [task for task in tasks if task.running()]
        stopped = []
        for task in running:
            if len(running) - len(stopped) <= desired:
                break
            if self.agent.protected(task.task_id):
                continue
            task.stop()
            stopped.append(task)
        return stopped

    def shared_setting_mismatches(self, task_definitions: list[str]) -> list[str]:
        """Settings that every container holding them must hold with one value (the fernet key,
        the JWT secret, ...), each container that holds another value: 'container: setting'.

        Values are compared, never shown."""
        holders: dict[str, dict[str, str]] = {}
        for arn in task_definitions:
            for container in self.describe(arn)["containerDefinitions"]:
                for name, value in self.resolve_secrets(container).items():
                    holders.setdefault(name, {})[container["name"]] = value
        problems = []
        for setting, by_container in sorted(holders.items()):
            counts: dict[str, int] = {}
            for value in by_container.values():
                counts[value] = counts.get(value, 0) + 1
            if len(counts) == 1:
                continue
            usual = max(counts, key=counts.get)
            ties = [value for value, count in counts.items() if count == counts[usual]]
            for container, value in sorted(by_container.items()):
                if len(ties) > 1 or value != usual:
                    others = sorted(name for name, other in by_container.items() if other != value)
                    problems.append(f"{container}: {setting} differs from what {', '.join(others)} hold")
        return problems

    def stop_all(self) -> None:
        for task in reversed(self.tasks):
            task.stop()
        names = podman("ps", "--all", "--format", "{{.Names}}", "--filter", f"name=^{self.prefix}-").stdout.split()
        if names:
            podman("rm", "--force", *names)
        self.agent.shutdown()

    def pull(self, image: str) -> None:
        """Pull the image the definition names, once (the registry on 127.0.0.1 speaks plain HTTP)."""
        if image not in self.pulled:
            podman("pull", "--quiet", "--tls-verify=false", image, timeout=600)
            self.pulled.add(image)

    def _volumes(self, definition: dict, task_dir: Path) -> dict[str, Path]:
        result = {}
        for volume in definition.get("volumes", []):
            host = volume.get("host", {}).get("sourcePath")
            if host:  # made when missing, as the Docker daemon does
                result[volume["name"]] = self.host_root / host.lstrip("/")
                result[volume["name"]].mkdir(parents=True, exist_ok=True)
            else:  # a task-scoped volume: empty, root-owned, gone with the task
                path = task_dir / "volumes" / volume["name"]
                path.mkdir(parents=True)
                result[volume["name"]] = path
        return result

    def _start(self, task: Task, container_definition: dict, volumes: dict[str, Path], hostname: str,
               override: dict[str, str]) -> Container:
        name = container_definition["name"]
        environment = self.container_environment(container_definition, task.task_id)
        environment["HOSTNAME"] = hostname
        environment.update(override)
        self.pull(container_definition["image"])
        podman_name = f"{self.prefix}-{task.task_id}-{name}"
        args = ["run", "--detach", "--name", podman_name, "--network", "host", "--hostname", hostname,
                "--volume", f"{self.hosts_file}:/etc/hosts:ro", "--pull", "never", "--log-driver", "k8s-file"]
        if self.trusted_ca is not None:
            args += ["--volume", f"{self.trusted_ca}:{TRUSTED_CA_PATH}:ro"]
        if container_definition.get("user"):
            args += ["--user", container_definition["user"]]
        if container_definition.get("readonlyRootFilesystem"):
            args += ["--read-only", "--read-only-tmpfs=false"]
        if container_definition.get("linuxParameters", {}).get("initProcessEnabled"):
            args.append("--init")
        if container_definition.get("workingDirectory"):
            args += ["--workdir", container_definition["workingDirectory"]]
        for mount in container_definition.get("mountPoints", []):
            mode = ":ro" if mount.get("readOnly") else ""
            args += ["--volume", f"{volumes[mount['sourceVolume']]}:{mount['containerPath']}{mode}"]
        # Values reach podman through its environment: `-e NAME` copies them, so no secret is on
        # a command line.
        for variable in environment:
            args += ["--env", variable]
        if "entryPoint" in container_definition:
            args += ["--entrypoint", json.dumps(container_definition["entryPoint"])]
        args += [container_definition["image"], *container_definition.get("command", [])]
        podman(*args, env=dict(os.environ, **environment))
        return Container(name=name, definition=container_definition, podman_name=podman_name, environment=environment)


def _awaited(containers: list[dict]) -> dict[str, str]:
    """The init containers: {name: SUCCESS or COMPLETE} of each container another one waits to exit."""
    awaited: dict[str, str] = {}
    for container in containers:
        for dependency in container.get("dependsOn", []):
            if dependency["condition"] in ("SUCCESS", "COMPLETE") and awaited.get(dependency["containerName"]) != "SUCCESS":
                awaited[dependency["containerName"]] = dependency["condition"]
    return awaited


def _healthy_dependency(containers: list[dict], name: str) -> bool:
    return any(
        dependency["containerName"] == name and dependency["condition"] == "HEALTHY"
        for container in containers
        for dependency in container.get("dependsOn", [])
    )


def _start_order(containers: list[dict]) -> list[dict]:
    """Containers ordered so that every dependsOn target comes before its dependant."""
    by_name = {c["name"]: c for c in containers}
    ordered: list[dict] = []

    def visit(container: dict) -> None:
        if container in ordered:
            return
        for dependency in container.get("dependsOn", []):
            visit(by_name[dependency["containerName"]])
        ordered.append(container)

    for container in containers:
        visit(container)
    return ordered
