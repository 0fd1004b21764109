# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: subnet_cidrs
short_description: The subnet blocks the network role carves from a new VPC's CIDR block
version_added: 0.1.0
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
description:
  - Splits a VPC CIDR block into subnets whose prefix is O(newbits) longer, and returns the first
    O(count) of them in order (the network role puts the private subnets first, then the public ones).
  - Check the block first with the C(role_input_errors) filter (role C(network)); this filter
    fails on a block it cannot split.
options:
  _input:
    description: The VPC's CIDR block, a network address such as C(10.40.0.0/16).
    type: str
    required: true
  newbits:
    description: How many bits longer each subnet's prefix is.
    type: int
    required: true
  count:
    description: How many subnets.
    type: int
    default: 4
"""

EXAMPLES = r"""
- name: The four /20 subnets of 10.40.0.0/16
  ansible.builtin.debug:
    msg: "{{ '10.40.0.0/16' | airflow_ecs.deploy.subnet_cidrs(4) }}"  # 10.40.0.0/20, 10.40.16.0/20, ...
"""

RETURN = r"""
_value:
  description: The subnet CIDR blocks, in address order.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs.network import SUBNETS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.role_inputs.network import subnet_cidrs as carve


def subnet_cidrs(cidr, newbits, count=SUBNETS):
    try:
        return carve(cidr, int(newbits), int(count))
    except (TypeError, ValueError) as error:
        raise AnsibleFilterError("subnet_cidrs: cannot carve %s subnets of /+%s from %r: %s" % (count, newbits, cidr, error))


class FilterModule:
    """Subnet arithmetic of the network role."""

    def filters(self):
        return {"subnet_cidrs": subnet_cidrs}
