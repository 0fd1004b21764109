"""airflow_ecs.deploy.airflow_task_definition on the emulator."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import official_image

pytestmark = pytest.mark.emulator

SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:it/airflow-AbCdEf"
BASE = {
    "environment": "it",
    "component": "scheduler",
    "image": official_image(),  # of the release the module defaults to
    "execution_role_arn": "arn:aws:iam::123456789012:role/it-execution",
    "task_role_arn": "arn:aws:iam::123456789012:role/it-scheduler",
    "log_group": "/airflow-ecs/it",
    "region": "us-east-1",
    "execution_api_server_url": "http://api-server.it.local:8080/execution/",
    "secrets": {
        name: {"arn": SECRET, "json_key": name}
        for name in ("fernet_key", "jwt_secret", "api_secret_key", "sql_alchemy_conn", "broker_url", "result_backend")
    },
}


def _run(playbook, tmp_path, args: dict, check: bool = False, diff: bool = False):
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "tasks": [{"name": "Register", "airflow_ecs.deploy.airflow_task_definition": args, "register": "registered"}],
    }
    path = tmp_path / "taskdef.yml"
    path.write_text(json.dumps([play]))
    run = playbook(str(path), check=check, diff=diff)
    results = run.task_results("Register")
    return run, (results[0] if results else None)


def _revisions(emulator, family="it-airflow-scheduler"):
    arns = emulator.client("ecs").list_task_definitions(familyPrefix=family, status="ACTIVE")["taskDefinitionArns"]
    return sorted(int(arn.rsplit(":", 1)[1]) for arn in arns)


def test_register_rerun_and_change_one_input(clean_emulator, playbook, tmp_path):
    run, result = _run(playbook, tmp_path, BASE, check=True)
    assert run.returncode == 0, run.output
    assert result["changed"] and result["task_definition_arn"] is None
    assert _revisions(clean_emulator) == []

    run, first = _run(playbook, tmp_path, BASE)
    assert run.returncode == 0, run.output
    assert first["changed"] and first["revision"] == 1

    for check in (True, False):
        run, again = _run(playbook, tmp_path, BASE, check=check)
        assert run.returncode == 0, run.output
        assert not again["changed"], again["differences"]
        assert again["task_definition_arn"] == first["task_definition_arn"]

    changed = copy.deepcopy(BASE)
    changed["airflow_config"] = {"core": {"max_active_tasks_per_dag": 32}}
    run, preview = _run(playbook, tmp_path, changed, check=True, diff=True)
    assert run.returncode == 0, run.output
    assert preview["changed"]
    assert preview["differences"] == [
        "containerDefinitions[scheduler].environment.AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG"
    ]
    before, after = preview["diff"]["before"], preview["diff"]["after"]
    assert {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)} == {"containerDefinitions"}
    [changed_before] = [c for c in before["containerDefinitions"] if c not in after["containerDefinitions"]]
    [changed_after] = [c for c in after["containerDefinitions"] if c not in before["containerDefinitions"]]
    assert changed_before["name"] == changed_after["name"] == "scheduler"
    assert [e for e in changed_after["environment"] if e not in changed_before["environment"]] == [
        {"name": "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG", "value": "32"}
    ]
    assert _revisions(clean_emulator) == [1]

    run, second = _run(playbook, tmp_path, changed)
    assert run.returncode == 0, run.output
    assert second["changed"] and second["revision"] == 2
    assert _revisions(clean_emulator) == [1, 2]
    run, third = _run(playbook, tmp_path, changed)
    assert not third["changed"] and third["revision"] == 2

    described = clean_emulator.client("ecs").describe_task_definition(taskDefinition="it-airflow-scheduler")
    [container] = [c for c in described["taskDefinition"]["containerDefinitions"] if c["name"] == "scheduler"]
    env = {item["name"]: item["value"] for item in container["environment"]}
    assert env["AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG"] == "32"
    assert not any("FERNET" in name or "SQL_ALCHEMY" in name for name in env)
    assert {item["name"] for item in container["secrets"]} >= {
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        "AIRFLOW__API_AUTH__JWT_SECRET",
    }


def test_bad_input_fails_before_any_aws_call_and_lists_every_problem(clean_emulator, playbook, tmp_path):
    bad = copy.deepcopy(BASE)
    bad["secrets"]["fernet_key"] = "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1wcmludA=="
    bad["memory"] = 128
    bad["execution_api_server_url"] = "http://localhost:8080/execution/"
    run, result = _run(playbook, tmp_path, bad)
    assert run.returncode != 0
    message = result["msg"]
    assert "secrets.fernet_key" in message
    assert "memory" in message
    assert "execution_api_server_url" in message
    assert "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1wcmludA" not in run.output
    assert _revisions(clean_emulator) == []


def test_absent_deregisters_only_this_family(clean_emulator, playbook, tmp_path):
    worker = dict(BASE, component="worker")
    worker_gpu = dict(BASE, component="worker", family="it-airflow-worker-gpu")
    for args in (worker, worker_gpu):
        run, _result = _run(playbook, tmp_path, args)
        assert run.returncode == 0, run.output

    absent = {"environment": "it", "component": "worker", "state": "absent"}
    run, result = _run(playbook, tmp_path, absent, check=True)
    assert result["changed"] and len(result["deregistered"]) == 1
    assert _revisions(clean_emulator, "it-airflow-worker") == [1]

    run, result = _run(playbook, tmp_path, absent)
    assert run.returncode == 0, run.output
    assert result["changed"]
    ecs = clean_emulator.client("ecs")
    assert ecs.list_task_definitions(familyPrefix="it-airflow-worker-gpu", status="ACTIVE")["taskDefinitionArns"]
    active = ecs.list_task_definitions(familyPrefix="it-airflow-worker", status="ACTIVE")["taskDefinitionArns"]
    assert all("worker-gpu" in arn for arn in active)

    run, result = _run(playbook, tmp_path, absent)
    assert not result["changed"]
