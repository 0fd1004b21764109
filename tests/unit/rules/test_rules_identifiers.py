"""The identifier rules every role and module shares: each valid form passes, each bad one names what it must be."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:eu-west-1:123456789012:key/{KEY_ID}"
ALIAS_ARN = "arn:aws:kms:eu-west-1:123456789012:alias/airflow"
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airflow-ecs/prod/airflow-AbCdEf"


@pytest.mark.parametrize("name", ["ab", "prod", "prod-eu-1", "a" * 20])
def test_environment_names_that_fit_every_resource_name(name):
    assert rules.environment_name(name) is None


@pytest.mark.parametrize("name", ["a", "a" * 21, "My Env", "prod-", "1prod", "prod_eu", "", None, 7])
def test_environment_names_refused(name):
    assert "2 to 20 characters" in rules.environment_name(name)


def test_the_longest_environment_name_fits_the_target_group_name():
    assert len(f"airflow-{'a' * rules.ENVIRONMENT_MAX_LENGTH}-api") == 32


@pytest.mark.parametrize(("value", "forms"), [
    (KEY_ARN, ("arn",)),
    ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/" + KEY_ID, ("arn",)),
    (KEY_ID, ("id", "arn")),
    ("mrk-" + "0" * 32, ("id",)),
    ("alias/airflow", ("alias",)),
    (ALIAS_ARN, ("alias_arn",)),
])
def test_kms_key_forms_a_service_takes(value, forms):
    assert rules.kms_key(value, forms) is None


@pytest.mark.parametrize(("value", "forms", "said"), [
    ("alias/airflow", ("arn",), "must be a key ARN"),
    (KEY_ID, ("arn",), "must be a key ARN"),
    (ALIAS_ARN, ("id", "arn"), "must be a key id (1234abcd-12ab-34cd-56ef-1234567890ab) or a key ARN"),
    ("1234abcd", ("id", "arn", "alias_arn"), "a key id (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN"),
])
def test_kms_key_refused_says_which_forms(value, forms, said):
    assert said in rules.kms_key(value, forms)


def test_secret_arn_needs_the_full_arn():
    assert rules.secret_arn(SECRET_ARN) is None
    assert "full ARN" in rules.secret_arn("airflow-ecs/prod/airflow")
    assert "full ARN" in rules.secret_arn(SECRET_ARN[:-6] + "*")


def test_secret_arn_with_a_wildcard_suffix_for_iam():
    assert rules.secret_arn(SECRET_ARN[:-6] + "*", wildcard=True) is None


def test_secret_reference_takes_an_arn_or_a_name():
    assert rules.secret_reference(SECRET_ARN) is None
    assert rules.secret_reference("airflow-ecs/prod/database-password") is None
    assert rules.secret_reference("not a name") is not None


@pytest.mark.parametrize(("rule", "good", "bad"), [
    (rules.aws_region, "eu-west-1", "Europe"),
    (rules.aws_region, "us-gov-west-1", "eu-west"),
    (rules.endpoint_url, "http://127.0.0.1:5000", "127.0.0.1:5000"),
    (rules.endpoint_url, "https://example.com/", "http://example.com/path"),
    (rules.metric_namespace, "AirflowECS", "AWS/ECS"),
    (rules.ssm_parameter_arn, "arn:aws:ssm:eu-west-1:123456789012:parameter/airflow/x", "/airflow/x"),
    (rules.ssm_parameter_path, "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id", "aws/service"),
    (rules.iam_role_arn, "arn:aws:iam::123456789012:role/airflow-prod-execution", "airflow-prod-execution"),
    (rules.acm_certificate_arn, "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123", "arn:aws:acm:eu-west-1:123456789012:cert/x"),
    (rules.ecr_repository_arn, "arn:aws:ecr:eu-west-1:123456789012:repository/airflow", "*"),
    (rules.log_group_name, "/airflow-ecs/prod", "/airflow ecs"),
    (rules.bucket_name, "airflow-ecs-prod-dags-123456789012", "Airflow_DAGs"),
    (rules.bucket_name, "a.b.c", "a..b"),
    (rules.ecs_name, "airflow-prod", "airflow prod"),
    (rules.instance_type, "m6i.large", "m6i"),
    (rules.ami_id, "ami-0123456789abcdef0", "ami-XYZ"),
    (rules.cidr_block, "203.0.113.0/24", "203.0.113.0"),
    (rules.cidr_block, "2001:db8::/32", "2001:db8::/129"),
    (rules.weekly_window, "sun:04:00-sun:04:30", "sunday 4am"),
    (rules.daily_window, "03:00-03:30", "3-4"),
    (rules.rds_identifier, "airflow-prod", "airflow--prod"),
    (rules.rds_identifier, "a" * 63, "a" * 64),
    (rules.rds_identifier, "airflow", "1airflow"),
    (rules.rds_identifier, "airflow", "airflow-"),
])
def test_identifier_rules(rule, good, bad):
    assert rule(good) is None
    assert rule(bad).startswith("must be")


@pytest.mark.parametrize(("kind", "value"), [("vpc", "vpc-0123456789abcdef0"), ("subnet", "subnet-0a1b2c3d"),
                                             ("security group", "sg-0a1b2c3d")])
def test_aws_ids(kind, value):
    assert rules.aws_id(value, kind) is None
    assert kind in rules.aws_id("x" + value, kind)


def test_s3_key_prefixes_for_iam_resources():
    assert rules.s3_key_prefix("") is None
    assert rules.s3_key_prefix("dags/") is None
    assert rules.s3_key_prefix("/dags") is not None
    assert rules.s3_key_prefix("dags/*") is not None


@pytest.mark.parametrize(("value", "low", "high", "problem"), [
    (5, 1, 10, None),
    ("5", 1, 10, None),
    (0, 1, None, "must be at least 1"),
    (11, None, 10, "must be at most 10"),
    (11, 1, 10, "must be 1 to 10"),
    (True, None, None, "must be a whole number"),
    ("five", None, None, "must be a whole number"),
    (2.5, None, None, "must be a whole number"),
])
def test_whole_numbers_take_the_strings_extra_vars_give(value, low, high, problem):
    assert rules.whole_number(value, low, high) == problem


def test_switches_given_as_strings():
    assert rules.as_bool("yes") is True
    assert rules.as_bool("false") is False
    assert rules.as_bool("maybe") == "maybe"
