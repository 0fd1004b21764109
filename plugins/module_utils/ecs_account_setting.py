# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the ecs_account_setting module (no AWS calls)."""

from __future__ import annotations


def normalize_setting(settings, name):
    """The one setting called `name` from ListAccountSettings' answer, in the module's shape."""
    for setting in settings or []:
        if setting.get("name") == name:
            return {"name": name, "value": setting.get("value"), "principal_arn": setting.get("principalArn")}
    return None


def value_changed(current, desired):
    """Whether the setting must be put: it is not set, or set to another value."""
    return current is None or current["value"] != desired
