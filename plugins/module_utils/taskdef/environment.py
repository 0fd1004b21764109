# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plain environment variables and `secrets` entries of the Airflow container.

Nothing secret is ever rendered into `environment`: secrets only travel as `valueFrom`
references that ECS resolves when the task starts.
"""

from __future__ import annotations

import json

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import (
    ADMIN_EMAIL_ENV,
    ADMIN_USERNAME_ENV,
    FAB_AUTH_MANAGER,
    SECRETS_BACKEND_CLASS,
    SECRETS_BACKEND_COMPONENTS,
    secret_env_name,
    secrets_for,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.config_keys import env_name, env_value
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import value_from
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef import sso

S3_BUNDLE_CLASSPATH = "airflow.providers.amazon.aws.bundles.s3.S3DagBundle"
S3_BUNDLE_NAME = "dags"


def environment_entries(spec, major):
    """The sorted `environment` list: shared settings, then the component's, then airflow_config."""
    env = _shared(spec, major)
    env.update(_component(spec, major))
    env.update(_airflow_config(spec["airflow_config"]))
    return [{"name": name, "value": env[name]} for name in sorted(env)]


def secret_entries(spec, major):
    """The sorted `secrets` list: the references this component needs, and only those, then
    the extra secrets the caller gives it."""
    secrets = spec["secrets"]
    entries = [
        {"name": secret_env_name(name, major), "valueFrom": value_from(secrets[name])}
        for name in secrets_for(spec["component"], major)
    ]
    entries.extend({"name": name, "valueFrom": value_from(ref)} for name, ref in spec["extra_secrets"].items())
    if sso.is_enabled(spec):
        entries.append({"name": sso.CLIENT_SECRET_ENV, "valueFrom": value_from(spec["sso"]["client_secret_arn"])})
    return sorted(entries, key=lambda entry: entry["name"])


def _shared(spec, major):
    env = {
        "AIRFLOW_ENVIRONMENT": spec["environment"],
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CORE__DAGS_FOLDER": spec["dag_storage"]["container_path"],
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "True",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(spec["worker"]["log_server_port"]),
    }
    if major == 3:
        env["AIRFLOW__CORE__AUTH_MANAGER"] = FAB_AUTH_MANAGER
    if major == 3 and spec["component"] != "migrate":
        env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = spec["execution_api_server_url"]
    if spec["dag_storage"]["mode"] == "s3_bundle":
        env["AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST"] = _s3_bundle_config(spec["dag_storage"])
    env.update(_secrets_backend(spec))
    env.update(_remote_logging(spec))
    env.update(_statsd(spec["statsd"]))
    return env


def _component(spec, major):
    component, env = spec["component"], {}
    if component == "migrate":
        env[ADMIN_USERNAME_ENV] = spec["admin_user"]["username"]
        env[ADMIN_EMAIL_ENV] = spec["admin_user"]["email"]
    if component == "worker":
        env["AIRFLOW__CELERY__WORKER_CONCURRENCY"] = str(spec["worker"]["concurrency"])
        # dumb-init (the official image's PID 1 child) then signals only celery's main
        # process: a warm shutdown that lets running tasks finish.
        env["DUMB_INIT_SETSID"] = "0"
    if sso.is_enabled(spec):
        env.update(sso.environment(spec, major))
    if component == "api-server" and spec["api_base_url"] is not None:
        section = "API" if major == 3 else "WEBSERVER"
        env["AIRFLOW__%s__BASE_URL" % section] = spec["api_base_url"]
    if major == 2 and component in ("scheduler", "dag-processor"):
        env["AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR"] = "True"
    return env


def _s3_bundle_config(storage):
    bundle = {
        "name": S3_BUNDLE_NAME,
        "classpath": S3_BUNDLE_CLASSPATH,
        "kwargs": {
            "bucket_name": storage["s3_bucket"],
            "prefix": storage["s3_prefix"],
            "aws_conn_id": storage["aws_conn_id"],
        },
    }
    return json.dumps([bundle], sort_keys=True)


def _secrets_backend(spec):
    backend = spec["secrets_backend"]
    if not (backend["enabled"] and spec["component"] in SECRETS_BACKEND_COMPONENTS):
        return {}
    # config_prefix None: Airflow settings never come from Secrets Manager (the task
    # definition is the one place they are set).
    kwargs = {
        "connections_prefix": backend["connections_prefix"],
        "variables_prefix": backend["variables_prefix"],
        "config_prefix": None,
        "region_name": spec["region"],
    }
    return {
        "AIRFLOW__SECRETS__BACKEND": SECRETS_BACKEND_CLASS,
        "AIRFLOW__SECRETS__BACKEND_KWARGS": json.dumps(kwargs, sort_keys=True),
    }


def _remote_logging(spec):
    remote = spec["remote_logging"]
    if not remote["enabled"]:
        return {}
    folder = remote["base_log_folder"]
    if remote["destination"] == "cloudwatch":
        folder = "cloudwatch://" + log_group_arn(spec)
    return {
        "AIRFLOW__LOGGING__REMOTE_LOGGING": "True",
        "AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER": folder,
        "AIRFLOW__LOGGING__REMOTE_LOG_CONN_ID": remote["conn_id"],
    }


def log_group_arn(spec):
    """The ARN of the definition's log group: its partition and account are the execution role's
    (a task definition and its execution role live in one account)."""
    _arn, partition, _service, _region, account = spec["execution_role_arn"].split(":")[:5]
    return "arn:%s:logs:%s:%s:log-group:%s" % (partition, spec["region"], account, spec["log_group"])


def _statsd(statsd):
    if not statsd["enabled"]:
        return {}
    return {
        "AIRFLOW__METRICS__STATSD_ON": "True",
        "AIRFLOW__METRICS__STATSD_HOST": statsd["host"],
        "AIRFLOW__METRICS__STATSD_PORT": str(statsd["port"]),
        "AIRFLOW__METRICS__STATSD_PREFIX": statsd["prefix"],
    }


def _airflow_config(config):
    return {env_name(section, key): env_value(value) for section, keys in config.items() for key, value in keys.items()}
