# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Airflow release this collection pins: the one place that names it.

Read by the module (the default of airflow_version, options.py), the airflow_services role
(its defaults, through the airflow_ecs.deploy.airflow_release lookup) and the Makefile (the
Airflow of the end-to-end tests). tests/unit/taskdef/test_taskdef_release.py checks the
mentions that cannot read it: the module's DOCUMENTATION and examples, the docs, and that
files/airflow/constraints-<release>-python3.11.txt exists (moving the pin means making that
file for the new release).
"""

from __future__ import annotations

AIRFLOW_VERSION = "3.3.2"


def official_image(version=AIRFLOW_VERSION):
    """The official Airflow image of a release on Python 3.11 (apache/airflow:<version>-python3.11)."""
    return "apache/airflow:%s-python3.11" % version
