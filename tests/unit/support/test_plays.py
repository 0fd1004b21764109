"""tests/support/plays.py: the plays tests write and the four runs (no emulator: a fake runner)."""

from __future__ import annotations

import json

import pytest
from aws_emulator import PlaybookRun
from plays import AWS_DEFAULTS, TASK, FourRuns, four_runs, module_task, role_task, run_task, write_play


def _run(changed: bool, returncode: int = 0, output: str = "") -> PlaybookRun:
    task = {"task": {"name": TASK}, "hosts": {"localhost": {"changed": changed}}}
    result = {"plays": [{"tasks": [task]}], "stats": {"localhost": {"changed": int(changed), "failures": 0}}}
    return PlaybookRun(returncode=returncode, output=output, result=result)


class FakePlaybook:
    """Answers each run with the next PlaybookRun and records how it was called."""

    def __init__(self, *runs):
        self.runs = list(runs)
        self.calls = []

    def __call__(self, path, **options):
        self.calls.append((path, options))
        return self.runs.pop(0)


def test_a_module_play_for_localhost_with_our_aws_defaults(tmp_path):
    path = write_play(tmp_path, [module_task("ecs_cluster", {"name": "x"}, no_log=True)])
    [play] = json.loads((tmp_path / "play.yml").read_text())
    assert path == str(tmp_path / "play.yml")
    assert play == {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": AWS_DEFAULTS,
        "tasks": [{"name": TASK, "airflow_ecs.deploy.ecs_cluster": {"name": "x"}, "no_log": True}],
    }


def test_a_role_play_with_vars(tmp_path):
    tasks = [role_task("redis", {"redis_port": 6379}, tasks_from="start"), module_task("ansible.builtin.debug", {"msg": "x"}, name="Show")]
    write_play(tmp_path, tasks, roles=["airflow_ecs.deploy.iam"], play_vars={"airflow_ecs_environment": "it"}, filename="r.yml")
    [play] = json.loads((tmp_path / "r.yml").read_text())
    assert play["vars"] == {"airflow_ecs_environment": "it"} and play["roles"] == ["airflow_ecs.deploy.iam"]
    assert play["tasks"] == [
        {"name": TASK, "ansible.builtin.include_role": {"name": "airflow_ecs.deploy.redis", "tasks_from": "start"}, "vars": {"redis_port": 6379}},
        {"name": "Show", "ansible.builtin.debug": {"msg": "x"}},
    ]


def test_four_runs_check_apply_check_apply():
    playbook = FakePlaybook(_run(True), _run(True), _run(False), _run(False))
    seen = []
    runs = four_runs(playbook, "p.yml", task=TASK, diff=True, each=seen.append)
    assert [call[1] for call in playbook.calls] == [{"check": check, "diff": True} for check in (True, False, True, False)]
    assert runs == FourRuns({"changed": True}, {"changed": True}, {"changed": False}, {"changed": False})
    assert runs.converged() and len(seen) == 4


def test_without_a_task_the_runs_themselves_come_back():
    runs = four_runs(FakePlaybook(_run(True), _run(True), _run(True), _run(False)), "p.yml")
    assert isinstance(runs.apply, PlaybookRun)
    assert not runs.converged()


def test_every_run_must_succeed():
    with pytest.raises(AssertionError, match="boom"):
        four_runs(FakePlaybook(_run(True), _run(True, returncode=2, output="boom")), "p.yml", task=TASK)


def test_run_task_gives_the_first_result_or_nothing():
    run, result = run_task(FakePlaybook(_run(True)), "p.yml", check=True)
    assert result == {"changed": True}
    run, result = run_task(FakePlaybook(_run(True)), "p.yml", task="Other")
    assert result == {} and run.returncode == 0
