"""The secrets role on the emulator: generated once, never regenerated, never printed."""

from __future__ import annotations

import base64
import json
import re

import pytest

pytestmark = pytest.mark.emulator

PREFIX = "airflow-ecs/it/"
NAMES = ("airflow", "database-password", "redis-auth-token")
ALNUM = re.compile(r"^[A-Za-z0-9]+$")


def _write_playbook(tmp_path, role_vars: dict | None = None) -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "vars": {"airflow_ecs_environment": "it", **(role_vars or {})},
        "roles": ["airflow_ecs.deploy.secrets"],
        "tasks": [
            {
                "name": "Show the outputs",
                "ansible.builtin.debug": {
                    "msg": {
                        "prefix": "{{ secrets_path_prefix }}",
                        "airflow": "{{ secrets_airflow_secret_arn }}",
                        "database-password": "{{ secrets_database_password_secret_arn }}",
                        "redis-auth-token": "{{ secrets_redis_auth_token_secret_arn }}",
                    }
                },
            }
        ],
    }
    path = tmp_path / "secrets.yml"
    path.write_text(json.dumps([play]))
    return str(path)


def _outputs(run) -> dict:
    [result] = run.task_results("Show the outputs")
    return result["msg"]


def _values(emulator) -> dict:
    client = emulator.client("secretsmanager")
    return {name: json.loads(client.get_secret_value(SecretId=PREFIX + name)["SecretString"]) for name in NAMES}


def _secret_names(emulator) -> list[str]:
    return sorted(secret["Name"] for secret in emulator.client("secretsmanager").list_secrets()["SecretList"])


def test_generated_once_and_kept_on_the_next_run(clean_emulator, playbook, tmp_path):
    path = _write_playbook(tmp_path)
    first = playbook(path)
    assert first.returncode == 0, first.output
    assert first.changed == 1  # one looped task stores the three secrets
    created = _values(clean_emulator)

    second = playbook(path)
    assert second.returncode == 0, second.output
    assert second.changed == 0
    assert _values(clean_emulator) == created

    check = playbook(path, check=True, diff=True)
    assert check.returncode == 0, check.output
    assert check.changed == 0

    outputs = _outputs(second)
    assert outputs["prefix"] == PREFIX
    client = clean_emulator.client("secretsmanager")
    for name in NAMES:
        described = client.describe_secret(SecretId=PREFIX + name)
        assert outputs[name] == described["ARN"]
        tags = {tag["Key"]: tag["Value"] for tag in described["Tags"]}
        assert tags["airflow_ecs_environment"] == "it"
        assert tags["managed_by"] == "airflow_ecs.deploy"


def test_values_have_the_formats_airflow_rds_and_elasticache_accept(clean_emulator, playbook, tmp_path):
    assert playbook(_write_playbook(tmp_path)).returncode == 0
    values = _values(clean_emulator)

    airflow = values["airflow"]
    assert set(airflow) == {"fernet_key", "jwt_secret", "api_secret_key"}
    key = airflow["fernet_key"]
    raw = base64.urlsafe_b64decode(key)
    assert len(raw) == 32
    assert base64.urlsafe_b64encode(raw).decode() == key  # canonical, as Fernet.generate_key() writes it
    for name in ("jwt_secret", "api_secret_key"):
        assert len(airflow[name]) == 64 and ALNUM.match(airflow[name])
    assert airflow["jwt_secret"] != airflow["api_secret_key"]

    password = values["database-password"]
    assert set(password) == {"password"}
    assert len(password["password"]) == 32 and ALNUM.match(password["password"])

    token = values["redis-auth-token"]
    assert set(token) == {"auth_token"}
    assert len(token["auth_token"]) == 64 and ALNUM.match(token["auth_token"])


def test_verbose_diff_output_never_shows_a_value(clean_emulator, playbook, tmp_path):
    path = _write_playbook(tmp_path)
    outputs = [playbook(path, diff=True, extra_args=["-vvv"], callback=callback) for callback in ("ansible.builtin.default", "ansible.builtin.json")]
    outputs.append(playbook(path, check=True, diff=True, extra_args=["-vvv"], callback="ansible.builtin.default"))
    for run in outputs:
        assert run.returncode == 0, run.output
    secrets = [value for values in _values(clean_emulator).values() for value in values.values()]
    assert len(secrets) == 5
    for run in outputs:
        for secret in secrets:
            assert secret not in run.output
            assert secret[:16] not in run.output
    assert "censored" in outputs[0].output


def test_check_mode_on_a_fresh_account_creates_nothing(clean_emulator, playbook, tmp_path):
    run = playbook(_write_playbook(tmp_path), check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed == 1
    assert _secret_names(clean_emulator) == []
    # No ARN exists yet: the names stand in.
    assert _outputs(run) == {"prefix": PREFIX, **{name: PREFIX + name for name in NAMES}}


def test_deleted_secrets_come_back_with_their_values(clean_emulator, playbook, tmp_path):
    present = _write_playbook(tmp_path)
    assert playbook(present).returncode == 0
    created = _values(clean_emulator)

    (tmp_path / "absent").mkdir()
    absent = _write_playbook(tmp_path / "absent", {"secrets_state": "absent", "secrets_recovery_window_days": 7})
    run = playbook(absent)
    assert run.returncode == 0, run.output
    client = clean_emulator.client("secretsmanager")
    assert all("DeletedDate" in client.describe_secret(SecretId=PREFIX + name) for name in NAMES)

    run = playbook(present)
    assert run.returncode == 0, run.output
    assert all("DeletedDate" not in client.describe_secret(SecretId=PREFIX + name) for name in NAMES)
    assert _values(clean_emulator) == created


@pytest.mark.parametrize(
    ("role_vars", "failed_task", "message"),
    [
        ({"secrets_recovery_window_days": 3}, "Check the recovery window", "secrets_recovery_window_days must be 0"),
        ({"secrets_kms_key_id": "alias/airflow"}, "Check the KMS key", "secrets_kms_key_id must be the ARN of a KMS key"),
        ({"secrets_environment": "Prod"}, "Check the environment name", "secrets_environment must be"),
        ({"secrets_state": "gone"}, None, "secrets_state"),
    ],
)
def test_bad_input_fails_before_any_aws_call(clean_emulator, playbook, tmp_path, role_vars, failed_task, message):
    run = playbook(_write_playbook(tmp_path, role_vars))
    assert run.returncode != 0
    assert message in run.output
    if failed_task:
        assert run.failed_task() == failed_task
    assert _secret_names(clean_emulator) == []
