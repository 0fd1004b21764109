"""reported_errors: how a module fails on what its AWS work raises."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from botocore.exceptions import EndpointConnectionError

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import error_code
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.waiting import WaitTimeout


class Failed(Exception):
    pass


class FakeModule:
    """Records how it was made to fail; failing ends the block as fail_json does."""

    def __init__(self):
        self.failure = None

    def fail_json(self, **kwargs):
        self.failure = ("fail_json", kwargs)
        raise Failed()

    def fail_json_aws(self, exception, msg=None):
        self.failure = ("fail_json_aws", exception, msg)
        raise Failed()

    def fail_json_aws_error(self, exception):
        self.failure = ("fail_json_aws_error", exception)
        raise Failed()


def _client_error(code):
    return ClientError({"Error": {"Code": code, "Message": "m"}}, "Operation")


def _fail(error, messages=None):
    module = FakeModule()
    with pytest.raises(Failed):
        with reported_errors(module, "Failed to manage x", messages):
            raise error
    return module.failure


def test_a_plain_problem_goes_through_fail_json_aws_error():
    for error in (AnsibleAWSError("x is attached"), WaitTimeout("x still exists after 5 seconds")):
        assert _fail(error) == ("fail_json_aws_error", error)


def test_a_known_error_code_fails_with_its_message_alone():
    assert _fail(_client_error("ResourceInUse"), {"ResourceInUse": "x is in use"}) == ("fail_json", {"msg": "x is in use"})


def test_other_aws_errors_go_through_fail_json_aws():
    for error in (_client_error("AccessDenied"), EndpointConnectionError(endpoint_url="http://x")):
        assert _fail(error, {"ResourceInUse": "x is in use"}) == ("fail_json_aws", error, "Failed to manage x")


def test_nothing_raised_is_no_failure():
    module = FakeModule()
    with reported_errors(module, "Failed to manage x"):
        pass
    assert module.failure is None


def test_error_code():
    assert error_code(_client_error("Throttling")) == "Throttling"
    assert error_code(EndpointConnectionError(endpoint_url="http://x")) is None
