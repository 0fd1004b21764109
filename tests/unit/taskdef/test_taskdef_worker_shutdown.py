"""Warm shutdown of Celery workers: running tasks finish before ECS kills the container."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, container, env_of, storage_for


def _worker(launch_type="EC2", **worker):
    storage = storage_for("s3fs" if launch_type == "EC2" else "image")
    return base_spec("worker", launch_type=launch_type, dag_storage=storage, worker=worker)


def test_stop_timeout_is_longest_task_plus_margin():
    definition = render_task_definition(_worker(longest_task_seconds=3600, stop_timeout_margin_seconds=45))
    assert container(definition, "worker")["stopTimeout"] == 3645


def test_default_stop_timeout_on_ec2():
    assert container(render_task_definition(_worker()), "worker")["stopTimeout"] == 630


@pytest.mark.parametrize("major", [3, 2])
def test_sigterm_reaches_only_the_celery_main_process(major):
    spec = base_spec("worker", major)
    assert env_of(container(render_task_definition(spec), "worker"))["DUMB_INIT_SETSID"] == "0"


@pytest.mark.parametrize("component", ["scheduler", "api-server", "triggerer", "dag-processor", "flower"])
def test_only_workers_change_the_signal_handling(component):
    definition = render_task_definition(base_spec(component))
    assert "DUMB_INIT_SETSID" not in env_of(container(definition, component))
    assert container(definition, component)["stopTimeout"] <= 120


def test_fargate_cap_is_refused_with_the_way_out():
    errors = validation_errors(_worker("FARGATE"))
    assert len(errors) == 1
    message = errors[0]
    assert message.startswith("worker.longest_task_seconds")
    assert "630 s" in message and "120 s" in message
    assert "launch_type EC2" in message and "under 90 s" in message


def test_fargate_accepts_short_tasks():
    definition = render_task_definition(_worker("FARGATE", longest_task_seconds=90, stop_timeout_margin_seconds=30))
    assert container(definition, "worker")["stopTimeout"] == 120


def test_ec2_cap():
    errors = validation_errors(_worker(longest_task_seconds=86400, stop_timeout_margin_seconds=30))
    assert len(errors) == 1 and errors[0].startswith("worker.longest_task_seconds")
    assert "86400" in errors[0]


def test_worker_timeouts_do_not_block_other_components_on_fargate():
    spec = base_spec("scheduler", launch_type="FARGATE", dag_storage=storage_for("image"))
    assert validation_errors(spec) == []


def test_worker_concurrency_is_rendered_on_the_worker_only():
    spec = base_spec("worker", worker={"concurrency": 4})
    assert env_of(container(render_task_definition(spec), "worker"))["AIRFLOW__CELERY__WORKER_CONCURRENCY"] == "4"
    scheduler = render_task_definition(base_spec("scheduler", worker={"concurrency": 4}))
    assert "AIRFLOW__CELERY__WORKER_CONCURRENCY" not in env_of(container(scheduler, "scheduler"))
