"""The metadata_db role's rules: an RDS PostgreSQL Airflow supports, kept safe, or an existing database."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {
    "metadata_db_environment": "prod",
    "metadata_db_identifier": "airflow-prod",
    "metadata_db_connection_secret_name": "airflow-ecs/prod/database",
    "metadata_db_existing_secret_arn": "",
    "metadata_db_engine_version": "16.11",
    "metadata_db_instance_class": "db.t4g.medium",
    "metadata_db_allocated_storage": 20,
    "metadata_db_max_allocated_storage": 100,
    "metadata_db_backup_retention_days": 7,
    "metadata_db_allow_no_backups": False,
    "metadata_db_backup_window": "03:00-03:30",
    "metadata_db_maintenance_window": "sun:04:00-sun:04:30",
    "metadata_db_performance_insights": False,
    "metadata_db_performance_insights_retention_days": 7,
    "metadata_db_wait_timeout": 2400,
    "metadata_db_wait_delay": 30,
    "metadata_db_kms_key_id": "",
    "metadata_db_secret_kms_key_id": "",
    "metadata_db_performance_insights_kms_key_id": "",
    "metadata_db_final_snapshot_identifier": "",
    "metadata_db_tags": {},
}
LINKS = {"metadata_db_subnet_ids": ["subnet-0a1b2c3d", "subnet-0d4e5f6a"], "metadata_db_security_group_ids": ["sg-0a1b2c3d"],
         "metadata_db_password_secret_arn": "airflow-ecs/prod/database-password"}
EXISTING_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:corp/airflow-db-AbCdEf"


@pytest.mark.parametrize("change", [
    {}, LINKS,
    {"metadata_db_backup_retention_days": 0, "metadata_db_allow_no_backups": True},
    {"metadata_db_performance_insights": True, "metadata_db_performance_insights_retention_days": 93},
    {"metadata_db_kms_key_id": "alias/aws/rds"},
    {"metadata_db_final_snapshot_identifier": "airflow-prod-last"},
    {"metadata_db_wait_timeout": "60", "metadata_db_wait_delay": "30"},
])
def test_good_inputs_pass(change):
    assert problems("metadata_db", dict(GOOD, **change)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"metadata_db_engine_version": "latest"}, "metadata_db_engine_version must be a pinned RDS PostgreSQL version"),
    ({"metadata_db_engine_version": "12.22"}, "PostgreSQL 13 or newer"),
    ({"metadata_db_instance_class": "t4g.medium"}, "metadata_db_instance_class must be an RDS instance class"),
    ({"metadata_db_allocated_storage": 10}, "metadata_db_allocated_storage must be 20 to 65536"),
    ({"metadata_db_max_allocated_storage": 21}, "at least 10% above metadata_db_allocated_storage (22 GiB for 20)"),
    ({"metadata_db_backup_retention_days": 0}, "refused unless metadata_db_allow_no_backups is true"),
    ({"metadata_db_backup_retention_days": 36}, "metadata_db_backup_retention_days must be 1 to 35"),
    ({"metadata_db_identifier": "1airflow"}, "metadata_db_identifier must be 1 to 63 letters"),
    ({"metadata_db_identifier": "a" * 64}, "metadata_db_identifier must be 1 to 63"),
    ({"metadata_db_identifier": "airflow--x"}, "no two hyphens in a row"),
    ({"metadata_db_backup_window": "3am"}, "metadata_db_backup_window must be a daily window"),
    ({"metadata_db_maintenance_window": "sun:04:00"}, "metadata_db_maintenance_window must be a weekly window"),
    ({"metadata_db_performance_insights": True, "metadata_db_performance_insights_retention_days": 30}, "must be 7 or a multiple of 31"),
    ({"metadata_db_wait_timeout": 10}, "metadata_db_wait_timeout must be at least 30"),
    ({"metadata_db_kms_key_id": "my-key"}, "metadata_db_kms_key_id must be a key id"),
    ({"metadata_db_final_snapshot_identifier": "final--snap"}, "metadata_db_final_snapshot_identifier must be"),
    ({"metadata_db_connection_secret_name": "bad name"}, "metadata_db_connection_secret_name must be a Secrets Manager secret name"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("metadata_db", dict(GOOD, **change))


@pytest.mark.parametrize(("change", "message"), [
    ({"metadata_db_subnet_ids": []}, "metadata_db_subnet_ids needs at least two private subnets"),
    ({"metadata_db_subnet_ids": ["subnet-0a1b2c3d"]}, "metadata_db_subnet_ids needs at least two"),
    ({"metadata_db_security_group_ids": ["default"]}, "metadata_db_security_group_ids[0] must be a security group id"),
    ({"metadata_db_password_secret_arn": ""}, "metadata_db_password_secret_arn must be the ARN or the name"),
])
def test_what_other_roles_hand_on_is_checked_when_it_is_given(change, message):
    assert message in problems("metadata_db", dict(LINKS, **change))


def test_an_existing_database_needs_a_full_secret_arn_and_nothing_else():
    existing = dict(GOOD, metadata_db_existing_secret_arn=EXISTING_ARN, metadata_db_engine_version="latest")
    assert problems("metadata_db", existing) == ""
    assert "metadata_db_existing_secret_arn must be the full ARN" in problems(
        "metadata_db", dict(existing, metadata_db_existing_secret_arn="corp/airflow-db"))
