"""A local stand-in for the ECS agent's task scale-in protection endpoint.

Each task of the stand-in gets ECS_AGENT_URI=http://127.0.0.1:<port>/api/<task id>, and
`<ECS_AGENT_URI>/task-protection/v1/state` answers like the agent's:

* PUT {"ProtectionEnabled": bool, "ExpiresInMinutes": 1-2880 (optional, 120 by default)}
  sets the task's protection; GET reads it;
* 200 {"protection": {"ExpirationDate": ISO 8601 or null, "ProtectionEnabled": bool,
  "TaskArn": ...}}, or 400 {"error": {"Code": "InvalidParameterException", "Message": ...}}
  for a bad request; an expired protection reads as off.

Every accepted PUT is kept in the task's history, so the tests can tell when a task was
protected and for how long. `refuse(task_id, reason)` makes the task's next PUTs answer
200 {"failure": {"Arn": ..., "Reason": reason}}, as the agent does when ECS refuses a change.
Used by the end-to-end stand-in (tests/e2e) and the sidecar's unit tests.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from json_http import send_json

TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/airflow-local/{task_id}"
DEFAULT_EXPIRES_IN_MINUTES = 120
MAX_EXPIRES_IN_MINUTES = 2880
STATE_PATH = "/task-protection/v1/state"


@dataclass
class ProtectionChange:
    """One accepted PUT: when, what it set, and for how many minutes (None when switched off)."""

    time: float
    enabled: bool
    expires_in_minutes: int | None


@dataclass
class TaskProtection:
    """The scale-in protection of one task, as the agent holds it."""

    task_id: str
    enabled: bool = False
    expires_at: float | None = None
    history: list[ProtectionChange] = field(default_factory=list)
    refusal: str | None = None

    def active(self, now: float | None = None) -> bool:
        """Protected now: switched on and not expired."""
        now = time.time() if now is None else now
        return self.enabled and (self.expires_at is None or now < self.expires_at)

    def document(self, now: float) -> dict:
        active = self.active(now)
        expiration = None
        if active and self.expires_at is not None:
            expiration = datetime.datetime.fromtimestamp(self.expires_at, datetime.timezone.utc).isoformat()
        return {"ExpirationDate": expiration, "ProtectionEnabled": active, "TaskArn": TASK_ARN.format(task_id=self.task_id)}


class BadRequest(ValueError):
    """The request breaks the agent's API: answered with 400 InvalidParameterException."""


def parse_request(body: bytes) -> tuple[bool, int | None]:
    """(enabled, minutes or None) of a PUT body; raises BadRequest."""
    try:
        document = json.loads(body.decode() or "null")
    except ValueError as error:
        raise BadRequest(f"the request body is not JSON: {error}") from error
    if not isinstance(document, dict):
        raise BadRequest("the request body must be a JSON object")
    enabled = document.get("ProtectionEnabled")
    if not isinstance(enabled, bool):
        raise BadRequest("ProtectionEnabled is required and must be true or false")
    minutes = document.get("ExpiresInMinutes")
    if minutes is not None and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_EXPIRES_IN_MINUTES
    ):
        raise BadRequest(f"ExpiresInMinutes must be a whole number from 1 to {MAX_EXPIRES_IN_MINUTES}, got {minutes!r}")
    return enabled, minutes


def apply_request(protection: TaskProtection, body: bytes, now: float) -> dict:
    """Handle a PUT on the task's protection; returns the answer document or raises BadRequest."""
    enabled, minutes = parse_request(body)
    if enabled:
        minutes = DEFAULT_EXPIRES_IN_MINUTES if minutes is None else minutes
        protection.expires_at = now + minutes * 60
    else:
        minutes = None
        protection.expires_at = None
    protection.enabled = enabled
    protection.history.append(ProtectionChange(time=now, enabled=enabled, expires_in_minutes=minutes))
    return {"protection": protection.document(now)}


class FakeEcsAgent:
    """The endpoint for every task of one stand-in host, on a free port of 127.0.0.1."""

    def __init__(self):
        self.tasks: dict[str, TaskProtection] = {}
        self.lock = threading.Lock()
        agent = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                agent.handle(self, body=None)

            def do_PUT(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                agent.handle(self, body=self.rfile.read(length))

            def log_message(self, format, *args):  # noqa: A002 - quiet; the history is the record
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-ecs-agent", daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def uri(self, task_id: str) -> str:
        """The ECS_AGENT_URI of a task's containers."""
        with self.lock:
            self.tasks.setdefault(task_id, TaskProtection(task_id))
        return f"http://127.0.0.1:{self.port}/api/{task_id}"

    def protection(self, task_id: str) -> TaskProtection:
        with self.lock:
            return self.tasks.setdefault(task_id, TaskProtection(task_id))

    def refuse(self, task_id: str, reason: str | None) -> None:
        """Answer the task's PUTs with a failure (None: accept them again)."""
        with self.lock:
            self.tasks.setdefault(task_id, TaskProtection(task_id)).refusal = reason

    def protected(self, task_id: str) -> bool:
        with self.lock:
            return task_id in self.tasks and self.tasks[task_id].active()

    def handle(self, request: BaseHTTPRequestHandler, body: bytes | None) -> None:
        prefix, _api, rest = request.path.partition("/api/")
        task_id, _slash, path = rest.partition("/")
        with self.lock:
            protection = self.tasks.get(task_id)
            if prefix or protection is None or "/" + path != STATE_PATH:
                status, answer = 404, {"error": {"Code": "ResourceNotFoundException", "Message": f"no such path {request.path}"}}
            elif body is None:
                status, answer = 200, {"protection": protection.document(time.time())}
            elif protection.refusal:
                status, answer = 200, {"failure": {"Arn": TASK_ARN.format(task_id=task_id), "Reason": protection.refusal}}
            else:
                try:
                    status, answer = 200, apply_request(protection, body, time.time())
                except BadRequest as error:
                    status, answer = 400, {"error": {"Code": "InvalidParameterException", "Message": str(error)}}
        send_json(request, status, answer)

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
