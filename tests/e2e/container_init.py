"""Turn the current process into one container of the ECS stand-in, then exec its command.

Run by ecs_standin.py as `unshare --mount --uts python container_init.py SPEC.json`, so
every mount and the host name below stay inside the container's own namespaces. The
environment of this process is already the container's (image, definition, secrets):
the spec file holds no secret.

The root file system is a tmpfs that gets: the host's OS directories (the "image" base),
the Airflow venv and the Python it was made from at their own paths (the "image" Python), the directories the official image
ships (/opt/airflow, /home/airflow), the task's volumes at their container paths, /proc,
/dev and /sys, and the container's own /etc/hosts and /etc/passwd.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

# Host directories that make up the image's operating system.
OS_DIRS = ("bin", "etc", "lib", "lib32", "lib64", "libx32", "sbin", "usr")
KERNEL_DIRS = ("dev", "proc", "sys")


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True)


def bind(source: str, target: Path, read_only: bool) -> None:
    if Path(source).is_dir():
        target.mkdir(parents=True, exist_ok=True)
    elif not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    mount("--rbind", source, str(target))
    if read_only:
        mount("-o", "remount,bind,ro", str(target))


def build_root(spec: dict) -> Path:
    root = Path(spec["rootfs"])
    mount("--make-rprivate", "/")
    mount("-t", "tmpfs", "-o", "mode=0755", "container-root", str(root))
    for name in OS_DIRS:
        host = Path("/", name)
        if host.is_symlink():
            (root / name).symlink_to(os.readlink(host))
        elif host.is_dir():
            bind(str(host), root / name, read_only=True)
    for name in KERNEL_DIRS:
        bind(f"/{name}", root / name, read_only=False)
    for path, owner in spec["image_dirs"].items():
        directory = root / path.lstrip("/")
        directory.mkdir(parents=True, exist_ok=True)
        os.chown(directory, *owner)
    # Shallow mounts first, so a volume inside another volume's path lands on top of it.
    for volume in sorted(spec["mounts"], key=lambda item: item["containerPath"].count("/")):
        bind(volume["source"], root / volume["containerPath"].lstrip("/"), volume["readOnly"])
    # Last, so that a volume at /tmp cannot hide a venv that lives under /tmp on the host.
    for path in spec["image_python"]:
        bind(path, root / path.lstrip("/"), read_only=True)
    for path, source in spec["files"].items():
        bind(source, root / path.lstrip("/"), read_only=True)
    return root


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    root = build_root(spec)
    socket.sethostname(spec["hostname"])
    os.chroot(root)
    os.chdir(spec["working_directory"])
    uid, gid = spec["user"]
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    command = spec["command"]
    os.execvpe(command[0], command, os.environ)


if __name__ == "__main__":
    main(sys.argv[1])
