# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for AWS: a botocore waiter where the API has one, one polling loop where it has none.

Both raise WaitTimeout with the message the module gives, which names what it waited for.
"""

from __future__ import annotations

import time

try:
    from botocore.exceptions import WaiterError
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import is_retryable


class WaitTimeout(AnsibleAWSError):
    """What the module waited for did not happen in time (a plain message, fail_json_aws_error reports it)."""


def waiter_config(timeout, delay):
    """WaiterConfig that covers timeout seconds at one attempt per delay (at least one attempt)."""
    delay = max(1, min(delay, timeout))
    return {"Delay": delay, "MaxAttempts": max(1, -(-timeout // delay))}


def waiter_detail(error):
    """Why a waiter gave up: the AWS error it ended on, else its own reason."""
    return ((error.last_response or {}).get("Error") or {}).get("Message") or str(error)


def _message(message, seen):
    return message(seen) if callable(message) else message


def run_waiter(client, waiter_name, timeout, delay, message, clock=time.monotonic, sleep=time.sleep, **params):
    """Run the botocore waiter waiter_name with params for up to timeout seconds.

    A waiter stops at the first error its acceptors do not know, a throttle among them; such a
    stop is waited out, and the waiter runs again for what is left of the timeout.
    message is the WaitTimeout message when the waiter gives up, or a function that makes
    it from why it gave up (waiter_detail).
    """
    deadline = clock() + timeout
    while True:
        try:
            client.get_waiter(waiter_name).wait(WaiterConfig=waiter_config(max(1, int(deadline - clock())), delay), **params)
            return
        except WaiterError as e:
            if not is_retryable(e.last_response) or clock() + delay >= deadline:
                raise WaitTimeout(_message(message, waiter_detail(e))) from e
            sleep(delay)


def poll(read, done, timeout, delay, message, sleep=time.sleep, clock=time.monotonic):
    """Call read() every delay seconds until done(what it read); return that reading.

    A last reading is taken at the timeout; when that is not done either, WaitTimeout is
    raised with message, or message(last reading) when it is a function. read() may raise
    to stop waiting early.
    """
    deadline = clock() + timeout
    while True:
        reading = read()
        if done(reading):
            return reading
        if clock() >= deadline:
            raise WaitTimeout(_message(message, reading))
        sleep(min(delay, max(deadline - clock(), 0)))
