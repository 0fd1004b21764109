"""module_utils/ecs_task_run: reading a stopped one-off task."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_task_run import log_pointer, outcome

TASK_ARN = "arn:aws:ecs:eu-west-1:123456789012:task/airflow-prod/0123456789abcdef"
DEFINITION = {
    "containerDefinitions": [
        {
            "name": "migrate",
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {"awslogs-group": "/airflow-ecs/prod", "awslogs-stream-prefix": "migrate"},
            },
        },
        {"name": "scratch-init", "logConfiguration": {"logDriver": "json-file"}},
    ]
}


def _task(exit_code=None, reason=None, status="STOPPED"):
    container = {"name": "migrate"}
    if exit_code is not None:
        container["exitCode"] = exit_code
    if reason:
        container["reason"] = reason
    return {"lastStatus": status, "containers": [container], "stoppedReason": "Essential container in task exited"}


def test_exit_code_zero_succeeds():
    assert outcome(_task(0), "migrate") == (True, "migrate exited with 0")


def test_non_zero_exit_code_fails_with_the_code():
    succeeded, message = outcome(_task(1), "migrate")
    assert not succeeded and message == "migrate exited with 1"


def test_a_container_that_never_ran_reports_why():
    succeeded, message = outcome(_task(reason="CannotPullContainerError: pull access denied"), "migrate")
    assert not succeeded and "CannotPullContainerError" in message


def test_unknown_container_fails():
    assert outcome(_task(0), "api-server") == (False, "the task has no container named api-server")


def test_log_pointer_follows_the_awslogs_stream_naming():
    assert log_pointer(DEFINITION, TASK_ARN, "migrate") == ("/airflow-ecs/prod", "migrate/migrate/0123456789abcdef")
    assert log_pointer(DEFINITION, TASK_ARN, "scratch-init") is None
    assert log_pointer(DEFINITION, TASK_ARN, "nope") is None


def test_the_age_of_a_task_counts_from_its_creation():
    import datetime

    from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_task_run import elapsed_seconds

    created = datetime.datetime(2026, 12, 2, 18, 0, tzinfo=datetime.timezone.utc)
    now = created + datetime.timedelta(minutes=3, seconds=7.9)
    assert elapsed_seconds({"createdAt": created}, now) == 187
    assert elapsed_seconds({"createdAt": created.replace(tzinfo=None)}, now) == 187
    assert elapsed_seconds({}, now) == 0
    assert elapsed_seconds({"createdAt": now + datetime.timedelta(seconds=5)}, now) == 0
