# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: owned_by
short_description: Whether a resource's tags say the collection created it for an environment
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - True when the tags hold C(airflow_ecs_environment) equal to O(environment) and C(managed_by) equal
    to C(airflow_ecs.deploy), the two tags the collection sets on what it creates (the
    C(airflow_ecs.deploy.resource_tags) filter). Teardown deletes a resource only when this is true.
  - Takes tags as a dict, or as the list of C(key)/C(value) (or C(Key)/C(Value)) items some APIs return.
options:
  _input:
    description: The resource's tags; none counts as not owned.
    type: raw
    required: true
  environment:
    description: The environment's name.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Keep only this environment's log groups
  ansible.builtin.set_fact:
    ours: "{{ found.log_groups | selectattr('tags', 'airflow_ecs.deploy.owned_by', 'prod') | list }}"
"""

RETURN = r"""
_value:
  description: Whether the resource is the environment's.
  type: bool
"""

from collections.abc import Mapping

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.rules import owned_by as tags_owned_by


def _as_dict(tags):
    if isinstance(tags, Mapping):
        return tags
    if isinstance(tags, list):
        pairs = {}
        for item in tags:
            if isinstance(item, Mapping):
                key = item.get("key", item.get("Key"))
                pairs[key] = item.get("value", item.get("Value"))
        return pairs
    return {}


def owned_by(tags, environment):
    return tags_owned_by(_as_dict(tags), environment)


class TestModule:
    """The collection's ownership test."""

    def tests(self):
        return {"owned_by": owned_by}
