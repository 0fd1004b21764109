"""The AWS emulator and ansible-playbook runs, shared by the integration and e2e tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import emulator as emulator_control  # noqa: E402  (scripts/ is not a package)

# Only a guard against a hung run, not a budget: one --check --diff -vvv run of site.yml took
# up to 636 s on 2 cores beside every other stage of `make test` (CI's limit is 90 minutes).
HUNG_RUN_SECONDS = 2700


@dataclass
class Emulator:
    port: int
    state_dir: Path

    @property
    def endpoint(self) -> str:
        return emulator_control.endpoint(self.port)

    @property
    def log(self) -> Path:
        return self.state_dir / "emulator.log"

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        # Resetting a large state takes the emulator a while when the machine is busy.
        urllib.request.urlopen(request, timeout=120).close()

    def requests_served(self) -> int:
        """How many API requests the emulator has answered so far."""
        return sum(1 for line in self.log.read_text(errors="replace").splitlines() if '"POST ' in line or '"GET ' in line)

    def client(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )


@dataclass
class PlaybookRun:
    returncode: int
    output: str
    result: dict

    @property
    def stats(self) -> dict:
        return self.result["stats"]["localhost"]

    @property
    def changed(self) -> int:
        return self.stats["changed"]

    @property
    def failed(self) -> int:
        return self.stats["failures"]

    def task_results(self, name: str) -> list[dict]:
        found = []
        for play in self.result["plays"]:
            for task in play["tasks"]:
                if task["task"]["name"] == name or task["task"]["name"].endswith(f" : {name}"):
                    found.append(task["hosts"]["localhost"])
        return found

    def failed_task(self) -> str | None:
        for play in self.result["plays"]:
            for task in play["tasks"]:
                host = task["hosts"].get("localhost", {})
                if host.get("failed") and not host.get("ignore_errors"):
                    return task["task"]["name"].split(" : ")[-1]
        return None


def run_playbook(
    emulator: Emulator,
    playbook: str | Path,
    inventory: str | Path = "inventories/local",
    extra_vars: dict | None = None,
    check: bool = False,
    diff: bool = False,
    extra_args: list[str] | None = None,
    callback: str = "ansible.builtin.json",
    environment: dict[str, str] | None = None,
) -> PlaybookRun:
    """Run ansible-playbook from the repository root against the emulator; `environment` adds
    variables (the registry's port, say) or overrides them (the port of a proxy in front of the
    emulator)."""
    command = [str(Path(sys.executable).parent / "ansible-playbook"), str(playbook), "-i", str(inventory)]
    if extra_vars:
        command += ["-e", json.dumps(extra_vars)]
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    command += extra_args or []
    env = dict(
        os.environ,
        AIRFLOW_ECS_EMULATOR_PORT=str(emulator.port),
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ANSIBLE_STDOUT_CALLBACK=callback,
        ANSIBLE_NOCOLOR="1",
    )
    env.update(environment or {})
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=HUNG_RUN_SECONDS, check=False)
    result = {}
    if callback == "ansible.builtin.json":
        # With -v and up, verbose lines precede the JSON document on stdout.
        start = 0 if process.stdout.startswith("{") else process.stdout.find("\n{\n") + 1
        try:
            result = json.loads(process.stdout[start:])
        except json.JSONDecodeError:
            result = {}
    return PlaybookRun(returncode=process.returncode, output=process.stdout + process.stderr, result=result)
