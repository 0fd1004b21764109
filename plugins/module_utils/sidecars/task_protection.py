# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep a Celery worker's ECS task protected from scale-in while it runs task instances.

Runs as a sidecar container of the worker task (`python -c <this file>`, with the Airflow
image's Python and Celery). Every AIRFLOW_ECS_PROTECTION_POLL seconds (default 10) it asks
its worker, celery@<host name> (the containers of an awsvpc task share the host name), over
the broker for the task instances it runs or has reserved, and sets the task's scale-in
protection through the ECS agent (PUT $ECS_AGENT_URI/task-protection/v1/state):

* busy: protection on for AIRFLOW_ECS_PROTECTION_MINUTES, renewed when half of it is left;
* idle for AIRFLOW_ECS_PROTECTION_IDLE_POLLS polls in a row (default 2): protection off;
* no answer (a worker starting up or very busy): the protection stays as it is.

ECS stops only unprotected tasks when the service scales in and waits for old protected tasks
in a deployment, so a busy worker finishes its task instances. A protection that is never
switched off (the sidecar died) expires by itself. SIGTERM (the task is stopping) ends the loop
and leaves the protection alone: the worker's warm shutdown and stopTimeout take over.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time

from http.client import HTTPConnection
from urllib.parse import urlsplit


class AgentError(Exception):
    """The ECS agent refused or failed a protection change."""


class Protection:
    """When to switch protection on or off, given what each poll saw (pure)."""

    def __init__(self, minutes, idle_polls=2):
        self.minutes = minutes
        self.idle_polls = idle_polls
        self.enabled = False
        self.expires_at = 0.0
        self.idle = 0

    def decide(self, busy, now):
        """True to switch on (or renew), False to switch off, None to leave it; busy None = unknown."""
        if busy is None:
            return None
        if busy:
            self.idle = 0
            if not self.enabled or now >= self.expires_at - self.minutes * 30.0:
                return True
            return None
        self.idle += 1
        if self.enabled and self.idle >= self.idle_polls:
            return False
        return None

    def applied(self, enabled, now):
        """Record a change the agent accepted."""
        self.enabled = enabled
        self.expires_at = now + self.minutes * 60.0 if enabled else 0.0


def protection_request(enabled, minutes):
    body = {"ProtectionEnabled": bool(enabled)}
    if enabled:
        body["ExpiresInMinutes"] = int(minutes)
    return body


def set_protection(agent_uri, enabled, minutes, timeout=10):
    """PUT the protection state through the ECS agent; returns its `protection` document."""
    uri = urlsplit(agent_uri.rstrip("/") + "/task-protection/v1/state")
    connection = HTTPConnection(uri.hostname, uri.port or 80, timeout=timeout)
    try:
        connection.request("PUT", uri.path, body=json.dumps(protection_request(enabled, minutes)),
                           headers={"Content-Type": "application/json"})
        document = json.loads(connection.getresponse().read().decode() or "{}")
    except (OSError, ValueError) as error:
        raise AgentError("task protection request failed: %s" % error) from error
    finally:
        connection.close()
    if "protection" not in document:
        problem = document.get("failure") or document.get("error") or document
        raise AgentError("the ECS agent did not change the protection: %s" % json.dumps(problem, sort_keys=True))
    return document["protection"]


def is_busy(replies, worker):
    """Whether the worker has active or reserved task instances; None when it did not answer."""
    active, reserved = replies
    if active is None or worker not in active:
        return None
    return bool(active.get(worker)) or bool((reserved or {}).get(worker))


def settings(environ):
    """The sidecar's settings from its environment; raises ValueError naming a bad one."""
    if not environ.get("ECS_AGENT_URI"):
        raise ValueError("ECS_AGENT_URI is not set: the ECS agent (1.65 or newer) sets it in every container")
    if not environ.get("AIRFLOW__CELERY__BROKER_URL"):
        raise ValueError("AIRFLOW__CELERY__BROKER_URL is not set: the worker's broker secret belongs in this container too")
    result = {"agent_uri": environ["ECS_AGENT_URI"], "broker_url": environ["AIRFLOW__CELERY__BROKER_URL"]}
    for key, name, default in (("minutes", "AIRFLOW_ECS_PROTECTION_MINUTES", "60"), ("poll", "AIRFLOW_ECS_PROTECTION_POLL", "10"),
                               ("idle_polls", "AIRFLOW_ECS_PROTECTION_IDLE_POLLS", "2")):
        value = environ.get(name, default)
        if not value.isdigit() or int(value) < 1:
            raise ValueError("%s must be a whole number of at least 1, got %r" % (name, value))
        result[key] = int(value)
    if result["minutes"] > 2880:
        raise ValueError("AIRFLOW_ECS_PROTECTION_MINUTES must be at most 2880 (ECS's limit), got %d" % result["minutes"])
    return result


def log(line, stream=None):
    """One line to the container log (stdout, or stderr for problems)."""
    stream = stream or sys.stdout
    stream.write("task-protection: %s\n" % line)
    stream.flush()


def run(config, ask_worker, put_protection, stopping, clock=time.monotonic, report=log):
    """Poll until `stopping` is set. ask_worker() -> busy/None; put_protection(enabled) -> protection document;
    report(line) logs."""
    protection = Protection(config["minutes"], config["idle_polls"])
    while not stopping.is_set():
        try:
            busy = ask_worker()
        except Exception as error:  # pylint: disable=broad-exception-caught
            report("asking the worker failed: %s: %s" % (type(error).__name__, error))
            busy = None
        wanted = protection.decide(busy, clock())
        if wanted is not None:
            try:
                put_protection(wanted)
                protection.applied(wanted, clock())
                report("on for %d min (busy)" % config["minutes"] if wanted else "off (idle)")
            except AgentError as error:
                report(str(error))
        stopping.wait(config["poll"])
    return protection


def main():
    from celery import Celery  # pylint: disable=import-outside-toplevel

    try:
        config = settings(os.environ)
    except ValueError as error:
        log(str(error), sys.stderr)
        return 2
    # The worker names itself celery@%h, %h being this host name.
    worker = "celery@%s" % socket.gethostname()
    app = Celery("airflow-ecs-task-protection", broker=config["broker_url"])

    def ask_worker():
        inspect = app.control.inspect(destination=[worker], timeout=3)
        return is_busy((inspect.active(), inspect.reserved()), worker)

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stopping.set())
    log("watching %s" % worker)
    run(config, ask_worker, lambda enabled: set_protection(config["agent_uri"], enabled, config["minutes"]), stopping)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
