# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start, stop and inspect the local AWS emulator (the moto server on 127.0.0.1).

    python scripts/emulator.py start [--port N] [--state-dir DIR] [--registry]
        (--registry: also the container registry on AIRFLOW_ECS_REGISTRY_PORT, default 5001,
        which `make demo` pushes the image to)
    python scripts/emulator.py stop  [--state-dir DIR]   (the emulator and the registry)
    python scripts/emulator.py status [--state-dir DIR]
    python scripts/emulator.py run [--registry] -- COMMAND...
        (a private emulator on a free port for one command, stopped afterwards; with
        --registry also a container registry, Debian's docker-registry, standing in for ECR's
        registry endpoint, which the emulator lacks: AIRFLOW_ECS_REGISTRY_PORT)

The pid file and the server log live in the state directory (default `.local/`).
Tests import `start`/`stop` to run a private emulator on a free port.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = ROOT / ".local"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def endpoint(port: int) -> str:
    return f"http://{HOST}:{port}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def is_ready(port: int) -> bool:
    return _answers(f"{endpoint(port)}/moto-api/")


def _read_pid(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def _read_port(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[1])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def start(port: int, state_dir: Path = DEFAULT_STATE_DIR, timeout: float = 180.0) -> int:
    """Start the emulator unless ours already answers on `port`; return its pid.

    The timeout is generous on purpose: `make test` starts emulators while every stage runs."""
    state_dir.mkdir(parents=True, exist_ok=True)
    pid_file = state_dir / "emulator.pid"
    pid = _read_pid(pid_file)
    if pid is not None and _read_port(pid_file) == port and is_ready(port):
        return pid
    if pid is not None:
        stop(state_dir)
    if is_ready(port):
        raise RuntimeError(f"something else already answers on {endpoint(port)}; pick another AIRFLOW_ECS_EMULATOR_PORT")

    env = dict(os.environ)
    # Attaching AWS-managed policies (the ECS agent policy) needs them loaded.
    env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    log = open(state_dir / "emulator.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "--host", HOST, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    pid_file.write_text(f"{process.pid} {port}\n")
    return _wait_until_ready(process, "emulator", is_ready, port, state_dir, timeout)


def _wait_until_ready(process: subprocess.Popen, what: str, ready, port: int, state_dir: Path, timeout: float) -> int:
    """Wait until ready(port) says the server answers; stop it and raise if it exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the {what} exited with {process.returncode}; see {state_dir / f'{what}.log'}")
        if ready(port):
            return process.pid
        time.sleep(0.2)
    stop(state_dir, f"{what}.pid")
    raise RuntimeError(f"the {what} did not answer on {endpoint(port)} within {timeout:.0f} s")


def stop(state_dir: Path = DEFAULT_STATE_DIR, pid_name: str = "emulator.pid", timeout: float = 10.0) -> bool:
    """Stop the emulator (or the registry) named by the pid file; return whether one was running."""
    pid_file = state_dir / pid_name
    pid = _read_pid(pid_file)
    pid_file.unlink(missing_ok=True)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # Reap it if it is our child (tests start it in-process).
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return True


def registry_is_ready(port: int) -> bool:
    return _answers(f"{endpoint(port)}/v2/")


def start_registry(port: int, state_dir: Path, timeout: float = 60.0) -> int:
    """Start a registry on 127.0.0.1:port that keeps its images in state_dir, unless ours already
    answers there; return its pid."""
    if shutil.which("docker-registry") is None:
        raise RuntimeError("docker-registry is not installed (bash scripts/debian_packages.sh image)")
    state_dir.mkdir(parents=True, exist_ok=True)
    pid_file = state_dir / "registry.pid"
    pid = _read_pid(pid_file)
    if pid is not None and _read_port(pid_file) == port and registry_is_ready(port):
        return pid
    if pid is not None:
        stop(state_dir, "registry.pid")
    if registry_is_ready(port):
        raise RuntimeError(f"something else already answers on {endpoint(port)}; pick another AIRFLOW_ECS_REGISTRY_PORT")
    config = state_dir / "registry.yml"
    config.write_text(
        "version: 0.1\n"
        f"storage:\n  filesystem:\n    rootdirectory: {state_dir / 'registry'}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: {HOST}:{port}\n"
        "log:\n  level: warn\n"
    )
    log = open(state_dir / "registry.log", "ab")
    process = subprocess.Popen(["docker-registry", "serve", str(config)], stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    pid_file.write_text(f"{process.pid} {port}\n")
    return _wait_until_ready(process, "registry", registry_is_ready, port, state_dir, timeout)


def run_with_emulator(command: list[str], registry: bool = False) -> int:
    """Run `command` against a private emulator (and registry); its exit code is ours."""
    if not command:
        raise RuntimeError("run needs a command: emulator.py run -- COMMAND...")
    state_dir = Path(tempfile.mkdtemp(prefix="airflow-ecs-emulator-"))
    port = free_port()
    env = dict(os.environ, AIRFLOW_ECS_EMULATOR_PORT=str(port))
    try:
        start(port, state_dir)
        if registry:
            registry_port = free_port()
            start_registry(registry_port, state_dir)
            env["AIRFLOW_ECS_REGISTRY_PORT"] = str(registry_port)
        return subprocess.call(command, env=env)
    finally:
        stop(state_dir, "registry.pid")
        stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status", "run"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("AIRFLOW_ECS_EMULATOR_PORT", "5000")))
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--registry", action="store_true", help="with start or run: start a container registry too")
    parser.add_argument("--registry-port", type=int, default=int(os.environ.get("AIRFLOW_ECS_REGISTRY_PORT", "5001")))
    argv = sys.argv[1:] if argv is None else argv
    # Everything after `--` is the command of `run`, options included.
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    args.command = command

    if args.action == "run":
        return run_with_emulator(args.command, args.registry)
    if args.action == "start":
        pid = start(args.port, args.state_dir)
        print(f"emulator running at {endpoint(args.port)} (pid {pid}, log {args.state_dir / 'emulator.log'})")
        if args.registry:
            pid = start_registry(args.registry_port, args.state_dir)
            print(f"registry running at {endpoint(args.registry_port)} (pid {pid}, log {args.state_dir / 'registry.log'})")
    elif args.action == "stop":
        print("emulator stopped" if stop(args.state_dir) else "emulator was not running")
        if stop(args.state_dir, "registry.pid"):
            print("registry stopped")
    else:
        pid_file = args.state_dir / "emulator.pid"
        pid = _read_pid(pid_file)
        if pid is None:
            print("emulator not running")
            return 1
        print(f"emulator running at {endpoint(_read_port(pid_file) or args.port)} (pid {pid})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as error:
        print(f"emulator: {error}", file=sys.stderr)
        sys.exit(1)
