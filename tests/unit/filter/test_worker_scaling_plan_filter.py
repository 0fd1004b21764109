"""The worker_scaling_plan filter: settings to step policies and alarms, with renamed errors."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.filter.worker_scaling_plan import (
    FilterModule,
    worker_scaling_plan,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import alarms

SETTINGS = {
    "environment": "prod",
    "min_capacity": 0,
    "max_capacity": 10,
    "period_seconds": 60,
    "cooldown_seconds": 60,
    "idle_minutes": 10,
}

# What the worker_scaling role hands the filter (roles/worker_scaling/vars/main.yml).
ROLE_NAMES = {
    "min_capacity": "worker_scaling_min_workers",
    "max_capacity": "worker_scaling_max_workers",
    "idle_minutes": "worker_scaling_idle_minutes",
    "cooldown_seconds": "worker_scaling_cooldown_seconds",
    "period_seconds": "worker_scaling_period_seconds",
}


def settings(**overrides):
    return dict(SETTINGS, **overrides)


def test_a_normal_input_gives_the_track_and_idle_policies_in_the_module_shape():
    plan = worker_scaling_plan(settings())
    assert plan["errors"] == []
    assert sorted(plan["policies"]) == ["idle", "track"]
    track, idle = plan["policies"]["track"], plan["policies"]["idle"]
    for name, policy in (("track", track), ("idle", idle)):
        assert policy["name"] == name
        assert policy["adjustment_type"] == "ExactCapacity"
        assert policy["cooldown"] == 60
        assert policy["metric_aggregation_type"] == "Maximum"
    # One step per worker count up to 10; the last step is open above.
    assert track["step_adjustments"][:2] == [
        {"lower_bound": 0, "upper_bound": 1, "scaling_adjustment": 1},
        {"lower_bound": 1, "upper_bound": 2, "scaling_adjustment": 2},
    ]
    assert track["step_adjustments"][-1] == {"lower_bound": 9, "scaling_adjustment": 10}
    assert len(track["step_adjustments"]) == 10
    assert idle["step_adjustments"] == [{"upper_bound": 0, "scaling_adjustment": 0}]


def test_a_normal_input_gives_the_alarm_options_by_policy():
    plan = worker_scaling_plan(settings())
    assert sorted(plan["alarms"]) == ["idle", "track"]
    assert plan["alarms"] == alarms(SETTINGS)
    assert plan["alarms"]["track"]["comparison"] == "GreaterThanOrEqualToThreshold"
    assert plan["alarms"]["idle"]["comparison"] == "LessThanThreshold"
    assert plan["alarms"]["idle"]["evaluation_periods"] == 10
    assert {alarm["dimensions"]["Environment"] for alarm in plan["alarms"].values()} == {"prod"}


def test_the_name_prefix_goes_before_the_policy_names_only():
    plan = worker_scaling_plan(settings(name_prefix="airflow-prod-workers-"))
    assert {key: policy["name"] for key, policy in plan["policies"].items()} == {
        "track": "airflow-prod-workers-track",
        "idle": "airflow-prod-workers-idle",
    }
    assert sorted(plan["alarms"]) == ["idle", "track"]
    assert plan["alarms"] == worker_scaling_plan(settings())["alarms"]


def test_errors_name_the_settings_as_renamed_and_leave_the_plan_empty():
    plan = worker_scaling_plan(settings(max_capacity=0), names=ROLE_NAMES)
    assert plan == {
        "errors": ["worker_scaling_max_workers must be a whole number from 1 to 1000, got 0"],
        "policies": {},
        "alarms": {},
    }


def test_every_setting_in_one_error_is_renamed():
    [error] = worker_scaling_plan(settings(min_capacity=5, max_capacity=3), names=ROLE_NAMES)["errors"]
    assert error == "worker_scaling_min_workers (5) must not exceed worker_scaling_max_workers (3)"


def test_without_names_errors_keep_the_setting_names():
    [error] = worker_scaling_plan(settings(period_seconds=90))["errors"]
    assert error == "period_seconds must be a multiple of 60 (standard-resolution metrics), got 90"


def test_numbers_given_as_strings_are_converted_like_an_int_option():
    # `-e worker_scaling_max_workers=10` and templated role vars arrive as strings.
    given = {key: str(value) if isinstance(value, int) else value for key, value in SETTINGS.items()}
    assert worker_scaling_plan(given) == worker_scaling_plan(settings())


@pytest.mark.parametrize("value", ["lots", "2.5", ""])
def test_a_string_that_is_no_whole_number_is_reported_as_given(value):
    [error] = worker_scaling_plan(settings(max_capacity=value), names=ROLE_NAMES)["errors"]
    assert error == "worker_scaling_max_workers must be a whole number from 1 to 1000, got %r" % (value,)


def test_a_boolean_is_no_number():
    [error] = worker_scaling_plan(settings(min_capacity=True))["errors"]
    assert error == "min_capacity must be a whole number from 0 to 1000, got True"


@pytest.mark.parametrize("given", ["environment=prod", ["min_capacity", 0], None, 10])
def test_an_input_that_is_not_a_dict_is_refused(given):
    with pytest.raises(AnsibleFilterError, match="the input must be a dict of settings"):
        worker_scaling_plan(given)


def test_the_plugin_registers_the_filter():
    assert FilterModule().filters() == {"worker_scaling_plan": worker_scaling_plan}
