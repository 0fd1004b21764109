"""The worker_scaling role's rules on names, and its capacity and policy settings named as the role's inputs
(the arithmetic behind them is tested in tests/unit/worker_scaling)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from role_inputs_support import problems

from ansible_collections.airflow_ecs.deploy.plugins.filter.worker_scaling_plan import worker_scaling_plan

GOOD = {"worker_scaling_environment": "prod", "worker_scaling_cluster_name": "airflow-prod",
        "worker_scaling_service_name": "worker", "worker_scaling_metric_namespace": "AirflowECS"}


def test_good_inputs_pass():
    assert problems("worker_scaling", GOOD) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"worker_scaling_metric_namespace": "AWS/ECS"}, "worker_scaling_metric_namespace must be a CloudWatch namespace"),
    ({"worker_scaling_cluster_name": "airflow prod"}, "worker_scaling_cluster_name must be 1 to 255 letters"),
    ({"worker_scaling_service_name": ""}, "worker_scaling_service_name must be 1 to 255 letters"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("worker_scaling", dict(GOOD, **change))


# The capacity and policy settings go through the worker_scaling_plan filter, which names them the way
# the role's validate entry point does: with the role's inputs (vars/main.yml, __worker_scaling_names).
ROLE_VARS = Path(__file__).resolve().parents[3] / "roles" / "worker_scaling" / "vars" / "main.yml"
SETTINGS = {"environment": "prod", "namespace": "AirflowECS", "name_prefix": "airflow-prod-workers-", "min_capacity": 0,
            "max_capacity": 10, "idle_minutes": 10, "cooldown_seconds": 60, "period_seconds": 60}


def _plan_errors(change: dict) -> list[str]:
    names = yaml.safe_load(ROLE_VARS.read_text())["__worker_scaling_names"]
    return worker_scaling_plan(dict(SETTINGS, **change), names=names)["errors"]


def test_good_settings_from_the_command_line_pass():
    assert _plan_errors({"min_capacity": "1", "max_capacity": "4"}) == []


@pytest.mark.parametrize(("change", "message"), [
    ({"min_capacity": 5, "max_capacity": 2}, "worker_scaling_min_workers (5) must not exceed worker_scaling_max_workers (2)"),
    ({"period_seconds": 90}, "worker_scaling_period_seconds must be a multiple of 60 (standard-resolution metrics), got 90"),
    ({"idle_minutes": 0}, "worker_scaling_idle_minutes must be a whole number from 1 to 1440, got 0"),
])
def test_bad_settings_are_named_as_the_role_inputs(change, message):
    assert _plan_errors(change) == [message]
