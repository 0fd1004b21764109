"""metrics_collection_action: enable when none is collected, disable only when some are."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import metrics_collection_action


def test_true_with_metrics_collected_does_nothing(current):
    assert metrics_collection_action(current, True) is None


def test_false_disables_collected_metrics(current):
    assert metrics_collection_action(current, False) == "disable"


def test_false_without_metrics_does_nothing(current):
    current["metrics_collection"] = False
    assert metrics_collection_action(current, False) is None


def test_true_without_metrics_enables(current):
    current["metrics_collection"] = False
    assert metrics_collection_action(current, True) == "enable"


def test_unset_does_nothing(current):
    assert metrics_collection_action(current, None) is None
