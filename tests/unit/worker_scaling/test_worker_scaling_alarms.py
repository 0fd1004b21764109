"""module_utils/worker_scaling: the track and idle alarms on RequiredWorkers."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import alarms

SETTINGS = {
    "environment": "prod",
    "min_capacity": 0,
    "max_capacity": 10,
    "period_seconds": 60,
    "cooldown_seconds": 60,
    "idle_minutes": 10,
}


def test_both_alarms_watch_the_maximum_of_required_workers():
    found = alarms(SETTINGS)
    assert sorted(found) == ["idle", "track"]
    for alarm in found.values():
        assert alarm["namespace"] == "AirflowECS"
        assert alarm["metric_name"] == "RequiredWorkers"
        assert alarm["dimensions"] == {"Environment": "prod"}
        assert alarm["statistic"] == "Maximum"
        assert alarm["period"] == 60
        assert alarm["threshold"] == 1.0
        assert isinstance(alarm["threshold"], float)


def test_namespace_can_be_overridden():
    assert {alarm["namespace"] for alarm in alarms(dict(SETTINGS, namespace="Custom")).values()} == {"Custom"}


def test_track_fires_on_one_period_with_work_and_ignores_missing_data():
    track = alarms(SETTINGS)["track"]
    assert track["comparison"] == "GreaterThanOrEqualToThreshold"
    assert track["evaluation_periods"] == 1
    assert track["treat_missing_data"] == "notBreaching"


def test_idle_fires_on_reported_idleness_only():
    idle = alarms(SETTINGS)["idle"]
    assert idle["comparison"] == "LessThanThreshold"
    assert idle["treat_missing_data"] == "missing"


@pytest.mark.parametrize(
    ("idle_minutes", "period_seconds", "periods"),
    [(10, 60, 10), (1, 60, 1), (10, 300, 2), (7, 300, 2), (15, 300, 3), (1, 3600, 1), (90, 3600, 2), (1440, 60, 1440)],
)
def test_idle_evaluation_periods_round_up_to_whole_periods(idle_minutes, period_seconds, periods):
    settings = dict(SETTINGS, idle_minutes=idle_minutes, period_seconds=period_seconds)
    found = alarms(settings)
    assert found["idle"]["evaluation_periods"] == periods
    assert isinstance(found["idle"]["evaluation_periods"], int)
    assert found["track"]["evaluation_periods"] == 1
