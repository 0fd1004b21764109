"""The dag_storage role's rules."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {"dag_storage_environment": "prod", "dag_storage_bucket_name": "", "dag_storage_prefix": "dags/",
        "dag_storage_kms_key_id": "", "dag_storage_tags": {}}


@pytest.mark.parametrize("change", [
    {},
    {"dag_storage_bucket_name": "corp-airflow-dags"},
    {"dag_storage_prefix": "airflow/prod/dags/"},
    {"dag_storage_access_log_bucket": "corp-s3-access-logs", "dag_storage_access_log_days": 3650},
    {"dag_storage_kms_key_id": "1234abcd-12ab-34cd-56ef-1234567890ab"},
    {"dag_storage_kms_key_id": "arn:aws:kms:eu-west-1:123456789012:alias/airflow"},
])
def test_good_inputs_pass(change):
    assert problems("dag_storage", dict(GOOD, **change)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"dag_storage_access_log_bucket": "Logs"}, "dag_storage_access_log_bucket must be an S3 bucket name"),
    ({"dag_storage_access_log_days": 0}, "dag_storage_access_log_days must be 1 to 3650"),
    ({"dag_storage_bucket_name": "corp-dags", "dag_storage_access_log_bucket": "corp-dags"},
     "dag_storage_access_log_bucket must not be the DAG bucket itself"),
    ({"dag_storage_prefix": "/dags/"}, "dag_storage_prefix must be one or more path segments ending with a slash"),
    ({"dag_storage_prefix": "dags"}, "dag_storage_prefix must be"),
    ({"dag_storage_bucket_name": "Airflow_DAGs"}, "dag_storage_bucket_name must be an S3 bucket name"),
    ({"dag_storage_kms_key_id": "alias/airflow"}, "dag_storage_kms_key_id must be a key id"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("dag_storage", dict(GOOD, **change))
