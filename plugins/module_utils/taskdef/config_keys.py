# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`airflow_config`: extra [section] key = value settings, rendered as AIRFLOW__SECTION__KEY.

Refused: keys that carry secrets (they would sit in plain text in the task definition,
readable by anyone who can describe it) and keys another input already sets (two places
to set one thing drift apart; the message names the input to use).
"""

from __future__ import annotations

import re

_NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")

SECRET_KEYS = {
    ("core", "fernet_key"): "secrets.fernet_key",
    ("database", "sql_alchemy_conn"): "secrets.sql_alchemy_conn",
    ("celery", "broker_url"): "secrets.broker_url",
    ("celery", "result_backend"): "secrets.result_backend",
    ("api_auth", "jwt_secret"): "secrets.jwt_secret",
    ("api", "secret_key"): "secrets.api_secret_key",
    ("webserver", "secret_key"): "secrets.api_secret_key",
}
_SECRET_SUFFIXES = ("_secret", "_password", "password", "_conn", "_secret_key", "_token")
# Airflow reads `<key>_cmd` and `<key>_secret` variants of a key: they name the same secret.
_VARIANT_SUFFIXES = ("_cmd", "_secret")

MANAGED_KEYS = {
    ("core", "executor"): "fixed to CeleryExecutor by this collection",
    ("core", "dags_folder"): "set from dag_storage.container_path",
    ("core", "execution_api_server_url"): "set from execution_api_server_url",
    ("core", "load_examples"): "always False in a deployed environment",
    ("core", "auth_manager"): "the FAB auth manager: its users live in the metadata database, shared by every api-server task",
    ("celery", "worker_concurrency"): "set from worker.concurrency (the worker memory floor depends on it)",
    ("logging", "worker_log_server_port"): "set from worker.log_server_port (the port mapping depends on it)",
    ("logging", "remote_logging"): "set from remote_logging.enabled",
    ("logging", "remote_base_log_folder"): "set from remote_logging.destination (and base_log_folder for s3)",
    ("logging", "remote_log_conn_id"): "set from remote_logging.conn_id",
    ("metrics", "statsd_on"): "set from statsd.enabled",
    ("metrics", "statsd_host"): "set from statsd.host",
    ("metrics", "statsd_port"): "set from statsd.port",
    ("metrics", "statsd_prefix"): "set from statsd.prefix",
    ("scheduler", "enable_health_check"): "always True: the scheduler health check needs it",
    ("scheduler", "standalone_dag_processor"): "always True on Airflow 2: the dag-processor component needs it",
    ("dag_processor", "dag_bundle_config_list"): "set from dag_storage (mode s3_bundle)",
    ("api", "base_url"): "set from api_base_url",
    ("secrets", "backend"): "set from secrets_backend (turn it off to configure another backend here)",
    ("secrets", "backend_kwargs"): "set from secrets_backend (turn it off to configure another backend here)",
    ("webserver", "base_url"): "set from api_base_url",
}


def env_name(section, key):
    return "AIRFLOW__%s__%s" % (section.upper(), key.upper())


def env_value(value):
    """Airflow reads booleans as True/False; everything else as its text."""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


# What a caller may set once secrets_backend is off.
SECRETS_BACKEND_KEYS = (("secrets", "backend"), ("secrets", "backend_kwargs"))

# Environment variables the collection sets itself beside AIRFLOW__<section>__<key> ones.
_OWN_VARIABLES = ("AIRFLOW_ENVIRONMENT", "DUMB_INIT_SETSID", "HOSTNAME")


def reserved_variable(name):
    """Why an extra environment variable may not have this name, or ''."""
    if name.startswith("AIRFLOW_ECS_") or name in _OWN_VARIABLES:
        return "the collection sets it"
    for section, key in list(SECRET_KEYS) + list(MANAGED_KEYS):
        if name == env_name(section, key):
            return "the collection sets it (%s.%s)" % (section, key)
    return ""


def airflow_config_errors(config, secrets_backend_managed=True):
    errors = []
    for section in sorted(config, key=str):
        keys = config[section]
        if not (isinstance(section, str) and _NAME.match(section)):
            errors.append("airflow_config: section %r must be lowercase letters, digits and _ (e.g. core)" % (section,))
        elif not isinstance(keys, dict):
            errors.append("airflow_config.%s must be a dict of key: value" % section)
        else:
            errors.extend(_key_error(section, key, keys[key], secrets_backend_managed) for key in sorted(keys, key=str))
    return [error for error in errors if error]


def _key_error(section, key, value, secrets_backend_managed):
    field = "airflow_config.%s.%s" % (section, key) if isinstance(key, str) else "airflow_config.%s" % section
    if not (isinstance(key, str) and _NAME.match(key)):
        return "%s: key %r must be lowercase letters, digits and _ (e.g. load_examples)" % (field, key)
    secret_input = _secret_input(section, key)
    if secret_input:
        return "%s goes through secrets: %s" % (field, secret_input)
    if (section, key) in MANAGED_KEYS and (secrets_backend_managed or (section, key) not in SECRETS_BACKEND_KEYS):
        return "%s is managed by the collection: %s" % (field, MANAGED_KEYS[(section, key)])
    if not isinstance(value, (str, int, float, bool)):
        return "%s must be a string, number or boolean" % field
    return ""


def _secret_input(section, key):
    """What to use instead when section.key carries a secret, else ''."""
    bases = [key] + [key[: -len(suffix)] for suffix in _VARIANT_SUFFIXES if key.endswith(suffix)]
    for base in bases:
        if (section, base) in SECRET_KEYS:
            return "pass %s (an ARN) instead" % SECRET_KEYS[(section, base)]
    if key.endswith(_SECRET_SUFFIXES):
        return (
            "a password, secret, token or connection string must not be plain text in the task definition; "
            "store it in Secrets Manager and pass extra_secrets: {%s: <secret ARN>}" % env_name(section, key)
        )
    return ""
