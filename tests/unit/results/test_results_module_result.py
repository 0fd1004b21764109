"""module_result and resource_diff: the result every module exits with."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff


def test_a_change_carries_the_diff():
    diff = resource_diff({"size": 1}, {"size": 2})
    assert module_result(True, diff, cluster={"size": 2}) == {
        "changed": True,
        "cluster": {"size": 2},
        "diff": {"before": {"size": 1}, "after": {"size": 2}},
    }


def test_no_change_has_no_diff():
    assert module_result(False, resource_diff({"size": 1}, {"size": 1}), cluster={"size": 1}) == {
        "changed": False,
        "cluster": {"size": 1},
    }


def test_a_missing_resource_diffs_as_empty():
    assert resource_diff(None, {"size": 1}) == {"before": {}, "after": {"size": 1}}
    assert resource_diff({"size": 1}, None) == {"before": {"size": 1}, "after": {}}


def test_changed_comes_first_and_the_values_keep_their_order():
    result = module_result(True, None, family="f", task_definition_arn=None, revision=None)
    assert list(result) == ["changed", "family", "task_definition_arn", "revision"]
