"""module_utils/ecs_capacity_provider: termination protection and draining, unset = unchanged."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_capacity_provider import (
    managed_draining_changed,
    managed_termination_protection_changed,
)

CURRENT = {"managed_termination_protection": "ENABLED", "managed_draining": "ENABLED"}


@pytest.mark.parametrize(("desired", "changed"), [(None, False), ("ENABLED", False), ("DISABLED", True)])
def test_managed_termination_protection(desired, changed):
    assert managed_termination_protection_changed(CURRENT, desired) is changed


@pytest.mark.parametrize(("desired", "changed"), [(None, False), ("ENABLED", False), ("DISABLED", True)])
def test_managed_draining(desired, changed):
    assert managed_draining_changed(CURRENT, desired) is changed
