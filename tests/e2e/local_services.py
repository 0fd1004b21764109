"""What stands in for ElastiCache, RDS and the hosts' DAG mount: local processes on 127.0.0.1.

Each is started by pid and stopped by pid; nothing listens beyond loopback.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from aws_emulator import emulator_control

HOST = emulator_control.HOST
free_port = emulator_control.free_port


def _wait_for(predicate, timeout: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        if predicate():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class RedisServer:
    """redis-server with a password (the ElastiCache AUTH token's stand-in), no persistence."""

    port: int
    password: str
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@{HOST}:{self.port}/0"

    def command(self, *args: str) -> str:
        """One command over the Redis protocol; the reply's first line."""
        with socket.create_connection((HOST, self.port), timeout=5) as sock:
            request = [("AUTH", self.password), args]
            payload = b"".join(
                f"*{len(parts)}\r\n".encode() + b"".join(f"${len(p.encode())}\r\n{p}\r\n".encode() for p in parts)
                for parts in request
            )
            sock.sendall(payload)
            reply = b""
            while reply.count(b"\r\n") < 2:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        return reply.split(b"\r\n")[1].decode()

    @classmethod
    def start(cls, directory: Path) -> RedisServer:
        port, password = free_port(), secrets.token_urlsafe(24)
        log = directory / "redis.log"
        process = subprocess.Popen(
            ["redis-server", "--bind", HOST, "--port", str(port), "--requirepass", password, "--save", "",
             "--appendonly", "no", "--dir", str(directory), "--logfile", str(log)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        server = cls(port=port, password=password, process=process)
        log.touch()

        def answers() -> bool:
            try:
                return server.command("PING") == "+PONG"
            except OSError:
                return False

        _wait_for(answers, 30, "redis-server", process, log)
        return server

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class PostgresServer:
    """A throw-away PostgreSQL cluster (the RDS instance's stand-in) owned by the postgres user."""

    port: int
    password: str
    data_dir: Path
    process: subprocess.Popen
    user: str = "airflow"
    database: str = "airflow"

    @property
    def sql_alchemy_conn(self) -> str:
        return f"postgresql+psycopg2://{self.user}:{self.password}@{HOST}:{self.port}/{self.database}"

    @property
    def result_backend(self) -> str:
        return f"db+postgresql://{self.user}:{self.password}@{HOST}:{self.port}/{self.database}"

    def query(self, sql: str) -> list[list[str]]:
        """Rows of a query, as text columns (psql -At)."""
        result = subprocess.run(
            ["psql", "-h", HOST, "-p", str(self.port), "-U", self.user, "-d", self.database, "-At", "-F", "\t", "-c", sql],
            env=dict(os.environ, PGPASSWORD=self.password), capture_output=True, text=True, check=True, timeout=30,
        )
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    @classmethod
    def start(cls) -> PostgresServer:
        binaries = _postgres_binaries()
        port, password = free_port(), secrets.token_urlsafe(24)
        # initdb refuses to run as root, and the data must be reachable by the postgres user.
        owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        base = Path(tempfile.mkdtemp(prefix="airflow-ecs-e2e-postgres-"))
        os.chown(base, owner.pw_uid, owner.pw_gid)
        password_file = base / "password"
        password_file.write_text(password)
        os.chown(password_file, owner.pw_uid, owner.pw_gid)
        data_dir, log = base / "data", base / "postgres.log"
        run_as = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []} if os.geteuid() == 0 else {}
        subprocess.run(
            [str(binaries / "initdb"), "-D", str(data_dir), "-U", "airflow", "-A", "scram-sha-256",
             f"--pwfile={password_file}", "--no-sync"],
            check=True, capture_output=True, text=True, cwd=base, **run_as,
        )
        process = subprocess.Popen(
            [str(binaries / "postgres"), "-D", str(data_dir), "-p", str(port), "-k", str(base),
             "-c", f"listen_addresses={HOST}", "-c", "fsync=off", "-c", "max_connections=300"],
            stdin=subprocess.DEVNULL, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=base, **run_as,
        )
        server = cls(port=port, password=password, data_dir=data_dir, process=process)

        def accepts() -> bool:
            try:
                result = subprocess.run(
                    ["psql", "-h", HOST, "-p", str(port), "-U", "airflow", "-d", "postgres", "-c", "create database airflow"],
                    env=dict(os.environ, PGPASSWORD=password), capture_output=True, text=True, timeout=10, check=False,
                )
                return result.returncode == 0
            except subprocess.TimeoutExpired:
                return False

        _wait_for(accepts, 60, "postgres", process, log)
        return server

    def stop(self) -> None:
        _stop(self.process)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def _postgres_binaries() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql: `make e2e` installs postgresql")
    return versions[-1].parent


# The hosts' fstab line: "<bucket>:/<prefix> <mount path> fuse.s3fs <options> 0 0"
_FSTAB = re.compile(r"echo '(?P<source>\S+) (?P<path>\S+) fuse\.s3fs (?P<options>\S+) 0 0' >> /etc/fstab")


@dataclass
class DagMount:
    """The DAG bucket mounted with s3fs the way the hosts' user data mounts it."""

    source: str
    host_path: str
    directory: Path
    process: subprocess.Popen

    @staticmethod
    def parse_user_data(user_data: str) -> tuple[str, str, list[str]]:
        """(bucket:/prefix, mount path, s3fs options) of the fstab line in the hosts' user data."""
        match = _FSTAB.search(user_data)
        if match is None:
            raise RuntimeError("the hosts' user data has no s3fs line for /etc/fstab")
        return match["source"], match["path"], match["options"].split(",")

    @classmethod
    def mount(cls, user_data: str, host_root: Path, endpoint_url: str, access_key: str, secret_key: str) -> DagMount:
        """Mount as the user data does, with three substitutions for the emulator: the emulator's
        URL for AWS's, a password file with its keys for the instance role (iam_role=auto), and
        path-style requests (the emulator serves no bucket host names). _netdev only tells
        mount(8) to wait for the network, so it is dropped."""
        source, host_path, options = cls.parse_user_data(user_data)
        kept = [o for o in options if o != "_netdev" and not o.startswith(("iam_role=", "url="))]
        directory = host_root / host_path.lstrip("/")
        directory.mkdir(parents=True, exist_ok=True)
        password_file = host_root / "s3fs-passwd"
        password_file.write_text(f"{access_key}:{secret_key}\n")
        password_file.chmod(0o600)
        kept += [f"url={endpoint_url}", "use_path_request_style", f"passwd_file={password_file}"]
        log = host_root / "s3fs.log"
        process = subprocess.Popen(
            ["s3fs", source, str(directory), "-f", "-o", ",".join(kept)],
            stdin=subprocess.DEVNULL, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )
        _wait_for(lambda: os.path.ismount(directory), 30, "s3fs", process, log)
        return cls(source=source, host_path=host_path, directory=directory, process=process)

    def unmount(self) -> None:
        subprocess.run(["umount", str(self.directory)], check=False, capture_output=True)
        _stop(self.process)
