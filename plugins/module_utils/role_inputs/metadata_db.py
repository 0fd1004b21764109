# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The metadata_db role's rules (RDS PostgreSQL, or an existing database given as a secret)."""

from __future__ import annotations

import math
import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules

# Airflow 3 supports PostgreSQL 13 and newer.
MIN_POSTGRES_MAJOR = 13
_ENGINE_VERSION = re.compile(r"^[0-9]{2}\.[0-9]{1,2}(-[A-Za-z0-9.]+)?\Z")
_INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9-]+\.[a-z0-9]+\Z")
# RDS takes a key id, an alias or the ARN of either.
KMS_FORMS = ("id", "arn", "alias", "alias_arn")


def _engine_version(value):
    if not isinstance(value, str) or not _ENGINE_VERSION.match(value) or int(value.split(".")[0]) < MIN_POSTGRES_MAJOR:
        return (
            "must be a pinned RDS PostgreSQL version, major.minor such as 16.11 (PostgreSQL %d or newer, which "
            "Airflow 3 supports); list what RDS offers with `aws rds describe-db-engine-versions --engine postgres "
            "--query 'DBEngineVersions[].EngineVersion'`" % MIN_POSTGRES_MAJOR
        )
    return None


def _instance_class(value):
    if not isinstance(value, str) or not _INSTANCE_CLASS.match(value):
        return "must be an RDS instance class such as db.t4g.medium"
    return None


def _insights_retention(value):
    value = rules.as_whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 7 or (value % 31 == 0 and 31 <= value <= 731)):
        return "must be 7 or a multiple of 31 up to 731"
    return None


def _storage_ceiling(value, allocated):
    floor = int(math.ceil(allocated * 1.1))
    if rules.whole_number(value, floor, 65536):
        return (
            "is the storage autoscaling ceiling: it must be at least 10%% above metadata_db_allocated_storage "
            "(%d GiB for %d) and at most 65536" % (floor, allocated)
        )
    return None


def _existing_mode_errors(problems):
    problems.check("metadata_db_existing_secret_arn", rules.secret_arn)


def _create_mode_errors(problems, inputs):
    problems.check("metadata_db_connection_secret_name", rules.secret_name)
    problems.check("metadata_db_engine_version", _engine_version)
    problems.check("metadata_db_instance_class", _instance_class)
    if problems.check("metadata_db_allocated_storage", rules.whole_number, 20, 65536):
        allocated = rules.as_whole_number(inputs["metadata_db_allocated_storage"])
        problems.check("metadata_db_max_allocated_storage", _storage_ceiling, allocated)
    if "metadata_db_backup_retention_days" in problems:
        days = inputs["metadata_db_backup_retention_days"]
        allowed = rules.as_bool(inputs.get("metadata_db_allow_no_backups", False)) is True
        if rules.whole_number(days, 0 if allowed else 1, 35):
            problems.add(
                "metadata_db_backup_retention_days must be 1 to 35; got %r. 0 turns off automated backups and "
                "point-in-time recovery of the database that holds every DAG run, connection and variable: it is "
                "refused unless metadata_db_allow_no_backups is true, which is meant for throwaway environments only." % (days,)
            )
    problems.check("metadata_db_backup_window", rules.daily_window)
    problems.check("metadata_db_maintenance_window", rules.weekly_window)
    if rules.as_bool(inputs.get("metadata_db_performance_insights", False)) is True:
        problems.check("metadata_db_performance_insights_retention_days", _insights_retention)
    if problems.check("metadata_db_wait_delay", rules.whole_number, 1) and "metadata_db_wait_timeout" in problems:
        problems.check("metadata_db_wait_timeout", rules.whole_number, rules.as_whole_number(inputs["metadata_db_wait_delay"]))
    for name in ("metadata_db_kms_key_id", "metadata_db_secret_kms_key_id", "metadata_db_performance_insights_kms_key_id"):
        problems.check(name, rules.kms_key, KMS_FORMS, optional=True)
    problems.check("metadata_db_final_snapshot_identifier", rules.rds_identifier, 255, optional=True)


def errors(inputs):
    """The user's own inputs (validate), and the links other roles hand on when they are given (main)."""
    problems = rules.Problems(inputs)
    problems.check("metadata_db_environment", rules.environment_name)
    problems.check("metadata_db_identifier", rules.rds_identifier)
    if inputs.get("metadata_db_existing_secret_arn"):
        _existing_mode_errors(problems)
    else:
        _create_mode_errors(problems, inputs)
        if "metadata_db_subnet_ids" in problems:
            problems.check_each("metadata_db_subnet_ids", rules.aws_id, "subnet")
            problems.require("metadata_db_subnet_ids", len(inputs["metadata_db_subnet_ids"] or []) >= 2,
                             "needs at least two private subnets in different availability zones (RDS rule)")
        if "metadata_db_security_group_ids" in problems:
            problems.check_each("metadata_db_security_group_ids", rules.aws_id, "security group")
            problems.require("metadata_db_security_group_ids", len(inputs["metadata_db_security_group_ids"] or []) >= 1,
                             "needs at least one security group id")
        problems.check("metadata_db_password_secret_arn", rules.secret_reference)
    problems.check_tags("metadata_db_tags")
    return problems.messages
