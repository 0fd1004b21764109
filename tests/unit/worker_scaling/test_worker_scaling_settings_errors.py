"""module_utils/worker_scaling: bad scaling settings are reported, each naming the setting."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import alarms, settings_errors

GOOD = {"min_capacity": 0, "max_capacity": 10, "period_seconds": 60, "cooldown_seconds": 60, "idle_minutes": 10}


def test_good_settings_have_no_errors():
    assert settings_errors(GOOD) == []
    assert settings_errors(dict(GOOD, min_capacity=10, max_capacity=10, period_seconds=3600, cooldown_seconds=0)) == []


@pytest.mark.parametrize("key", sorted(GOOD))
def test_missing_setting_is_named(key):
    settings = {name: value for name, value in GOOD.items() if name != key}
    errors = settings_errors(settings)
    assert len(errors) == 1
    assert errors[0].startswith(key + " must be a whole number")
    assert errors[0].endswith("got None")


@pytest.mark.parametrize("key", sorted(GOOD))
def test_bools_are_refused(key):
    errors = settings_errors(dict(GOOD, **{key: True}))
    assert len(errors) == 1
    assert errors[0].startswith(key + " ")
    assert errors[0].endswith("got True")


@pytest.mark.parametrize("value", [10.0, "10", None, [10]])
def test_non_integers_are_refused(value):
    assert settings_errors(dict(GOOD, max_capacity=value)) == ["max_capacity must be a whole number from 1 to 1000, got %r" % (value,)]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("min_capacity", -1, "min_capacity must be a whole number from 0 to 1000, got -1"),
        ("max_capacity", 0, "max_capacity must be a whole number from 1 to 1000, got 0"),
        ("max_capacity", 1001, "max_capacity must be a whole number from 1 to 1000, got 1001"),
        ("period_seconds", 30, "period_seconds must be a whole number from 60 to 3600, got 30"),
        ("period_seconds", 3660, "period_seconds must be a whole number from 60 to 3600, got 3660"),
        ("cooldown_seconds", 3601, "cooldown_seconds must be a whole number from 0 to 3600, got 3601"),
        ("idle_minutes", 0, "idle_minutes must be a whole number from 1 to 1440, got 0"),
        ("idle_minutes", 1441, "idle_minutes must be a whole number from 1 to 1440, got 1441"),
    ],
)
def test_out_of_range(key, value, message):
    assert settings_errors(dict(GOOD, **{key: value})) == [message]


def test_every_bad_setting_is_reported():
    errors = settings_errors(dict(GOOD, min_capacity=-1, period_seconds=True, idle_minutes=0))
    assert [error.split()[0] for error in errors] == ["min_capacity", "period_seconds", "idle_minutes"]


def test_min_above_max():
    assert settings_errors(dict(GOOD, min_capacity=11, max_capacity=10)) == ["min_capacity (11) must not exceed max_capacity (10)"]


@pytest.mark.parametrize("period", [90, 61, 3599])
def test_period_must_be_whole_minutes(period):
    assert settings_errors(dict(GOOD, period_seconds=period)) == [
        "period_seconds must be a multiple of 60 (standard-resolution metrics), got %d" % period
    ]


def test_idle_alarm_window_beyond_cloudwatch_limit_is_refused():
    # PutMetricAlarm rejects an alarm whose periods span more than 86,400 s when its period is under 3,600 s.
    settings = dict(GOOD, environment="prod", idle_minutes=1440, period_seconds=420)
    assert settings_errors(settings) == [
        "idle_minutes 1440 over periods of 420 s needs an alarm window of 86520 s; CloudWatch allows 86400 s: "
        "shorten idle_minutes or lengthen period_seconds"
    ]
    exact = dict(GOOD, environment="prod", idle_minutes=1440, period_seconds=60)
    assert settings_errors(exact) == []
    assert alarms(exact)["idle"]["evaluation_periods"] * 60 == 86400
