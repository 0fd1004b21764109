# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of airflow_ecs.deploy.airflow_task_definition, declared once.

OPTIONS maps each option to its declaration, in the words of an Ansible argument spec:
`type`, `default`, `choices`, `required`, `no_log`, and for the dict groups `suboptions`
(an option table of the same shape). Two keys are this table's own:

* `computed`: the option has no fixed default; when left out, defaults.apply_defaults
  computes it (the text says from what).
* `module_option: False`: not an option of the module's argument spec (`region`, which the
  module takes from its AWS connection settings: the log group is in the region the
  definition is registered in).

What derives from it: the module's argument spec (argument_spec), the defaults and the
known option names (defaults.py), the choices the checks accept (validate.py), and the
conversions of the task_definition_errors filter (typed_paths). The module's DOCUMENTATION
stays a literal for ansible-doc; tests/unit/taskdef/test_taskdef_options.py compares it with
this table.

The order matters: it is the order of the known options in messages.
"""

from __future__ import annotations

import copy

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import AIRFLOW_VERSION

DEFAULT_GIT_IMAGE = "alpine/git:2.47.2"

OPTIONS = {
    "environment": {"type": "str", "required": True},
    "component": {"type": "str", "required": True, "choices": list(COMPONENTS)},
    "airflow_version": {"type": "str", "default": AIRFLOW_VERSION},
    "image": {"type": "str"},
    "family": {"type": "str", "computed": "<environment>-airflow-<component>"},
    "launch_type": {"type": "str", "choices": ["EC2", "FARGATE"], "default": "EC2"},
    "network_mode": {"type": "str", "choices": ["awsvpc", "bridge"], "default": "awsvpc"},
    "cpu": {"type": "int", "computed": "per component"},
    "memory": {"type": "int", "computed": "per component, worker.concurrency and launch_type"},
    "execution_role_arn": {"type": "str"},
    "task_role_arn": {"type": "str"},
    "log_group": {"type": "str"},
    "region": {"type": "str", "module_option": False},
    "log_stream_prefix": {"type": "str", "computed": "the component"},
    "read_only_root_filesystem": {"type": "bool", "default": True},
    # References (ARNs), not values: nothing here is secret.
    "secrets": {"type": "dict", "default": {}, "no_log": False},
    "extra_secrets": {"type": "dict", "default": {}, "no_log": False},
    "execution_api_server_url": {"type": "str"},
    "api_base_url": {"type": "str"},
    "airflow_config": {"type": "dict", "default": {}},
    "tags": {"type": "dict", "default": {}},
    "dag_storage": {
        "type": "dict",
        "default": {},
        "suboptions": {
            "mode": {"type": "str", "choices": ["s3fs", "efs", "git", "image", "s3_bundle"], "default": "s3fs"},
            "container_path": {"type": "str", "default": "/opt/airflow/dags"},
            "host_path": {"type": "str", "default": "/mnt/airflow-dags"},
            "efs_file_system_id": {"type": "str"},
            "efs_access_point_id": {"type": "str"},
            "git_repository": {"type": "str"},
            "git_ref": {"type": "str", "default": "main"},
            "git_image": {"type": "str", "default": DEFAULT_GIT_IMAGE},
            "s3_bucket": {"type": "str"},
            "s3_prefix": {"type": "str", "default": ""},
            "aws_conn_id": {"type": "str", "default": "aws_default"},
        },
    },
    "worker": {
        "type": "dict",
        "default": {},
        "suboptions": {
            "concurrency": {"type": "int", "default": 8},
            "log_server_port": {"type": "int", "default": 8793},
            "longest_task_seconds": {"type": "int", "default": 600},
            "stop_timeout_margin_seconds": {"type": "int", "default": 30},
        },
    },
    # Name prefixes, not secrets.
    "secrets_backend": {
        "type": "dict",
        "default": {},
        "no_log": False,
        "suboptions": {
            "enabled": {"type": "bool", "default": True},
            "connections_prefix": {"type": "str", "computed": "airflow-ecs/<environment>/connections"},
            "variables_prefix": {"type": "str", "computed": "airflow-ecs/<environment>/variables"},
        },
    },
    "admin_user": {
        "type": "dict",
        "default": {},
        "suboptions": {
            "username": {"type": "str", "default": "admin"},
            "email": {"type": "str", "default": "admin@example.invalid"},
        },
    },
    # The client secret is a reference (an ARN), not the secret.
    "sso": {
        "type": "dict",
        "default": {},
        "no_log": False,
        "suboptions": {
            "enabled": {"type": "bool", "default": False},
            "provider": {"type": "str"},
            "client_id": {"type": "str"},
            "client_secret_arn": {"type": "str", "no_log": False},
            "server_metadata_url": {"type": "str"},
            "scope": {"type": "str", "default": "openid email profile"},
            "username_claim": {"type": "str", "default": "email"},
            "roles_claim": {"type": "str", "default": "groups"},
            "roles_mapping": {"type": "dict", "default": {}},
            "default_role": {"type": "str", "default": "Public"},
        },
    },
    "remote_logging": {
        "type": "dict",
        "default": {},
        "suboptions": {
            "enabled": {"type": "bool", "default": True},
            "destination": {"type": "str", "choices": ["cloudwatch", "s3"], "default": "cloudwatch"},
            "base_log_folder": {"type": "str"},
            "conn_id": {"type": "str", "default": "aws_default"},
        },
    },
    "statsd": {
        "type": "dict",
        "default": {},
        "suboptions": {
            "enabled": {"type": "bool", "default": False},
            "host": {"type": "str"},
            "port": {"type": "int", "default": 8125},
            "prefix": {"type": "str", "default": "airflow"},
        },
    },
    "scaling": {
        "type": "dict",
        "default": {},
        "suboptions": {
            "enabled": {"type": "bool", "default": False},
            "metric_namespace": {"type": "str", "default": "AirflowECS"},
            "metric_interval_seconds": {"type": "int", "default": 30},
            "celery_queue": {"type": "str", "default": "default"},
            "protection_minutes": {"type": "int", "computed": "from worker.longest_task_seconds"},
            "protection_poll_seconds": {"type": "int", "default": 10},
        },
    },
}

# Keys of a declaration that an Ansible argument spec takes as they are.
_ARGUMENT_SPEC_KEYS = ("type", "required", "choices", "default", "no_log")


def groups():
    """The dict options with sub-options, in table order: {group: its option table}."""
    return {name: option["suboptions"] for name, option in OPTIONS.items() if "suboptions" in option}


def choices_of(path):
    """The choices of an option, by dotted path (`launch_type`, `dag_storage.mode`)."""
    return list(_declaration(path)["choices"])


def typed_paths(kind):
    """Dotted paths of every option of an argument spec type (`int`, `bool`, ...)."""
    paths = {name for name, option in OPTIONS.items() if option["type"] == kind}
    for group, table in groups().items():
        paths.update("%s.%s" % (group, key) for key, option in table.items() if option["type"] == kind)
    return paths


def argument_spec():
    """The module's argument spec of these options (state and the AWS options are the module's)."""
    return {name: _argument(option) for name, option in OPTIONS.items() if option.get("module_option", True)}


def _argument(option):
    argument = {key: copy.deepcopy(option[key]) for key in _ARGUMENT_SPEC_KEYS if key in option}
    if "suboptions" in option:
        argument["options"] = {key: _argument(sub) for key, sub in option["suboptions"].items()}
        argument["apply_defaults"] = True
    return argument


def _declaration(path):
    if "." in path:
        group, key = path.split(".", 1)
        return OPTIONS[group]["suboptions"][key]
    return OPTIONS[path]
