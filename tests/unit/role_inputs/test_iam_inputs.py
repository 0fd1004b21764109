"""The iam role's rules: known components, well-formed ARNs and least-privilege extra statements."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {
    "iam_environment": "prod",
    "iam_region": "eu-west-1",
    "iam_components": ["api-server", "scheduler", "dag-processor", "triggerer", "worker", "migrate", "flower"],
    "iam_ecr_repository_arns": ["arn:aws:ecr:eu-west-1:123456789012:repository/airflow"],
    "iam_extra_secret_arns": ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/warehouse-*"],
    "iam_kms_key_arns": [],
    "iam_existing_secret_arns": [],
    "iam_dag_storage_mode": "s3fs",
    "iam_dag_bundle_prefix": "",
    "iam_dag_reader_components": ["dag-processor", "triggerer", "worker"],
    "iam_remote_logging_bucket": "",
    "iam_remote_logging_prefix": "",
    "iam_remote_log_writer_components": ["worker", "triggerer"],
    "iam_remote_log_reader_components": ["api-server"],
    "iam_secrets_backend_prefixes": ["airflow-ecs/prod/connections", "airflow-ecs/prod/variables"],
    "iam_secrets_backend_reader_components": ["api-server", "scheduler", "dag-processor", "triggerer", "worker"],
    "iam_metric_namespace": "AirflowECS",
    "iam_cluster_name": "airflow-prod",
    "iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]},
    "iam_tags": {},
}


def test_good_inputs_pass():
    assert problems("iam", GOOD) == ""


def test_the_links_are_checked_when_they_are_given():
    links = {"iam_log_group_name": "/airflow-ecs/prod", "iam_dag_bucket_name": "airflow-ecs-prod-dags-123456789012",
             "iam_secrets_kms_key_arn": ""}
    assert problems("iam", links) == ""
    assert "iam_dag_bucket_name must be an S3 bucket name" in problems("iam", dict(links, iam_dag_bucket_name="Bad_Bucket"))


@pytest.mark.parametrize(("change", "message"), [
    ({"iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
     'iam_task_role_extra_statements.worker[0]: no statement may pair a "*" or "<service>:*" action with the resource "*".'),
    ({"iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}},
     "iam_task_role_extra_statements.worker[0]: no statement may pair"),
    ({"iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}},
     "NotAction and NotResource are refused"),
    ({"iam_task_role_extra_statements": {"worker": [{"Action": "s3:GetObject", "Resource": "*"}]}}, "needs Effect Allow or Deny"),
    ({"iam_task_role_extra_statements": {"worker": {"Effect": "Allow"}}}, "iam_task_role_extra_statements.worker must be a list"),
    ({"iam_task_role_extra_statements": {"webserver": []}}, "may only have keys from iam_components"),
    ({"iam_kms_key_arns": ["alias/airflow"]}, "iam_kms_key_arns[0] must be a key ARN"),
    ({"iam_ecr_repository_arns": ["*"]}, "iam_ecr_repository_arns[0] must be the ARN of an ECR repository"),
    ({"iam_extra_secret_arns": ["prod/warehouse"]}, "iam_extra_secret_arns[0] must be the full ARN of a Secrets Manager secret"),
    ({"iam_components": ["scheduler", "webserver"]}, "iam_components may name only"),
    ({"iam_dag_reader_components": ["webserver"]}, "iam_dag_reader_components may name only"),
    ({"iam_dag_storage_mode": "nfs"}, "iam_dag_storage_mode must be one of s3fs, efs, git, image, s3_bundle"),
    ({"iam_dag_bundle_prefix": "/dags"}, "iam_dag_bundle_prefix must be an S3 key prefix"),
    ({"iam_remote_logging_prefix": "logs/*"}, "iam_remote_logging_prefix must be an S3 key prefix"),
    ({"iam_remote_logging_bucket": "Logs"}, "iam_remote_logging_bucket must be an S3 bucket name"),
    ({"iam_cluster_name": "airflow prod"}, "iam_cluster_name must be 1 to 255 letters"),
    ({"iam_region": "Europe"}, "iam_region must be an AWS region"),
    ({"iam_secrets_backend_prefixes": ["airflow-ecs/prod"]},
     "iam_secrets_backend_prefixes: airflow-ecs/prod would let the task roles read the environment's own secrets"),
    ({"iam_secrets_backend_prefixes": ["airflow-ecs/prod/connections/"]},
     "iam_secrets_backend_prefixes: each must be a secret name prefix without a trailing /"),
    ({"iam_secrets_backend_reader_components": ["webserver"]}, "iam_secrets_backend_reader_components may name only"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("iam", dict(GOOD, **change))
