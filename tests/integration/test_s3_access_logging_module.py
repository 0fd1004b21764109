"""airflow_ecs.deploy.s3_access_logging on the emulator: check mode, apply, and again, unchanged;
a target bucket whose policy does not admit the logging service is named."""

from __future__ import annotations

import json

import pytest
from plays import TASK, four_runs, module_task, write_play

pytestmark = pytest.mark.emulator

SOURCE, TARGET = "it-dags", "it-access-logs"


def _buckets(emulator, policy: bool = True):
    s3 = emulator.client("s3")
    s3.create_bucket(Bucket=SOURCE)
    s3.create_bucket(Bucket=TARGET)
    if policy:
        statement = {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                     "Resource": f"arn:aws:s3:::{TARGET}/*",
                     "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{SOURCE}"}}}
        s3.put_bucket_policy(Bucket=TARGET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return s3


def _converge(playbook, tmp_path, module_args: dict):
    return four_runs(playbook, write_play(tmp_path, [module_task("s3_access_logging", module_args)]), task=TASK)


def test_turn_on_move_and_turn_off(clean_emulator, playbook, tmp_path):
    s3 = _buckets(clean_emulator)
    on = {"bucket": SOURCE, "target_bucket": TARGET, "target_prefix": f"{SOURCE}/"}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, on)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["diff"] == {"before": {}, "after": {"target_bucket": TARGET, "target_prefix": f"{SOURCE}/"}}
    assert s3.get_bucket_logging(Bucket=SOURCE)["LoggingEnabled"] == {"TargetBucket": TARGET, "TargetPrefix": f"{SOURCE}/"}

    check, apply, check_again, apply_again = _converge(playbook, tmp_path, dict(on, target_prefix=f"{SOURCE}/2026/"))
    assert check["changed"] and apply["changed"] and not apply_again["changed"]
    assert check["diff"]["before"]["target_prefix"] == f"{SOURCE}/"

    check, apply, check_again, apply_again = _converge(playbook, tmp_path, {"bucket": SOURCE, "state": "absent"})
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert apply["logging"] is None
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=SOURCE)


def test_a_target_that_does_not_admit_the_logging_service_is_named(clean_emulator, playbook, tmp_path):
    s3 = _buckets(clean_emulator, policy=False)
    run = playbook(write_play(tmp_path, [module_task("s3_access_logging", {"bucket": SOURCE, "target_bucket": TARGET})]))
    assert run.returncode != 0
    assert f"S3 refuses {TARGET} as the log bucket of {SOURCE}" in run.output
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=SOURCE)
