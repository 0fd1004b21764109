"""The hosts' user data (plugins/module_utils/host_user_data.py): shellcheck, and each variant run
against stand-ins of dnf, mount-s3, mount, mountpoint and systemctl in a mount namespace of its
own, where /etc and /mnt are empty tmpfs. The stand-ins log every call; systemctl runs the
ExecStart of the unit the script enables, so the mount-s3 command line is the unit's own."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.filter.host_user_data import host_user_data

SETTINGS = {
    "environment": "prod", "cluster_name": "airflow-prod", "tier": "worker", "stop_timeout": 630,
    "dag_bucket": "airflow-ecs-prod-dags-123456789012", "dag_prefix": "dags/", "dag_mount_path": "/mnt/airflow-dags",
    "region": "eu-west-1", "mount_client": "mount-s3", "install_command": "", "metadata_ttl": 60,
}
MOUNT_S3_ARGS = ("--read-only --allow-other --region eu-west-1 --metadata-ttl 60 --prefix dags/ "
                 "airflow-ecs-prod-dags-123456789012 /mnt/airflow-dags")

# Each stand-in logs its name and arguments; FAIL names the one that fails. A "mount" leaves a
# marker that mountpoint(1) looks for, so the check after the mount means something.
STANDIN = """#!/bin/bash
echo "$(basename "$0") $*" >> "$STANDIN_LOG"
[ "$(basename "$0")" = "$FAIL" ] && exit 1
case "$(basename "$0")" in
  mountpoint) [ -e "$STANDIN_DIR/mounted${@: -1}" ] ;;
  mount|mount-s3) mkdir -p "$STANDIN_DIR/mounted${@: -1}" ;;
  systemctl)
    if [ "$1 $2" = "enable --now" ]; then
      exec $(sed -n 's/^ExecStart=//p' "/etc/systemd/system/$3" | sed "s|^/usr/bin/|$STANDIN_DIR/bin/|")
    fi ;;
esac
"""
TOOLS = ("dnf", "mount-s3", "mount", "mountpoint", "systemctl", "umount")


def _run(script: str, tmp_path: Path, fail: str = "") -> tuple[int, list[str], Path, str]:
    """Run the user data in the sandbox; (exit code, calls, copy of /etc, stderr)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("the sandbox needs root and unshare (CI runs as root)")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).write_text(STANDIN)
        (bin_dir / tool).chmod(0o755)
    (tmp_path / "user-data.sh").write_text(script)
    log, etc = tmp_path / "calls.log", tmp_path / "etc"
    log.touch()
    sandbox = (
        "set -e; /bin/mount --make-rprivate /; /bin/mount -t tmpfs tmpfs /etc; /bin/mount -t tmpfs tmpfs /mnt; "
        "mkdir -p /etc/ecs /etc/systemd/system; touch /etc/fstab; "
        f"rc=0; PATH={bin_dir}:/usr/bin:/bin /bin/bash {tmp_path / 'user-data.sh'} || rc=$?; "
        f"cp -a /etc {etc}; exit $rc"
    )
    environment = {"STANDIN_LOG": str(log), "STANDIN_DIR": str(tmp_path), "FAIL": fail, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["unshare", "--mount", "/bin/bash", "-c", sandbox], env=environment, capture_output=True,
                          text=True, timeout=60, check=False)
    calls = [line.replace(str(bin_dir) + "/", "") for line in log.read_text().splitlines()]
    return done.returncode, calls, etc, done.stderr


@pytest.mark.parametrize("client", ["mount-s3", "s3fs"])
def test_each_variant_passes_shellcheck(client, tmp_path):
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (make packages)")
    script = tmp_path / "user-data.sh"
    script.write_text(host_user_data(dict(SETTINGS, mount_client=client)))
    checked = subprocess.run(["shellcheck", "--severity=style", str(script)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout


def test_mount_s3_mounts_checks_then_joins(tmp_path):
    code, calls, etc, stderr = _run(host_user_data(SETTINGS), tmp_path)
    assert code == 0, stderr
    assert calls == [
        "dnf install -y mount-s3",
        "systemctl daemon-reload",
        "systemctl enable --now airflow-dags.service",
        "mount-s3 " + MOUNT_S3_ARGS,
        "mountpoint -q /mnt/airflow-dags",
    ]
    config = (etc / "ecs" / "ecs.config").read_text()
    assert "ECS_CLUSTER=airflow-prod\n" in config and 'ECS_INSTANCE_ATTRIBUTES={"tier":"worker"}' in config
    assert "ECS_CONTAINER_STOP_TIMEOUT=630s" in config
    unit = (etc / "systemd" / "system" / "airflow-dags.service").read_text()
    assert "Before=ecs.service" in unit and "WantedBy=multi-user.target" in unit
    drop_in = (etc / "systemd" / "system" / "ecs.service.d" / "airflow-dags.conf").read_text()
    assert "Requires=airflow-dags.service" in drop_in and "After=airflow-dags.service" in drop_in


def test_s3fs_mounts_from_fstab_checks_then_joins(tmp_path):
    code, calls, etc, stderr = _run(host_user_data(dict(SETTINGS, mount_client="s3fs")), tmp_path)
    assert code == 0, stderr
    assert calls == [
        "dnf install -y s3fs-fuse",
        "systemctl daemon-reload",
        "mountpoint -q /mnt/airflow-dags",
        "mount /mnt/airflow-dags",
        "mountpoint -q /mnt/airflow-dags",
    ]
    assert (etc / "fstab").read_text().startswith(
        "airflow-ecs-prod-dags-123456789012:/dags /mnt/airflow-dags fuse.s3fs _netdev,ro,allow_other,umask=0222,iam_role=auto,"
    )
    assert "RequiresMountsFor=/mnt/airflow-dags" in (etc / "systemd" / "system" / "ecs.service.d" / "airflow-dags.conf").read_text()
    assert "ECS_CLUSTER=airflow-prod" in (etc / "ecs" / "ecs.config").read_text()


@pytest.mark.parametrize(("client", "fail", "last_call"), [
    ("mount-s3", "dnf", "dnf install -y mount-s3"),  # the package is missing (s3fs-fuse on AL2023)
    ("mount-s3", "mount-s3", "mount-s3 " + MOUNT_S3_ARGS),  # the bucket cannot be mounted
    ("mount-s3", "mountpoint", "mountpoint -q /mnt/airflow-dags"),  # the service started, nothing is mounted
    ("s3fs", "dnf", "dnf install -y s3fs-fuse"),
    ("s3fs", "mount", "mount /mnt/airflow-dags"),
])
def test_a_failed_step_masks_the_agent_and_the_host_never_joins(client, fail, last_call, tmp_path):
    code, calls, etc, stderr = _run(host_user_data(dict(SETTINGS, mount_client=client)), tmp_path, fail=fail)
    assert code != 0
    assert calls[-2:] == [last_call, "systemctl mask ecs.service"], calls
    config = etc / "ecs" / "ecs.config"
    assert not config.exists() or "ECS_CLUSTER" not in config.read_text()
    assert "this host will not join airflow-prod" in stderr


def test_a_custom_install_command_and_no_prefix(tmp_path):
    script = host_user_data(dict(SETTINGS, install_command="rpm -i https://example.com/mount-s3.rpm", dag_prefix=""))
    assert "rpm -i https://example.com/mount-s3.rpm\n" in script
    assert "--prefix" not in script and "airflow-ecs-prod-dags-123456789012 /mnt/airflow-dags" in script
