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
