# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure conversions and comparisons for the s3_access_logging module (no AWS calls)."""

from __future__ import annotations


def normalize_logging(response):
    """GetBucketLogging's answer -> {"target_bucket", "target_prefix"}, or None when logging is off."""
    enabled = (response or {}).get("LoggingEnabled")
    if not enabled:
        return None
    return {"target_bucket": enabled.get("TargetBucket"), "target_prefix": enabled.get("TargetPrefix") or ""}


def logging_changed(current, desired):
    """Whether the logging configuration differs (desired None: logging off)."""
    return current != desired
