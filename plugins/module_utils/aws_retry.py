# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one retry policy of the collection's modules.

AWSRetry.jittered_backoff retries RequestLimitExceeded, Throttling, TooManyRequestsException and
5xx-style codes by default, but not ThrottlingException (ECS, Secrets Manager, CloudWatch Logs,
SSM, Cloud Map, Application Auto Scaling) or SlowDown (S3), with which those services throttle.
Every module client, paginator and waiter of the collection goes through aws_retry(), so a
throttle repeated a few times in a row is waited out instead of failing the play.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Codes AWSRetry's default list lacks; RequestLimitExceeded and TooManyRequestsException are in it.
EXTRA_RETRY_CODES = ("ThrottlingException", "ThrottledException", "SlowDown", "RequestThrottledException",
                     "PriorRequestNotComplete")


def aws_retry(retries=10, delay=3, max_delay=60):
    """The decorator for module.client(retry_decorator=...) and for functions that paginate."""
    return AWSRetry.jittered_backoff(retries=retries, delay=delay, max_delay=max_delay,
                                     catch_extra_error_codes=list(EXTRA_RETRY_CODES))


def is_retryable(error_response):
    """Whether an AWS error response ({"Error": {"Code": ...}}) is one aws_retry() waits out, for
    callers that look at an error themselves (a waiter's last response)."""
    code = ((error_response or {}).get("Error") or {}).get("Code")
    return AWSRetry.found(code, catch_extra_error_codes=list(EXTRA_RETRY_CODES))


# botocore's own retries, under AWSRetry's: the standard mode and 3 attempts are botocore's
# defaults, which a throttle repeated three times in a row exhausts (amazon.aws modules without a
# retry decorator of their own then fail). Every playbook hands these to every AWS module as
# aws_config through module_defaults (the aws_module_defaults filter).
BOTOCORE_RETRY_MODES = ("standard", "adaptive")
DEFAULT_BOTOCORE_RETRIES = {"mode": "standard", "max_attempts": 10}
MAX_ATTEMPTS_RANGE = (3, 25)


def botocore_retries(retries=None):
    """The botocore `retries` config of the collection's clients: the defaults, then `retries`."""
    merged = dict(DEFAULT_BOTOCORE_RETRIES)
    merged.update({key: value for key, value in (retries or {}).items() if value is not None})
    return merged


def botocore_retries_errors(name, retries):
    """What is wrong with a `retries` setting ({"mode": ..., "max_attempts": ...}), each message
    naming `name`."""
    if retries is None:
        return []
    if not isinstance(retries, dict):
        return [f"{name} must be a dict with mode and max_attempts."]
    messages = [f"{name}.{key} is not a setting; use mode or max_attempts."
                for key in sorted(set(retries) - set(DEFAULT_BOTOCORE_RETRIES))]
    merged = botocore_retries(retries)
    if merged["mode"] not in BOTOCORE_RETRY_MODES:
        messages.append(f"{name}.mode must be one of {', '.join(BOTOCORE_RETRY_MODES)}; got {merged['mode']!r}.")
    low, high = MAX_ATTEMPTS_RANGE
    attempts = merged["max_attempts"]
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not low <= attempts <= high:
        messages.append(f"{name}.max_attempts must be a whole number from {low} to {high} (botocore's own default, 3, "
                        f"gives up on a throttle repeated three times); got {attempts!r}.")
    return messages


def module_defaults(settings):
    """The module_defaults of the collection's AWS action group, from airflow_ecs_aws: its
    connection settings, and botocore's retries as aws_config (`retries` in airflow_ecs_aws
    overrides the defaults)."""
    connection = {key: value for key, value in settings.items() if key != "retries"}
    retries = botocore_retries(settings.get("retries"))
    # In botocore's Config, max_attempts counts retries only; total_max_attempts counts the first
    # attempt too, as AWS_MAX_ATTEMPTS and the config file's max_attempts do.
    return {**connection, "aws_config": {"retries": {"mode": retries["mode"], "total_max_attempts": retries["max_attempts"]}}}
