"""airflow_ecs.deploy.ecs_cluster on the emulator: check mode, apply, and again, unchanged."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.emulator


def _write_playbook(tmp_path, module_args: dict, check: bool) -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "tasks": [{"name": "Manage the cluster", "airflow_ecs.deploy.ecs_cluster": module_args, "check_mode": check}],
    }
    path = tmp_path / "cluster.yml"
    path.write_text(json.dumps([play]))  # JSON is YAML
    return str(path)


def _converge(playbook, tmp_path, module_args: dict):
    """The four runs of the house style: check, apply, check again, apply again."""
    results = []
    for check in (True, False, True, False):
        run = playbook(_write_playbook(tmp_path, module_args, check))
        assert run.returncode == 0, run.output
        [result] = run.task_results("Manage the cluster")
        results.append(result)
    return results


def _described(emulator, name):
    clusters = emulator.client("ecs").describe_clusters(clusters=[name], include=["TAGS", "SETTINGS"])["clusters"]
    return [cluster for cluster in clusters if cluster["status"] == "ACTIVE"]


def test_create_update_and_delete(clean_emulator, playbook, tmp_path):
    create = {"name": "it-cluster", "container_insights": "enabled", "tags": {"team": "data", "airflow_ecs_environment": "it"}}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, create)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert apply["cluster"]["tags"] == {"team": "data", "airflow_ecs_environment": "it"}
    assert apply["diff"]["before"] == {}

    update = {"name": "it-cluster", "container_insights": "disabled", "tags": {"airflow_ecs_environment": "it"}}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, update)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["diff"]["before"]["container_insights"] == "enabled"
    assert check["diff"]["after"]["container_insights"] == "disabled"
    [cluster] = _described(clean_emulator, "it-cluster")
    assert {tag["key"] for tag in cluster["tags"]} == {"airflow_ecs_environment"}
    assert {"name": "containerInsights", "value": "disabled"} in cluster["settings"]

    check, apply, check_again, apply_again = _converge(playbook, tmp_path, {"name": "it-cluster", "state": "absent"})
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert _described(clean_emulator, "it-cluster") == []


def test_a_strategy_naming_an_unattached_provider_fails_before_any_call(clean_emulator, playbook, tmp_path):
    args = {
        "name": "it-cluster",
        "capacity_providers": ["core"],
        "default_capacity_provider_strategy": [{"capacity_provider": "worker", "weight": 1}],
    }
    run = playbook(_write_playbook(tmp_path, args, check=False))
    assert run.returncode != 0
    assert "names 'worker', which is not in capacity_providers" in run.output
    assert _described(clean_emulator, "it-cluster") == []
