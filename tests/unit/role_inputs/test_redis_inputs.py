"""The redis role's rules, with the elasticache_replication_group module's own rules for the group."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {
    "redis_environment": "prod",
    "redis_existing_broker_secret_arn": "",
    "redis_replication_group_id": "airflow-prod",
    "redis_node_type": "cache.t4g.small",
    "redis_replicas": 1,
    "redis_snapshot_retention_limit": 1,
    "redis_engine_version": "7.1",
    "redis_maintenance_window": "",
    "redis_kms_key_id": "",
    "redis_wait_timeout": 1800,
    "redis_broker_secret_name": "airflow-ecs/prod/broker",
    "redis_tags": {},
}
LINKS = {"redis_subnet_ids": ["subnet-0a1b2c3d"], "redis_security_group_ids": ["sg-0a1b2c3d"],
         "redis_auth_token_secret_arn": "airflow-ecs/prod/redis-auth-token"}
EXISTING_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:corp/airflow-broker-AbCdEf"


@pytest.mark.parametrize("change", [
    {}, LINKS, {"redis_replicas": "5"}, {"redis_maintenance_window": "sun:03:00-sun:04:00"},
    {"redis_kms_key_id": "1234abcd-12ab-34cd-56ef-1234567890ab"}, {"redis_engine_version": "8.0"},
])
def test_good_inputs_pass(change):
    assert problems("redis", dict(GOOD, **change)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"redis_node_type": "t4g.small"}, "redis_node_type must look like cache.<family>.<size>"),
    ({"redis_replicas": 7}, "redis_replicas must be 0 to 5; got 7."),
    ({"redis_replicas": "7"}, "redis_replicas must be 0 to 5"),
    ({"redis_replication_group_id": "airflow--prod"}, "redis_replication_group_id must be 1-40 lower-case letters"),
    ({"redis_snapshot_retention_limit": 36}, "redis_snapshot_retention_limit must be 0 to 35 days"),
    ({"redis_maintenance_window": "sunday"}, "redis_maintenance_window must be a weekly window"),
    ({"redis_engine_version": "latest"}, "redis_engine_version must be a version such as 7.1"),
    ({"redis_kms_key_id": "alias/airflow"}, "redis_kms_key_id must be a key id"),
    ({"redis_wait_timeout": 0}, "redis_wait_timeout must be at least 1"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("redis", dict(GOOD, **change))


def test_what_other_roles_hand_on_is_checked_when_it_is_given():
    found = problems("redis", dict(LINKS, redis_subnet_ids=[], redis_security_group_ids=[""]))
    assert "redis_subnet_ids must not be empty unless redis_existing_broker_secret_arn is set" in found
    assert "redis_security_group_ids must not be empty" in found


@pytest.mark.parametrize(("token", "message"), [
    ("Too-Short-1", "the AUTH token in the secret must be 16 to 128 characters long; it has 11"),
    ("Has@At/Slash-0123456789", "the AUTH token in the secret may hold only letters"),
])
def test_the_token_read_from_the_secret_is_described_never_shown(token, message):
    found = problems("redis", {"redis_auth_token": token})
    assert message in found
    assert token not in found


def test_an_existing_broker_needs_a_full_secret_arn_and_nothing_else():
    existing = dict(GOOD, redis_existing_broker_secret_arn=EXISTING_ARN, redis_node_type="bad")
    assert problems("redis", existing) == ""
    assert "redis_existing_broker_secret_arn must be the full ARN" in problems(
        "redis", dict(existing, redis_existing_broker_secret_arn="corp/airflow-broker"))


def test_a_url_in_place_of_the_arn_is_not_shown():
    url = "rediss://:p4ssw0rd@broker.corp.example:6380/0"
    found = problems("redis", dict(GOOD, redis_existing_broker_secret_arn=url))
    assert "redis_existing_broker_secret_arn must be the full ARN" in found
    assert "p4ssw0rd" not in found
