"""tests/support/throttling_proxy.py: each service's throttle is one botocore recognises as a
throttle (botocore's default 3 attempts give up on it, 10 wait it out), and a request is
forwarded once it has been throttled its number of times."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from throttling_proxy import ThrottlingProxy

pytestmark = pytest.mark.emulator

# One call per protocol: ec2, query, json, CBOR (Cloud Map, CloudWatch) and rest-xml (S3).
# By the service's name in its requests' signatures (CloudWatch signs as monitoring).
CALLS = {
    "ec2": ("describe_vpcs", {}, "RequestLimitExceeded"),
    "iam": ("list_roles", {}, "Throttling"),
    "ecs": ("list_clusters", {}, "ThrottlingException"),
    "secretsmanager": ("list_secrets", {}, "ThrottlingException"),
    "servicediscovery": ("list_namespaces", {}, "ThrottlingException"),
    "monitoring": ("describe_alarms", {}, "Throttling"),
    "s3": ("list_buckets", {}, "SlowDown"),
}

CLIENT = {"monitoring": "cloudwatch"}


@pytest.fixture
def proxy(emulator):
    with ThrottlingProxy(emulator.port, failures=3, every=10_000) as proxy:
        yield proxy


def _client(service: str, port: int, attempts: int):
    return boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing",
                        config=Config(retries={"mode": "standard", "total_max_attempts": attempts}))


@pytest.mark.parametrize("service", sorted(CALLS))
def test_three_throttles_exhaust_botocores_default_and_ten_attempts_outlast_them(proxy, service):
    operation, arguments, code = CALLS[service]
    with pytest.raises(ClientError) as raised:
        getattr(_client(CLIENT.get(service, service), proxy.port, 3), operation)(**arguments)
    assert raised.value.response["Error"]["Code"] == code
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2

    proxy.reset()
    answer = getattr(_client(CLIENT.get(service, service), proxy.port, 10), operation)(**arguments)
    assert answer["ResponseMetadata"]["RetryAttempts"] == 3
    assert proxy.stats.throttled == {service: 3}
    assert proxy.stats.forwarded == {service: 1}


def test_an_object_read_through_the_proxy_keeps_its_body_and_length(proxy, emulator):
    emulator.client("s3").create_bucket(Bucket="throttled")
    s3 = _client("s3", proxy.port, 10)
    s3.put_object(Bucket="throttled", Key="dag.py", Body=b"x" * 5000)
    assert s3.head_object(Bucket="throttled", Key="dag.py")["ContentLength"] == 5000
    assert s3.get_object(Bucket="throttled", Key="dag.py")["Body"].read() == b"x" * 5000
