"""aws_retry: the one retry policy of the collection's modules (plugins/module_utils/aws_retry.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry, is_retryable

MODULES = Path(__file__).resolve().parents[3] / "plugins" / "modules"


def _flaky(code, failures):
    calls = []

    def call():
        calls.append(code)
        if len(calls) <= failures:
            raise ClientError({"Error": {"Code": code, "Message": "Rate exceeded"}}, "DescribeServices")
        return "answer"

    return call, calls


@pytest.mark.parametrize("code", ["ThrottlingException", "SlowDown", "TooManyRequestsException", "RequestLimitExceeded",
                                  "Throttling", "ServiceUnavailable"])
def test_three_throttles_in_a_row_are_waited_out(code):
    call, calls = _flaky(code, 3)
    assert aws_retry(delay=0.001)(call)() == "answer"
    assert len(calls) == 4


def test_other_errors_fail_at_once():
    call, calls = _flaky("AccessDeniedException", 3)
    with pytest.raises(ClientError):
        aws_retry(delay=0.001)(call)()
    assert len(calls) == 1


def test_is_retryable_reads_an_error_response():
    assert is_retryable({"Error": {"Code": "ThrottlingException"}})
    assert not is_retryable({"Error": {"Code": "ClusterNotFoundException"}})
    assert not is_retryable(None) and not is_retryable({})


def test_every_module_uses_the_collections_policy():
    # A module that builds its own AWSRetry would miss the codes above.
    for module in MODULES.glob("*.py"):
        text = module.read_text()
        assert "AWSRetry" not in text, module.name
        for call in re.findall(r"module\.client\(.*", text):
            assert "retry_decorator=" in call, (module.name, call)


def test_every_paginating_function_is_retried():
    # A paginator's calls bypass the client's retry_decorator: the function that pages is wrapped.
    for module in MODULES.glob("*.py"):
        lines = module.read_text().splitlines()
        for number, line in enumerate(lines):
            if "get_paginator(" in line:
                start = max(i for i in range(number + 1) if lines[i].startswith("def "))
                assert lines[start - 1] == "@aws_retry()", f"{module.name}:{start + 1} {lines[start]}"
