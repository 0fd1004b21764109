"""Whole rendered definitions, compared exactly with reviewed JSON files.

Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from taskdef_inputs import base_spec, storage_for

GOLDEN = Path(__file__).resolve().parent / "golden"

CASES = {
    "airflow3-scheduler-ec2-s3fs": base_spec("scheduler"),
    "airflow3-worker-fargate-image": base_spec(
        "worker",
        launch_type="FARGATE",
        dag_storage=storage_for("image"),
        worker={"concurrency": 4, "longest_task_seconds": 75, "stop_timeout_margin_seconds": 30},
        remote_logging={"destination": "s3", "base_log_folder": "s3://prod-airflow-logs/tasks"},
    ),
    "airflow2-api-server-ec2-efs": base_spec(
        "api-server",
        2,
        dag_storage=storage_for("efs"),
        api_base_url="https://airflow.example.com",
        tags={"team": "data"},
    ),
    "airflow3-triggerer-ec2-git": base_spec(
        "triggerer",
        network_mode="bridge",
        dag_storage=storage_for("git"),
        statsd={"enabled": True, "host": "statsd.airflow.local"},
        airflow_config={"triggerer": {"capacity": 500}},
    ),
}


def _text(definition):
    return json.dumps(definition, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden_file(name):
    path = GOLDEN / ("%s.json" % name)
    rendered = _text(render_task_definition(CASES[name]))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(rendered)
    assert path.exists(), "missing %s: run with UPDATE_GOLDEN=1" % path.name
    assert rendered == path.read_text()
