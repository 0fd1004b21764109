"""The logs role's rules."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {"logs_environment": "prod", "logs_group_name": "/airflow-ecs/prod", "logs_kms_key_id": "", "logs_tags": {}}
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_good_inputs_pass():
    assert problems("logs", GOOD) == ""
    assert problems("logs", dict(GOOD, logs_kms_key_id=KEY_ARN)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"logs_kms_key_id": "1234abcd"}, "logs_kms_key_id must be a key ARN"),
    ({"logs_kms_key_id": "alias/airflow"}, "logs_kms_key_id must be a key ARN"),
    ({"logs_group_name": "airflow logs"}, "logs_group_name must be a CloudWatch log group name"),
    ({"logs_environment": "Prod"}, "logs_environment must be"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("logs", dict(GOOD, **change))
