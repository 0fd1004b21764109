"""scripts/emulator.py: start is idempotent, stop leaves no process behind."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, emulator_control


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie child still answers kill(0); reap it first.
    try:
        reaped, _status = os.waitpid(pid, os.WNOHANG)
        return reaped == 0
    except ChildProcessError:
        return True


def test_start_twice_reuses_the_running_server_and_stop_ends_it(tmp_path):
    port = emulator_control.free_port()
    pid = emulator_control.start(port, tmp_path)
    try:
        assert emulator_control.is_ready(port)
        assert emulator_control.start(port, tmp_path) == pid
        assert (tmp_path / "emulator.pid").read_text().split() == [str(pid), str(port)]
    finally:
        assert emulator_control.stop(tmp_path)
    assert not _alive(pid)
    assert not emulator_control.is_ready(port)
    assert not (tmp_path / "emulator.pid").exists()
    assert emulator_control.stop(tmp_path) is False


def test_cli_run_gives_the_command_a_private_port_and_cleans_up():
    command = [sys.executable, "scripts/emulator.py", "run", "--", sys.executable, "-c",
               "import os, sys; sys.path.insert(0, 'scripts'); import emulator;"
               "port = int(os.environ['AIRFLOW_ECS_EMULATOR_PORT']); print(port);"
               "sys.exit(0 if emulator.is_ready(port) else 3)"]
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert process.returncode == 0, process.stderr
    port = int(process.stdout.strip())
    assert not emulator_control.is_ready(port)


def test_cli_run_passes_the_command_exit_code_on():
    command = [sys.executable, "scripts/emulator.py", "run", "--", "sh", "-c", "exit 7"]
    assert subprocess.run(command, cwd=ROOT, timeout=120, check=False).returncode == 7
