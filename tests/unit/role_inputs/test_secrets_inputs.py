"""The secrets role's rules; a given Redis AUTH token is described, never shown."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {"secrets_environment": "prod", "secrets_kms_key_id": "", "secrets_recovery_window_days": 30,
        "secrets_redis_auth_token": "", "secrets_tags": {}}


@pytest.mark.parametrize("change", [
    {}, {"secrets_recovery_window_days": 0}, {"secrets_recovery_window_days": 7},
    {"secrets_redis_auth_token": "Good-Token-0123456789"},
    {"secrets_kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
])
def test_good_inputs_pass(change):
    assert problems("secrets", dict(GOOD, **change)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"secrets_recovery_window_days": 3}, "secrets_recovery_window_days must be 0 (delete without recovery) or 7 to 30"),
    ({"secrets_recovery_window_days": 31}, "secrets_recovery_window_days must be 0"),
    ({"secrets_kms_key_id": "alias/airflow"}, "secrets_kms_key_id must be a key ARN"),
    ({"secrets_environment": "Prod"}, "secrets_environment must be"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("secrets", dict(GOOD, **change))


@pytest.mark.parametrize(("token", "message"), [
    ("Sh0rtT0ken", "secrets_redis_auth_token must be 16 to 128 characters long; it has 10"),
    ("n0t-@-valid/t0ken-at-all", "secrets_redis_auth_token may hold only letters, digits"),
])
def test_a_bad_token_is_described_and_never_shown(token, message):
    found = problems("secrets", dict(GOOD, secrets_redis_auth_token=token))
    assert message in found
    assert token not in found
