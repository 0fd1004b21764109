"""A local stand-in for the ECS container agent: runs registered task definitions as processes.

What it does, in the agent's order:

* reads the task definition back from the ECS API (the emulator's), never from the inputs
  that rendered it;
* resolves every container's `secrets` (`valueFrom`) through Secrets Manager, as the agent
  does with the task execution role;
* starts the containers in `dependsOn` order. A non-essential container that another one
  depends on with SUCCESS or COMPLETE is an init container: it must exit (with 0 for
  SUCCESS) before its dependants start. Other non-essential containers are sidecars: they
  start and keep running next to the essential one, and stop with the task. Each container
  is a process in mount and UTS namespaces of its own (container_init.py): the task's
  volumes at their container paths, host volumes from a directory standing in for the EC2
  host's file system, an /etc/hosts with the environment's service discovery names, the
  host name (awsvpc: one per task, `<essential container>-<task id>`, shared by its
  containers; bridge: one per container; Celery names its node after it), the container's
  user, and exactly the environment the image, the definition and the secrets give it;
* gives every container what the agent and the task role give it on ECS: ECS_AGENT_URI,
  pointing at a fake agent (tests/support/fake_ecs_agent.py) that implements task scale-in protection,
  and AWS credentials. The credentials stand in for the task role's: the emulator as the
  endpoint (AWS_ENDPOINT_URL) and its test keys, so boto3 in a container talks to the
  emulator;
* runs the container's health check inside the container, as often as needed to see it
  healthy, within the deadline ECS gives it (startPeriod + retries x interval);
* stops like ECS: SIGTERM, SIGKILL after stopTimeout, for every container of the task. The
  SIGTERM goes where the official image's dumb-init forwards it: the container's whole
  process group, or only the main process when DUMB_INIT_SETSID=0;
* scales a service in like ECS: stops unprotected tasks until the desired count is left,
  never a task whose scale-in protection is on.

What it does not do: network isolation (containers share the host's network, as in `host`
network mode), resource limits, image pulls, the image's /entrypoint script (it only waits
for the database and prepares directories; commands run directly), log drivers (a
container's output goes to a file).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from fake_ecs_agent import FakeEcsAgent

CONTAINER_INIT = Path(__file__).resolve().parent / "container_init.py"
# What a container relies on from the official image (apache/airflow): its directories,
# their owner, the airflow user (50000:0) in /etc/passwd, its working directory and environment.
IMAGE_USER = (50000, 0)
IMAGE_DIRS = {"/opt/airflow": IMAGE_USER, "/opt/airflow/dags": IMAGE_USER, "/opt/airflow/logs": IMAGE_USER,
              "/home/airflow": IMAGE_USER}
IMAGE_WORKDIR = "/opt/airflow"
IMAGE_PASSWD_LINE = "airflow:x:50000:0:Airflow:/home/airflow:/bin/bash\n"
DEFAULT_STOP_TIMEOUT = 30  # the agent's ECS_CONTAINER_STOP_TIMEOUT default
HEALTH_POLL_SECONDS = 3
TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


class StandInError(RuntimeError):
    """A task could not be started or did not become healthy; the message says which container."""


@dataclass
class Image:
    """The local stand-in for the container image: the host's OS and an Airflow venv."""

    venv: Path
    # A CA the image trusts besides the public ones (a team's would be built into its image).
    ca_bundle: Path | None = None

    def environment(self) -> dict[str, str]:
        environment = {
            "AIRFLOW_HOME": "/opt/airflow",
            "AIRFLOW_USER_HOME_DIR": "/home/airflow",
            "HOME": "/home/airflow",
            "LANG": "C.UTF-8",
            "PATH": f"{self.venv}/bin:/usr/local/bin:/usr/bin:/bin",
            "PYTHONUNBUFFERED": "1",
        }
        if self.ca_bundle is not None:
            environment["REQUESTS_CA_BUNDLE"] = str(self.ca_bundle)
        return environment

    def python_paths(self) -> list[str]:
        """The venv and the installation of the Python it was made from (its pyvenv.cfg `home`)."""
        config = (self.venv / "pyvenv.cfg").read_text().splitlines()
        home = next(line.split("=", 1)[1].strip() for line in config if line.split("=", 1)[0].strip() == "home")
        base = Path(home).resolve().parent
        return [str(self.venv)] + ([] if base == Path("/usr") else [str(base)])


def parse_value_from(value_from: str) -> tuple[str, str | None]:
    """(secret ARN, JSON key or None) of a Secrets Manager valueFrom."""
    parts = value_from.split(":")
    # arn:aws:secretsmanager:region:account:secret:name[:json-key:version-stage:version-id]
    arn = ":".join(parts[:7])
    json_key = parts[7] if len(parts) > 7 and parts[7] else None
    return arn, json_key


def parse_user(user: str | None) -> tuple[int, int]:
    if not user:
        return 0, 0
    uid, _separator, gid = user.partition(":")
    return int(uid), int(gid or 0)


@dataclass
class Container:
    """One running (or finished) container of a task."""

    name: str
    definition: dict
    environment: dict[str, str]
    user: tuple[int, int]
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def exit_code(self) -> int | None:
        return self.process.poll()

    def output(self, last_lines: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-last_lines:])

    def exec(self, command: list[str] | str, timeout: float = 120, user: tuple[int, int] | None = None):
        """Run a command inside the running container, like ECS Exec; returns CompletedProcess."""
        uid, gid = user if user is not None else self.user
        argv = ["/bin/sh", "-c", command] if isinstance(command, str) else list(command)
        nsenter = [
            "nsenter", f"--target={self.pid}", "--mount", "--uts", "--root", "--wd",
            f"--setuid={uid}", f"--setgid={gid}", "--",
        ]
        return subprocess.run(
            nsenter + argv, env=self.environment, capture_output=True, text=True, timeout=timeout, check=False
        )

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

    def signal(self, signum: int) -> None:
        """Deliver signum the way the image's dumb-init does."""
        if self.exit_code() is not None:
            return
        if "entryPoint" not in self.definition and self.environment.get("DUMB_INIT_SETSID") != "0":
            _kill_group(self.pid, signum)
        else:
            os.kill(self.pid, signum)

    def stop(self, timeout: float | None = None) -> int:
        """SIGTERM, wait up to stopTimeout, then SIGKILL; returns the exit code."""
        timeout = self.definition.get("stopTimeout", DEFAULT_STOP_TIMEOUT) if timeout is None else timeout
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_group(self.pid, signal.SIGKILL)
            self.process.wait()
        _kill_group(self.pid, signal.SIGKILL)  # what is left in the container goes with it
        return self.process.returncode


def _kill_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


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
            return self.main.process.wait(timeout)
        except subprocess.TimeoutExpired as error:
            self.stop()
            raise StandInError(f"{self.family}: container {self.main.name} still ran after {timeout:.0f} s") from error

    def stop(self) -> int:
        """Stop every container, as ECS stops a task; returns the essential container's exit code."""
        for container in reversed(list(self.containers.values())):
            container.stop()
        return self.main.exit_code()


class StandIn:
    """Runs task definitions of one environment on one stand-in host."""

    def __init__(self, ecs, secretsmanager, work_dir: Path, host_root: Path, image: Image, service_names: list[str],
                 aws_endpoint: str):
        self.ecs = ecs
        self.secretsmanager = secretsmanager
        self.work_dir = work_dir
        self.host_root = host_root
        self.image = image
        self.aws_endpoint = aws_endpoint
        self.tasks: list[Task] = []
        self.agent = FakeEcsAgent()
        work_dir.mkdir(parents=True, exist_ok=True)
        self.files = {"/etc/hosts": work_dir / "hosts", "/etc/passwd": work_dir / "passwd"}
        names = " ".join(service_names)
        self.files["/etc/hosts"].write_text(f"127.0.0.1 localhost {names}\n::1 localhost ip6-localhost\n")
        self.files["/etc/passwd"].write_text(Path("/etc/passwd").read_text() + IMAGE_PASSWD_LINE)

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

    def container_environment(self, container_definition: dict, hostname: str, task_id: str) -> dict[str, str]:
        environment = self.image.environment()
        environment["HOSTNAME"] = hostname
        environment["ECS_AGENT_URI"] = self.agent.uri(task_id)
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
            container = self._start(task, container_definition, volumes, task_dir, hostname, overrides.get(name, {}))
            task.containers[name] = container
            if name in awaited and not container_definition.get("essential", True):
                code = container.process.wait(300)
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
        self.agent.shutdown()

    def _volumes(self, definition: dict, task_dir: Path) -> dict[str, Path]:
        result = {}
        for volume in definition.get("volumes", []):
            host = volume.get("host", {}).get("sourcePath")
            if host:
                result[volume["name"]] = self.host_root / host.lstrip("/")
            else:  # a task-scoped volume: empty, root-owned, gone with the task
                path = task_dir / "volumes" / volume["name"]
                path.mkdir(parents=True)
                result[volume["name"]] = path
        return result

    def _start(self, task: Task, container_definition: dict, volumes: dict[str, Path], task_dir: Path, hostname: str,
               override: dict[str, str]) -> Container:
        name = container_definition["name"]
        environment = self.container_environment(container_definition, hostname, task.task_id)
        environment.update(override)
        container_dir = task_dir / name
        (container_dir / "rootfs").mkdir(parents=True)
        command = list(container_definition.get("entryPoint", [])) + list(container_definition.get("command", []))
        spec = {
            "rootfs": str(container_dir / "rootfs"),
            "hostname": hostname,
            "image_python": self.image.python_paths(),
            "image_dirs": IMAGE_DIRS,
            "mounts": [
                {"source": str(volumes[m["sourceVolume"]]), "containerPath": m["containerPath"], "readOnly": m.get("readOnly", False)}
                for m in container_definition.get("mountPoints", [])
            ],
            "files": {path: str(source) for path, source in self.files.items()},
            "working_directory": container_definition.get("workingDirectory", IMAGE_WORKDIR),
            "user": parse_user(container_definition.get("user")),
            "command": command,
        }
        spec_file = container_dir / "spec.json"
        spec_file.write_text(json.dumps(spec, indent=2))
        log = container_dir / "output.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [shutil.which("unshare"), "--mount", "--uts", "--propagation", "private", sys.executable,
                 str(CONTAINER_INIT), str(spec_file)],
                env=environment, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return Container(name=name, definition=container_definition, environment=environment,
                         user=spec["user"], process=process, log=log)


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
