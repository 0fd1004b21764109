"""resource_tags, aws_lookup_options, subnet_cidrs, task_definition_settings and ecr_repository_arns: the small
filters roles and the wiring share."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.filter.aws_lookup_options import aws_lookup_options
from ansible_collections.airflow_ecs.deploy.plugins.filter.ecr_repository_arns import ecr_repository_arns
from ansible_collections.airflow_ecs.deploy.plugins.filter.resource_tags import resource_tags
from ansible_collections.airflow_ecs.deploy.plugins.filter.subnet_cidrs import subnet_cidrs
from ansible_collections.airflow_ecs.deploy.plugins.filter.task_definition_settings import task_definition_settings


def test_resource_tags_add_the_collection_tags_to_the_users():
    assert resource_tags({"owner": "data"}, "prod") == {
        "owner": "data", "airflow_ecs_environment": "prod", "managed_by": "airflow_ecs.deploy"}


def test_resource_tags_win_over_a_user_tag_of_the_same_name():
    assert resource_tags({"managed_by": "me"}, "prod")["managed_by"] == "airflow_ecs.deploy"


def test_lookup_options_keep_what_the_amazon_aws_lookups_take():
    settings = {"region": "us-east-1", "endpoint_url": "http://127.0.0.1:5000", "access_key": "a", "secret_key": "b",
                "aws_ca_bundle": "/etc/ca.pem", "validate_certs": False}
    assert aws_lookup_options(settings) == {"region": "us-east-1", "endpoint_url": "http://127.0.0.1:5000",
                                            "access_key": "a", "secret_key": "b"}


@pytest.mark.parametrize(("cidr", "newbits"), [("10.40.0.0/30", 4), ("10.40.0.0/27", 1)])
def test_subnet_cidrs_refuse_what_cannot_be_split(cidr, newbits):
    with pytest.raises(AnsibleFilterError, match="cannot carve"):
        subnet_cidrs(cidr, newbits)


def test_task_definition_settings_fill_the_modules_defaults():
    storage = task_definition_settings({}, "dag_storage")
    assert (storage["mode"], storage["host_path"]) == ("s3fs", "/mnt/airflow-dags")
    assert task_definition_settings({"host_path": "/mnt/dags"}, "dag_storage")["host_path"] == "/mnt/dags"


def test_the_worker_stop_timeout_is_the_longest_task_plus_the_margin():
    assert task_definition_settings({}, "worker")["stop_timeout"] == 630
    assert task_definition_settings({"longest_task_seconds": 2700}, "worker")["stop_timeout"] == 2730


def test_task_definition_settings_of_an_unknown_group():
    with pytest.raises(AnsibleFilterError, match="no option group 'workers'"):
        task_definition_settings({}, "workers")


@pytest.mark.parametrize(("image", "arns"), [
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/data/airflow:3.3.2-extra",
     ["arn:aws:ecr:eu-west-1:123456789012:repository/data/airflow"]),
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/airflow@sha256:" + "a" * 64, ["arn:aws:ecr:eu-west-1:123456789012:repository/airflow"]),
    ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/airflow:1", ["arn:aws-cn:ecr:cn-north-1:123456789012:repository/airflow"]),
    ("apache/airflow:3.3.2-python3.11", []),
    ("registry.example.com/123456789012.dkr.ecr.eu-west-1.amazonaws.com/airflow:1", []),
    (None, []),
])
def test_ecr_repository_arns_of_an_image(image, arns):
    assert ecr_repository_arns(image) == arns
