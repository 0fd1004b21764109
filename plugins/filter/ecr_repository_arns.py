# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ecr_repository_arns
short_description: The ECR repository an image reference is in, as a list of its ARN
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - For an image in ECR (C(<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>) or C(@sha256:...)),
    the one-item list of its repository's ARN; for any other image, an empty list.
  - site.yml gives it a team's own image (C(airflow_ecs_image)), so the task execution role may pull
    from that repository and no other (the iam role's C(iam_ecr_repository_arns)).
options:
  _input:
    description: An image reference.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: The repository the execution role must pull from
  ansible.builtin.debug:
    msg: "{{ '123456789012.dkr.ecr.eu-west-1.amazonaws.com/airflow:3.3.2' | airflow_ecs.deploy.ecr_repository_arns }}"
"""

RETURN = r"""
_value:
  description: The repository's ARN, or nothing.
  type: list
  elements: str
"""

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.images import ecr_repository_arns


class FilterModule:
    """The ECR repository of an image."""

    def filters(self):
        return {"ecr_repository_arns": ecr_repository_arns}
