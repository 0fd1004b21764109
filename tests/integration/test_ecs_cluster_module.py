"""airflow_ecs.deploy.ecs_cluster on the emulator: check mode, apply, and again, unchanged."""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, write_play

pytestmark = pytest.mark.emulator


def _playbook(tmp_path, module_args: dict) -> str:
    return write_play(tmp_path, [module_task("ecs_cluster", module_args)])


def _converge(playbook, tmp_path, module_args: dict):
    return four_runs(playbook, _playbook(tmp_path, module_args), task=TASK)


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
    run = playbook(_playbook(tmp_path, args))
    assert run.returncode != 0
    assert "names 'worker', which is not in capacity_providers" in run.output
    assert _described(clean_emulator, "it-cluster") == []
