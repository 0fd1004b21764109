# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: host_user_data
short_description: The EC2 user data of one tier of the environment's ECS hosts
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - A bash script that mounts the DAG bucket read-only (Mountpoint for Amazon S3 through a systemd
    service, or s3fs from C(/etc/fstab)), checks the mount, and only then writes C(/etc/ecs/ecs.config)
    with the cluster and the tier.
  - Any failing step masks C(ecs.service) and exits non-zero, so the host never joins the cluster
    without its DAGs; a drop-in makes C(ecs.service) require the mount on every later boot.
  - Rendered in Python (C(module_utils/host_user_data.py)) so the unit tests can run the script
    against stand-ins of dnf, mount-s3 and systemctl.
options:
  _input:
    description:
      - C(environment), C(cluster_name), C(tier), C(stop_timeout), C(dag_bucket), C(dag_prefix),
        C(dag_mount_path), C(region), C(mount_client) (C(mount-s3) or C(s3fs)), C(install_command)
        (empty for the client's C(dnf install)) and C(metadata_ttl) (seconds, mount-s3 only).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Render the worker hosts' user data
  ansible.builtin.set_fact:
    user_data: >-
      {{ {'environment': 'prod', 'cluster_name': 'airflow-prod', 'tier': 'worker', 'stop_timeout': 630,
          'dag_bucket': 'airflow-ecs-prod-dags-123456789012', 'dag_prefix': 'dags/', 'dag_mount_path': '/mnt/airflow-dags',
          'region': 'eu-west-1', 'mount_client': 'mount-s3', 'install_command': '', 'metadata_ttl': 60}
         | airflow_ecs.deploy.host_user_data }}
"""

RETURN = r"""
_value:
  description: The user data script (not base64-encoded).
  type: str
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import host_user_data as rendering

_KEYS = ("environment", "cluster_name", "tier", "stop_timeout", "dag_bucket", "dag_prefix", "dag_mount_path", "region",
         "mount_client", "install_command", "metadata_ttl")


def host_user_data(settings):
    if not isinstance(settings, Mapping) or any(key not in settings for key in _KEYS):
        raise AnsibleFilterError("host_user_data: the settings must be a dict with " + ", ".join(_KEYS))
    if settings["mount_client"] not in rendering.MOUNT_CLIENTS:
        raise AnsibleFilterError("host_user_data: mount_client must be one of " + ", ".join(rendering.MOUNT_CLIENTS))
    settings = dict(settings)
    settings["install_command"] = settings["install_command"] or rendering.DEFAULT_INSTALL_COMMANDS[settings["mount_client"]]
    return rendering.user_data(settings)


class FilterModule:
    """The ECS hosts' user data."""

    def filters(self):
        return {"host_user_data": host_user_data}
