# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each Airflow component needs, per Airflow major version (facts, no logic).

Sources: Airflow's commands, configuration reference and health endpoints (3.x and 2.10+),
and the memory of each component's process tree, measured (SIZING and MEASURED_ON below).
The end-to-end tests run these commands and health checks on a real Airflow (docs/e2e.md).

Secret decisions (the value of a shared secret matters more than who holds it: every
container that holds one holds the same ARN, so the same value):

* jwt_secret goes to api-server (validates tokens), scheduler (signs them for the
  workloads it queues) and also to dag-processor and triggerer. Those two run the
  Execution API in-process for callbacks and triggers; they already hold the database
  connection, so the JWT secret grants them nothing new, and giving it to them stops an
  Airflow process from ever inventing its own random jwt_secret.
* The Celery worker does NOT get jwt_secret on Airflow 3: it runs DAG code, which could
  then mint Execution API tokens for any task. It only presents the tokens that the
  scheduler signed. It gets api_secret_key, which signs its log server's requests.
* On Airflow 2 there is no Execution API: workers and the triggerer reach the database
  directly (sql_alchemy_conn + fernet_key) and api_secret_key is rendered as
  [webserver] secret_key, shared by the webserver and the log servers it reads from.
* admin_password goes to the one-off migrate task only, which creates or updates the
  admin user right after the migration. It already holds the database connection, so
  the password grants it nothing new; no long-running container holds it.
"""

from __future__ import annotations

# The admin user the migrate task keeps: its name and e-mail as plain variables, the
# password as a secret, read by the script below (never on the command line of the definition).
ADMIN_USERNAME_ENV = "AIRFLOW_ECS_ADMIN_USERNAME"
ADMIN_EMAIL_ENV = "AIRFLOW_ECS_ADMIN_EMAIL"
ADMIN_PASSWORD_ENV = "AIRFLOW_ECS_ADMIN_PASSWORD"

# Airflow 3's default, SimpleAuthManager, is for development: it invents a password per
# process. FAB keeps users in the metadata database, shared by every api-server task.
# Airflow 2.10's default is this manager already (from airflow.providers.fab).
FAB_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"

# Connections and variables from Secrets Manager (the amazon provider's backend), read by the
# components that run DAG code or serve it: not by migrate or flower. A worker falls back to
# [secrets] backend when [workers] secrets_backend is unset (Airflow 3's task SDK).
SECRETS_BACKEND_CLASS = "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend"
SECRETS_BACKEND_COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer", "worker")

COMPONENTS = ("migrate", "api-server", "scheduler", "dag-processor", "triggerer", "worker", "flower")

# Logical secret name -> environment variable, per Airflow major version.
SECRET_ENV = {
    3: {
        "fernet_key": "AIRFLOW__CORE__FERNET_KEY",
        "jwt_secret": "AIRFLOW__API_AUTH__JWT_SECRET",
        "api_secret_key": "AIRFLOW__API__SECRET_KEY",
        "sql_alchemy_conn": "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "broker_url": "AIRFLOW__CELERY__BROKER_URL",
        "result_backend": "AIRFLOW__CELERY__RESULT_BACKEND",
        "admin_password": ADMIN_PASSWORD_ENV,
    },
    2: {
        "fernet_key": "AIRFLOW__CORE__FERNET_KEY",
        "api_secret_key": "AIRFLOW__WEBSERVER__SECRET_KEY",
        "sql_alchemy_conn": "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "broker_url": "AIRFLOW__CELERY__BROKER_URL",
        "result_backend": "AIRFLOW__CELERY__RESULT_BACKEND",
        "admin_password": ADMIN_PASSWORD_ENV,
    },
}

SECRET_NAMES = (
    "fernet_key",
    "jwt_secret",
    "api_secret_key",
    "sql_alchemy_conn",
    "broker_url",
    "result_backend",
    "admin_password",
)

_SECRETS = {
    3: {
        "migrate": ("sql_alchemy_conn", "fernet_key", "admin_password"),
        "api-server": ("sql_alchemy_conn", "fernet_key", "jwt_secret", "api_secret_key"),
        "scheduler": ("sql_alchemy_conn", "fernet_key", "jwt_secret", "broker_url", "result_backend"),
        "dag-processor": ("sql_alchemy_conn", "fernet_key", "jwt_secret"),
        "triggerer": ("sql_alchemy_conn", "fernet_key", "jwt_secret", "api_secret_key"),
        "worker": ("broker_url", "result_backend", "api_secret_key"),
        "flower": ("broker_url", "result_backend"),
    },
    2: {
        "migrate": ("sql_alchemy_conn", "fernet_key", "admin_password"),
        "api-server": ("sql_alchemy_conn", "fernet_key", "api_secret_key"),
        "scheduler": ("sql_alchemy_conn", "fernet_key", "broker_url", "result_backend"),
        "dag-processor": ("sql_alchemy_conn", "fernet_key"),
        "triggerer": ("sql_alchemy_conn", "fernet_key", "api_secret_key"),
        "worker": ("sql_alchemy_conn", "fernet_key", "broker_url", "result_backend", "api_secret_key"),
        "flower": ("broker_url", "result_backend"),
    },
}

# Migrate, then keep the admin user: reset its password, or create it when reset-password
# finds no such user. Both steps are idempotent; the first failure is the task's exit code.
# The FAB CLI (`airflow users`) is the same on Airflow 2.10 and 3.
_MIGRATE_SCRIPT = (
    "airflow db migrate && "
    '{ airflow users reset-password --username "$AIRFLOW_ECS_ADMIN_USERNAME" --password "$AIRFLOW_ECS_ADMIN_PASSWORD" '
    '|| airflow users create --username "$AIRFLOW_ECS_ADMIN_USERNAME" --password "$AIRFLOW_ECS_ADMIN_PASSWORD" '
    '--email "$AIRFLOW_ECS_ADMIN_EMAIL" --role Admin --firstname Airflow --lastname Admin; }'
)

_COMMANDS = {
    3: {
        "migrate": ["bash", "-c", _MIGRATE_SCRIPT],
        "api-server": ["airflow", "api-server"],
        "scheduler": ["airflow", "scheduler"],
        "dag-processor": ["airflow", "dag-processor"],
        "triggerer": ["airflow", "triggerer"],
        "worker": ["airflow", "celery", "worker"],
        "flower": ["airflow", "celery", "flower"],
    },
}
_COMMANDS[2] = dict(_COMMANDS[3], **{"api-server": ["airflow", "webserver"]})

_CELERY_APP = "airflow.providers.celery.executors.celery_executor.app"

# /monitor/health answers 200 even when parts are down; /api/v2/version only answers when
# the API can serve requests.
_HEALTH_COMMANDS = {
    3: {
        "api-server": "curl --fail --silent http://localhost:8080/api/v2/version",
        "scheduler": "curl --fail --silent http://localhost:8974/health",
        "dag-processor": "airflow jobs check --job-type DagProcessorJob --local",
        "triggerer": "airflow jobs check --job-type TriggererJob --local",
        "worker": "celery --app %s inspect ping -d celery@$HOSTNAME" % _CELERY_APP,
        "flower": "curl --fail --silent http://localhost:5555/healthcheck",
    },
}
_HEALTH_COMMANDS[2] = dict(_HEALTH_COMMANDS[3], **{"api-server": "curl --fail --silent http://localhost:8080/health"})

# Health check timing. Failed checks during startPeriod do not count; cold start to healthy
# was 20-30 s on 2 cores and the default sizes give 0.5-1 vCPU. A curl check costs next to
# nothing. A check that starts Airflow's CLI or the Celery app costs ~6.5 CPU-s (measured
# with Airflow 3.3.2, idle host) and took over 15 s with 4 busy processes on 2 cores; on a
# 0.5 vCPU task it takes 13 s before any contention. Those get a 45 s timeout, and run every
# 60 s so they cost a 512-unit task ~20 % of its CPU, not 40 %.
_HTTP_CHECK_TIMING = {"interval": 30, "timeout": 15, "retries": 5, "startPeriod": 90}
_PROCESS_CHECK_TIMING = {"interval": 60, "timeout": 45, "retries": 5, "startPeriod": 90}
# The api-server syncs the FAB auth manager's roles and permissions with the metadata database
# before it listens: on a busy host (CI's 2 cores with every suite running) that took over 4
# minutes, and ECS would have stopped the task at 90 + 5 x 30 s. It gets ECS's longest start period.
_SLOW_START = {"api-server": {"startPeriod": 300}}

# Container ports: (port name, port). The worker's port comes from worker.log_server_port.
_PORTS = {
    "api-server": ("api-server", 8080),
    "scheduler": ("scheduler-health", 8974),
    "flower": ("flower", 5555),
    "worker": ("worker-logs", None),
}

# The release the memory figures were measured on. It is not the collection's pin
# (release.py): moving the pin does not re-measure.
MEASURED_ON = "Airflow 3.3.2"

# Memory in MiB, cpu in ECS units. "measured" is what the floor comes from (PSS of the
# process tree, MEASURED_ON); floors sit about 1.4x above it, defaults leave headroom.
SIZING = {
    "migrate": {
        "cpu": 512,
        "memory": 1024,
        "floor": 256,
        "measured": "not measured separately; sized like a one-off Airflow CLI process (~160 MB PSS)",
    },
    "api-server": {"cpu": 512, "memory": 1024, "floor": 384, "measured": "measured ~270 MB PSS with %s" % MEASURED_ON},
    "scheduler": {"cpu": 512, "memory": 1024, "floor": 256, "measured": "measured ~160 MB PSS with %s" % MEASURED_ON},
    "dag-processor": {"cpu": 512, "memory": 1024, "floor": 256, "measured": "measured ~160 MB PSS with %s" % MEASURED_ON},
    "triggerer": {"cpu": 512, "memory": 1024, "floor": 384, "measured": "measured ~250 MB PSS with %s" % MEASURED_ON},
    "worker": {
        "cpu": 1024,
        "memory": None,
        "floor": None,
        "measured": "measured with %s: ~400 MB PSS idle plus ~60 MB per running task slot" % MEASURED_ON,
    },
    "flower": {
        "cpu": 256,
        "memory": 512,
        "floor": 256,
        "measured": "not measured separately; sized like a small Airflow CLI process (~160 MB PSS)",
    },
}
WORKER_IDLE_MB = 400
WORKER_PER_SLOT_MB = 60


def major_of(version):
    """Airflow major version (2 or 3) of a version string already validated."""
    return int(str(version).split(".", 1)[0])


def secrets_for(component, major):
    return _SECRETS[major][component]


def secret_env_name(secret, major):
    return SECRET_ENV[major][secret]


def command_for(component, major):
    return list(_COMMANDS[major][component])


def health_check_for(component, major):
    """The container's healthCheck (CMD-SHELL), or None for the one-off migrate task."""
    command = _HEALTH_COMMANDS[major].get(component)
    if command is None:
        return None
    timing = dict(_HTTP_CHECK_TIMING if command.startswith("curl ") else _PROCESS_CHECK_TIMING, **_SLOW_START.get(component, {}))
    return dict(timing, command=["CMD-SHELL", command])


def is_long_running(component):
    return component != "migrate"


def port_for(component, worker_log_server_port):
    """(port name, container port) of the component, or None when it listens on nothing."""
    if component not in _PORTS:
        return None
    name, port = _PORTS[component]
    if component == "worker":
        port = worker_log_server_port
    return name, port
