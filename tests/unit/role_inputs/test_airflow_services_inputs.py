"""The airflow_services role's rules (the task definitions' own are the module's, tested with it)."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

COUNTS = {"api-server": 1, "scheduler": 1, "dag-processor": 1, "triggerer": 1, "worker": 1, "flower": 1}
GOOD = {
    "airflow_services_environment": "prod",
    "airflow_services_cluster_name": "airflow-prod",
    "airflow_services_flower_enabled": False,
    "airflow_services_desired_counts": COUNTS,
    "airflow_services_load_balancer_enabled": True,
    "airflow_services_load_balancer_certificate_arn": "",
    "airflow_services_migrate_timeout": 1800,
    "airflow_services_tags": {},
}
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airflow-ecs/prod/airflow-AbCdEf"
LINKS = {
    "airflow_services_load_balancer_enabled": True,
    "airflow_services_log_group": "/airflow-ecs/prod",
    "airflow_services_capacity_providers": {"core": "airflow-prod-core", "worker": "airflow-prod-worker"},
    "airflow_services_execution_role_arn": "arn:aws:iam::123456789012:role/airflow-prod-execution",
    "airflow_services_airflow_secret_arn": SECRET,
    "airflow_services_database_secret_arn": SECRET,
    "airflow_services_broker_secret_arn": SECRET,
    "airflow_services_admin_password_secret_arn": SECRET,
    "airflow_services_vpc_id": "vpc-0123abcd",
    "airflow_services_subnet_ids": ["subnet-0a1b2c3d", "subnet-0d4e5f6a"],
    "airflow_services_security_group_ids": ["sg-0a1b2c3d"],
    "airflow_services_load_balancer_subnet_ids": ["subnet-0a1b2c3d", "subnet-0d4e5f6a"],
    "airflow_services_load_balancer_security_group_ids": ["sg-0a1b2c3e"],
}


def test_good_inputs_pass():
    assert problems("airflow_services", GOOD) == ""
    assert problems("airflow_services", LINKS) == ""
    certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123"
    assert problems("airflow_services", dict(GOOD, airflow_services_load_balancer_certificate_arn=certificate)) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"airflow_services_desired_counts": dict(COUNTS, **{"api-server": 0})}, "airflow_services_desired_counts must give"),
    ({"airflow_services_desired_counts": dict(COUNTS, scheduler=0)}, "wrong: scheduler"),
    ({"airflow_services_desired_counts": {"api-server": 1, "scheduler": 1}}, "wrong: dag-processor, triggerer, worker"),
    ({"airflow_services_flower_enabled": True, "airflow_services_desired_counts": dict(COUNTS, flower=-1)}, "wrong: flower"),
    ({"airflow_services_load_balancer_certificate_arn": "my-cert"}, "airflow_services_load_balancer_certificate_arn must be the ARN of an ACM"),
    ({"airflow_services_migrate_timeout": 30}, "airflow_services_migrate_timeout must be at least 60"),
    ({"airflow_services_environment": "x" * 21}, "airflow_services_environment must be 2 to 20"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("airflow_services", dict(GOOD, **change))


@pytest.mark.parametrize(("change", "message"), [
    ({"airflow_services_execution_role_arn": ""}, "airflow_services_execution_role_arn must be the ARN of an IAM role"),
    ({"airflow_services_broker_secret_arn": "airflow-ecs/prod/broker"}, "airflow_services_broker_secret_arn must be the full ARN"),
    ({"airflow_services_vpc_id": ""}, "airflow_services_vpc_id must be a vpc id"),
    ({"airflow_services_subnet_ids": []}, "airflow_services_subnet_ids must not be empty"),
    ({"airflow_services_load_balancer_subnet_ids": ["subnet-0a1b2c3d"]}, "needs at least two subnets"),
    ({"airflow_services_capacity_providers": {"core": "airflow-prod-core"}}, "must name the capacity provider of each tier"),
    ({"airflow_services_log_group": ""}, "airflow_services_log_group must be a CloudWatch log group name"),
])
def test_what_other_roles_hand_on_is_checked_when_it_is_given(change, message):
    assert message in problems("airflow_services", dict(LINKS, **change))


def test_an_internal_load_balancer_off_needs_no_load_balancer_subnets():
    assert problems("airflow_services", dict(LINKS, airflow_services_load_balancer_enabled=False,
                                             airflow_services_load_balancer_subnet_ids=[])) == ""


SMTP = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:teams/smtp-AbCdEf"


def test_extra_secrets_by_reference_pass():
    extra = {"worker": {"AIRFLOW__SMTP__SMTP_PASSWORD": SMTP, "SLACK": {"arn": SMTP, "json_key": "slack"}},
             "triggerer": {"WAREHOUSE_KEY": SMTP + ":key::"}}
    assert problems("airflow_services", dict(GOOD, airflow_services_extra_secrets=extra)) == ""


@pytest.mark.parametrize(("extra", "message"), [
    ({"webserver": {"X": SMTP}}, "airflow_services_extra_secrets may name only migrate, api-server"),
    ({"worker": ["X"]}, "airflow_services_extra_secrets must be a dict of component to {ENVIRONMENT_VARIABLE: secret ARN}."),
    ({"worker": {"SMTP_PASSWORD": "hunter2hunter2"}}, "airflow_services_extra_secrets.worker.SMTP_PASSWORD must reference a Secrets Manager secret"),
    ({"worker": {"SMTP_PASSWORD": "arn:aws:ssm:eu-west-1:123456789012:parameter/smtp"}},
     "airflow_services_extra_secrets.worker.SMTP_PASSWORD must reference a Secrets Manager secret"),
])
def test_bad_extra_secrets_name_the_input_and_never_the_value(extra, message):
    found = problems("airflow_services", dict(GOOD, airflow_services_extra_secrets=extra))
    assert message in found
    assert "hunter2" not in found


def test_the_execution_role_gets_each_extra_secret_once():
    from ansible_collections.airflow_ecs.deploy.plugins.filter.extra_secret_arns import FilterModule

    extra_secret_arns = FilterModule().filters()["extra_secret_arns"]
    other = SMTP.replace("teams/smtp", "teams/slack")
    extra = {"worker": {"A": SMTP, "B": {"arn": other, "json_key": "k"}}, "triggerer": {"C": SMTP + ":key::", "D": "plain"}}
    assert extra_secret_arns(extra) == sorted([SMTP, other])
    assert extra_secret_arns({}) == []


def test_the_execution_role_gets_the_sso_client_secret_when_sso_is_on():
    from ansible_collections.airflow_ecs.deploy.plugins.filter.extra_secret_arns import FilterModule

    extra_secret_arns = FilterModule().filters()["extra_secret_arns"]
    client = SMTP.replace("teams/smtp", "teams/okta-client")
    extra = {"worker": {"A": SMTP}}
    assert extra_secret_arns(extra, sso={"enabled": True, "client_secret_arn": client + ":secret::"}) == sorted([SMTP, client])
    assert extra_secret_arns(extra, sso={"enabled": False, "client_secret_arn": client}) == [SMTP]
    assert extra_secret_arns({}, sso={"enabled": "true", "client_secret_arn": {"arn": client, "json_key": "k"}}) == [client]


CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123"
OIDC = {
    "type": "oidc",
    "issuer": "https://idp.example.com",
    "authorization_endpoint": "https://idp.example.com/authorize",
    "token_endpoint": "https://idp.example.com/token",
    "user_info_endpoint": "https://idp.example.com/userinfo",
    "client_id": "airflow",
    "client_secret_arn": SMTP,
}
COGNITO = {
    "type": "cognito",
    "user_pool_arn": "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCd1234",
    "user_pool_client_id": "4f2a",
    "user_pool_domain": "airflow-prod",
}


def _with_authentication(authentication, certificate=CERTIFICATE):
    return dict(GOOD, airflow_services_load_balancer_certificate_arn=certificate,
                airflow_services_load_balancer_authentication=authentication)


@pytest.mark.parametrize("authentication", [{"type": "none"}, OIDC, COGNITO, dict(COGNITO, session_timeout=604800)])
def test_a_load_balancer_sign_in_passes(authentication):
    assert problems("airflow_services", _with_authentication(authentication)) == ""


@pytest.mark.parametrize(("authentication", "message"), [
    ({"type": "saml"}, "airflow_services_load_balancer_authentication.type must be none, oidc or cognito; got 'saml'."),
    (dict(OIDC, token_endpoint="http://idp.example.com/token"),
     "airflow_services_load_balancer_authentication.token_endpoint must be the provider's https:// URL"),
    (dict(OIDC, client_id=None), "airflow_services_load_balancer_authentication.client_id must be the client id"),
    (dict(OIDC, client_secret_arn="hunter2hunter2"),
     "airflow_services_load_balancer_authentication.client_secret_arn must be the full ARN of a Secrets Manager secret"),
    (dict(COGNITO, user_pool_arn="eu-west-1_AbCd1234"),
     "airflow_services_load_balancer_authentication.user_pool_arn must be the ARN of a Cognito user pool"),
    (dict(COGNITO, user_pool_domain=""), "airflow_services_load_balancer_authentication.user_pool_domain is required"),
    (dict(COGNITO, session_timeout=604801), "airflow_services_load_balancer_authentication.session_timeout must be whole"),
    (dict(COGNITO, scope="email"), "airflow_services_load_balancer_authentication.scope must be space-separated"),
])
def test_a_bad_load_balancer_sign_in_is_named(authentication, message):
    found = problems("airflow_services", _with_authentication(authentication))
    assert message in found
    assert "hunter2" not in found


def test_a_load_balancer_sign_in_needs_https():
    assert "needs an HTTPS listener: set airflow_services_load_balancer_certificate_arn" in problems(
        "airflow_services", _with_authentication(COGNITO, certificate=""))
