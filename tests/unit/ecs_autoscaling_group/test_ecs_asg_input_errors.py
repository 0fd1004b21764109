"""input_errors: bad options fail before any AWS call, naming the option."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import input_errors


def test_valid_options_have_no_errors(options):
    assert input_errors(options(desired_capacity=2)) == []


@pytest.mark.parametrize(
    ("changes", "option"),
    [
        ({"min_size": 5, "max_size": 4}, "min_size (5) must not be larger than max_size (4)"),
        ({"desired_capacity": 5}, "desired_capacity (5) must not be larger than max_size"),
        ({"min_size": 2, "desired_capacity": 1}, "desired_capacity (1) must not be smaller than min_size"),
        ({"max_size": -1}, "max_size must be 0 or more"),
        ({"default_instance_warmup": -2}, "default_instance_warmup"),
        ({"max_instance_lifetime": 3600}, "max_instance_lifetime"),
        ({"subnet_ids": []}, "subnet_ids"),
    ],
)
def test_each_error_names_the_option(options, changes, option):
    errors = input_errors(options(**changes))
    assert any(option in error for error in errors), errors


def test_absent_needs_no_sizes():
    assert input_errors({"name": "g", "state": "absent"}) == []
