"""The dag_storage role on the emulator: bucket, sync, unchanged re-run, check --diff, apply."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.emulator

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "airflow-ecs-local-dags-123456789012"
DAGS = ["deferrable_sensor.py", "fan_out.py", "variable_and_connection.py"]


@pytest.fixture
def dags(tmp_path) -> Path:
    source = tmp_path / "dags"
    shutil.copytree(ROOT / "files" / "dags", source, ignore=shutil.ignore_patterns("__pycache__"))
    return source


def _write_playbook(tmp_path, role_vars: dict) -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "vars": {"airflow_ecs_on_emulator": True, **role_vars},
        "roles": [{"role": "airflow_ecs.deploy.dag_storage"}],
        "post_tasks": [
            {
                "name": "Show the outputs",
                "ansible.builtin.debug": {
                    "msg": {
                        "bucket": "{{ dag_storage_bucket_name }}",
                        "arn": "{{ dag_storage_bucket_arn }}",
                        "prefix": "{{ dag_storage_prefix }}",
                    }
                },
            }
        ],
    }
    path = tmp_path / "dag_storage.yml"
    path.write_text(json.dumps([play]))  # JSON is YAML
    return str(path)


def _objects(emulator) -> dict:
    listing = emulator.client("s3").list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: item["ETag"] for item in listing}


def test_sync_uploads_then_changes_nothing(clean_emulator, playbook, tmp_path, dags):
    book = _write_playbook(tmp_path, {"dag_storage_source_dir": str(dags)})
    first = playbook(book)
    assert first.returncode == 0, first.output
    [sync] = first.task_results("Sync the DAGs into the bucket")
    assert sync["uploaded"] == [f"dags/{name}" for name in DAGS]
    assert sorted(_objects(clean_emulator)) == [f"dags/{name}" for name in DAGS]
    [outputs] = first.task_results("Show the outputs")
    assert outputs["msg"] == {"bucket": BUCKET, "arn": f"arn:aws:s3:::{BUCKET}", "prefix": "dags/"}

    s3 = clean_emulator.client("s3")
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    rule = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert all(s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"].values())
    tags = {tag["Key"]: tag["Value"] for tag in s3.get_bucket_tagging(Bucket=BUCKET)["TagSet"]}
    assert tags["airflow_ecs_environment"] == "local" and tags["managed_by"] == "airflow_ecs.deploy"
    head = s3.head_object(Bucket=BUCKET, Key="dags/fan_out.py")
    assert head["ContentType"] == "text/x-python"

    second = playbook(book)
    assert second.returncode == 0, second.output
    assert second.changed == 0


def test_check_diff_shows_exactly_the_changes_then_apply_makes_them(clean_emulator, playbook, tmp_path, dags):
    book = _write_playbook(tmp_path, {"dag_storage_source_dir": str(dags)})
    assert playbook(book).returncode == 0
    before = _objects(clean_emulator)

    with open(dags / "fan_out.py", "a") as handle:
        handle.write("# a change\n")
    (dags / "deferrable_sensor.py").unlink()
    (dags / "__pycache__").mkdir(exist_ok=True)
    (dags / "__pycache__" / "fan_out.cpython-311.pyc").write_bytes(b"\0")

    check = playbook(book, check=True, diff=True)
    assert check.returncode == 0, check.output
    assert check.changed == 1
    [sync] = check.task_results("Sync the DAGs into the bucket")
    assert sync["uploaded"] == ["dags/fan_out.py"]
    assert sync["deleted"] == ["dags/deferrable_sensor.py"]
    assert sync["unchanged"] == 1
    removed = set(sync["diff"]["before"].splitlines()) - set(sync["diff"]["after"].splitlines())
    added = set(sync["diff"]["after"].splitlines()) - set(sync["diff"]["before"].splitlines())
    assert {line.split()[0] for line in removed} == {"dags/fan_out.py", "dags/deferrable_sensor.py"}
    assert {line.split()[0] for line in added} == {"dags/fan_out.py"}
    assert _objects(clean_emulator) == before, "check mode changed the bucket"

    apply = playbook(book)
    assert apply.returncode == 0, apply.output
    [sync] = apply.task_results("Sync the DAGs into the bucket")
    assert (sync["uploaded"], sync["deleted"]) == (["dags/fan_out.py"], ["dags/deferrable_sensor.py"])
    after = _objects(clean_emulator)
    assert sorted(after) == ["dags/fan_out.py", "dags/variable_and_connection.py"]
    assert after["dags/fan_out.py"] != before["dags/fan_out.py"]
    assert after["dags/variable_and_connection.py"] == before["dags/variable_and_connection.py"]

    again = playbook(book, check=True, diff=True)
    assert again.returncode == 0 and again.changed == 0


def test_check_mode_on_a_fresh_account_creates_nothing(clean_emulator, playbook, tmp_path, dags):
    run = playbook(_write_playbook(tmp_path, {"dag_storage_source_dir": str(dags)}), check=True, diff=True)
    assert run.returncode == 0, run.output
    [sync] = run.task_results("Sync the DAGs into the bucket")
    assert sync["uploaded"] == [f"dags/{name}" for name in DAGS]
    assert clean_emulator.client("s3").list_buckets()["Buckets"] == []


def test_the_tls_only_policy_is_enforced(clean_emulator, playbook, tmp_path, dags):
    # Off the emulator switch the policy is applied; the emulator is plain HTTP and
    # enforces it, so the upload is refused: proof that the policy denies non-TLS.
    run = playbook(_write_playbook(tmp_path, {"dag_storage_source_dir": str(dags), "airflow_ecs_on_emulator": False}))
    assert run.returncode != 0
    assert "PutObject operation: Forbidden" in run.output
    policy = json.loads(clean_emulator.client("s3").get_bucket_policy(Bucket=BUCKET)["Policy"])
    [statement] = policy["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert sorted(statement["Resource"]) == [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]


@pytest.mark.parametrize(
    ("role_vars", "message"),
    [
        ({"dag_storage_prefix": "/dags/"}, "dag_storage_prefix must be"),
        ({"dag_storage_prefix": "dags"}, "dag_storage_prefix must be"),
        ({"dag_storage_bucket_name": "Airflow_DAGs"}, "dag_storage_bucket_name must be"),
        ({"dag_storage_source_dir": "/nonexistent/dags"}, "dag_storage_source_dir: '/nonexistent/dags' is not a directory"),
    ],
)
def test_bad_input_fails_before_any_aws_call(clean_emulator, playbook, tmp_path, dags, role_vars, message):
    served_before = clean_emulator.requests_served()
    run = playbook(_write_playbook(tmp_path, {"dag_storage_source_dir": str(dags), **role_vars}))
    assert run.returncode != 0
    assert message in run.output
    assert clean_emulator.requests_served() == served_before, "a bad input reached the AWS API"
