"""airflow_ecs.deploy.ecs_account_setting on the emulator: check mode, apply, and again, unchanged.
The emulator implements PutAccountSetting (scope principal) but not PutAccountSettingDefault."""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, write_play

pytestmark = pytest.mark.emulator


def _converge(playbook, tmp_path, module_args: dict):
    return four_runs(playbook, write_play(tmp_path, [module_task("ecs_account_setting", module_args)]), task=TASK)


def _effective(emulator, name):
    return emulator.client("ecs").list_account_settings(name=name, effectiveSettings=True)["settings"]


def test_set_then_turn_off_for_the_caller(clean_emulator, playbook, tmp_path):
    enable = {"name": "awsvpcTrunking", "value": "enabled", "scope": "principal"}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, enable)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["diff"] == {"before": {}, "after": {"name": "awsvpcTrunking", "value": "enabled", "principal_arn": None}}
    assert apply_again["setting"]["value"] == "enabled"
    assert [setting["value"] for setting in _effective(clean_emulator, "awsvpcTrunking")] == ["enabled"]

    check, apply, check_again, apply_again = _converge(playbook, tmp_path, dict(enable, value="disabled"))
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert (check["diff"]["before"]["value"], check["diff"]["after"]["value"]) == ("enabled", "disabled")
    assert [setting["value"] for setting in _effective(clean_emulator, "awsvpcTrunking")] == ["disabled"]


def test_a_principal_with_the_account_default_fails_before_any_call(clean_emulator, playbook, tmp_path):
    args = {"name": "awsvpcTrunking", "value": "enabled", "principal_arn": "arn:aws:iam::123456789012:role/x"}
    run = playbook(write_play(tmp_path, [module_task("ecs_account_setting", args)]))
    assert run.returncode != 0
    assert "principal_arn goes with scope=principal" in run.output
    assert _effective(clean_emulator, "awsvpcTrunking") == []
