# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: airflow_release
short_description: The Airflow release this collection pins
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Returns the Airflow release the collection is built and tested with, which is the default
    of O(airflow_ecs.deploy.airflow_task_definition#module:airflow_version).
  - The airflow_services role's C(airflow_services_airflow_version) defaults to it, and its
    C(airflow_services_image) to the official image of that release, so one place in the
    collection pins the release.
  - Takes no terms.
"""

EXAMPLES = r"""
- name: Show the pinned Airflow release
  ansible.builtin.debug:
    msg: "Airflow {{ lookup('airflow_ecs.deploy.airflow_release') }}"
"""

RETURN = r"""
_raw:
  description: The release, as C(<major>.<minor>.<patch>).
  type: list
  elements: str
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import AIRFLOW_VERSION


class LookupModule(LookupBase):
    """The collection's pinned Airflow release."""

    def run(self, terms, variables=None, **kwargs):
        if terms:
            raise AnsibleLookupError("airflow_ecs.deploy.airflow_release takes no terms")
        self.set_options(var_options=variables, direct=kwargs)
        return [AIRFLOW_VERSION]
