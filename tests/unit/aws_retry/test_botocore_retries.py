"""botocore's retries for every AWS module: the defaults, a team's override, what is refused, and
that every playbook hands them over through module_defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible_collections.airflow_ecs.deploy.plugins.filter.aws_module_defaults import aws_module_defaults
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import (
    botocore_retries,
    botocore_retries_errors,
    module_defaults,
)

ROOT = Path(__file__).resolve().parents[3]
CONNECTION = {"region": "eu-west-1", "profile": "prod"}


def test_defaults_outlast_a_throttle_repeated_three_times():
    assert botocore_retries() == {"mode": "standard", "max_attempts": 10}
    assert botocore_retries({"mode": "adaptive"}) == {"mode": "adaptive", "max_attempts": 10}


def test_module_defaults_keep_the_connection_and_add_aws_config():
    assert module_defaults(CONNECTION) == {**CONNECTION, "aws_config": {"retries": {"mode": "standard", "total_max_attempts": 10}}}
    assert module_defaults({**CONNECTION, "retries": {"max_attempts": 5}}) == {
        **CONNECTION, "aws_config": {"retries": {"mode": "standard", "total_max_attempts": 5}},
    }


@pytest.mark.parametrize(("retries", "message"), [
    ({"mode": "legacy"}, "airflow_ecs_aws.retries.mode must be one of standard, adaptive; got 'legacy'."),
    ({"max_attempts": 2}, "airflow_ecs_aws.retries.max_attempts must be a whole number from 3 to 25"),
    ({"max_attempts": True}, "got True"),
    ({"max_attempts": 40}, "got 40"),
    ({"total_max_attempts": 5}, "airflow_ecs_aws.retries.total_max_attempts is not a setting; use mode or max_attempts."),
    ("standard", "airflow_ecs_aws.retries must be a dict"),
])
def test_bad_retries_name_the_setting(retries, message):
    assert message in " ".join(botocore_retries_errors("airflow_ecs_aws.retries", retries))


def test_the_filter_refuses_what_the_rule_refuses():
    from ansible.errors import AnsibleFilterError

    with pytest.raises(AnsibleFilterError, match="retries.mode must be one of"):
        aws_module_defaults({**CONNECTION, "retries": {"mode": "legacy"}})


def _plays():
    for path in sorted([*ROOT.glob("playbooks/*.yml"), *ROOT.glob("molecule/*/*.yml")]):
        document = yaml.safe_load(path.read_text())
        if isinstance(document, list):
            for play in document:
                if isinstance(play, dict) and "hosts" in play:
                    yield path.relative_to(ROOT), play


def test_every_play_with_aws_defaults_hands_over_the_retries():
    plays = [(path, play["module_defaults"]["group/airflow_ecs.deploy.aws"]) for path, play in _plays()
             if "group/airflow_ecs.deploy.aws" in (play.get("module_defaults") or {})]
    assert len(plays) > 30
    # A play that names its settings inline must not reach AWS (it tests a refusal).
    without = [str(path) for path, value in plays
               if isinstance(value, str) and "airflow_ecs.deploy.aws_module_defaults" not in value
               or isinstance(value, dict) and "127.0.0.1:9" not in value.get("endpoint_url", "")]
    assert without == []
