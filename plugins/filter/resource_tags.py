# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: resource_tags
short_description: The tags of a resource the collection creates
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - The user's tags plus the two the collection sets on every resource it creates,
    C(airflow_ecs_environment) (the environment's name) and C(managed_by) (C(airflow_ecs.deploy)).
  - Teardown deletes only what carries both (the C(airflow_ecs.deploy.owned_by) test).
options:
  _input:
    description: The user's tags (may be empty).
    type: dict
    required: true
  environment:
    description: The environment's name.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Tag the log group
  amazon.aws.cloudwatchlogs_log_group:
    log_group_name: /airflow-ecs/prod
    tags: "{{ logs_tags | airflow_ecs.deploy.resource_tags('prod') }}"
"""

RETURN = r"""
_value:
  description: The tags to set.
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.rules import collection_tags


def resource_tags(tags, environment):
    if not isinstance(tags, Mapping):
        raise AnsibleFilterError("resource_tags: the tags must be a dict")
    return dict(tags, **collection_tags(environment))


class FilterModule:
    """The collection's resource tags."""

    def filters(self):
        return {"resource_tags": resource_tags}
