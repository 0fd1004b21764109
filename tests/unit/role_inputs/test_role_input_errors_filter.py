"""The role_input_errors filter: a dispatch to each role's rules."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.airflow_ecs.deploy.plugins.filter.role_input_errors import ROLES, FilterModule, role_input_errors


def test_every_role_of_the_collection_has_rules():
    from pathlib import Path

    roles = Path(__file__).resolve().parents[3] / "roles"
    assert sorted(ROLES) == sorted(path.name for path in roles.iterdir() if path.is_dir())


def test_an_unknown_role_is_refused():
    with pytest.raises(AnsibleFilterError, match="no rules for role 'webserver'"):
        role_input_errors({}, "webserver")


def test_the_input_must_be_a_dict():
    with pytest.raises(AnsibleFilterError, match="must be a dict"):
        role_input_errors(["logs_group_name"], "logs")


def test_the_filter_is_registered():
    assert FilterModule().filters()["role_input_errors"] is role_input_errors
