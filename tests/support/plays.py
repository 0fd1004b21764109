"""The playbooks tests write, and the four runs every behaviour gets.

A test writes one play for localhost (our modules' AWS settings come from the inventory's
`airflow_ecs_aws`) that runs a module task, includes a role, or both, then runs it with the
`playbook` fixture. `four_runs` is the house style: check mode, apply, check mode again,
apply again; check mode comes from `--check`, so a role's tasks get it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, NamedTuple

from aws_emulator import PlaybookRun

TASK = "Task under test"
AWS_DEFAULTS = {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws | airflow_ecs.deploy.aws_module_defaults }}"}


def _fqcn(name: str) -> str:
    return name if "." in name else f"airflow_ecs.deploy.{name}"


def module_task(module: str, args: dict, name: str = TASK, **keywords) -> dict:
    """A task that runs a module (our short name or any FQCN) with args; keywords such as `no_log` go beside."""
    return {"name": name, _fqcn(module): args, **keywords}


def role_task(role: str, role_vars: dict | None = None, tasks_from: str | None = None, name: str = TASK) -> dict:
    """A task that includes a role (our short name or any FQCN), optionally one of its task files, with vars."""
    include = {"name": _fqcn(role)}
    if tasks_from:
        include["tasks_from"] = tasks_from
    task = {"name": name, "ansible.builtin.include_role": include}
    if role_vars:
        task["vars"] = role_vars
    return task


def write_play(
    directory: str | Path,
    tasks: list[dict] | tuple = (),
    roles: list | tuple = (),
    play_vars: dict | None = None,
    filename: str = "play.yml",
) -> str:
    """Write a one-play playbook into directory; returns its path."""
    play = {"hosts": "localhost", "gather_facts": False, "module_defaults": AWS_DEFAULTS}
    if play_vars:
        play["vars"] = play_vars
    if roles:
        play["roles"] = list(roles)
    if tasks:
        play["tasks"] = list(tasks)
    path = Path(directory) / filename
    path.write_text(json.dumps([play]))  # JSON is YAML
    return str(path)


def run_task(playbook: Callable[..., PlaybookRun], path: str, task: str = TASK, **options) -> tuple[PlaybookRun, dict]:
    """Run the playbook once (options as for run_playbook: check, diff, ...).

    Returns the run and the first result of task, {} when the task did not run.
    """
    run = playbook(path, **options)
    results = run.task_results(task)
    return run, (results[0] if results else {})


class FourRuns(NamedTuple):
    """The four runs, by name; each a task result (a dict) or a whole PlaybookRun."""

    check: dict | PlaybookRun
    apply: dict | PlaybookRun
    check_again: dict | PlaybookRun
    apply_again: dict | PlaybookRun

    def converged(self) -> bool:
        """Whether the first check and apply changed something and the second pair did not."""
        changed = [run["changed"] if isinstance(run, dict) else run.changed for run in self]
        return bool(changed[0] and changed[1]) and not (changed[2] or changed[3])


def four_runs(
    playbook: Callable[..., PlaybookRun],
    path: str,
    task: str | None = None,
    diff: bool = False,
    each: Callable[[PlaybookRun], None] | None = None,
) -> FourRuns:
    """Run the playbook four times: check mode, apply, check mode again, apply again.

    Every run must succeed; each(run) may look at every run as well (its output, say).
    With task the runs are that task's results, else the PlaybookRuns themselves.
    """
    runs = []
    for check in (True, False, True, False):
        run = playbook(path, check=check, diff=diff)
        assert run.returncode == 0, run.output
        if each:
            each(run)
        runs.append(run.task_results(task)[0] if task else run)
    return FourRuns(*runs)
