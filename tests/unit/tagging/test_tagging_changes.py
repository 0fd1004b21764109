"""tag_changes: what to set and what to remove, on amazon.aws's compare_aws_tags."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import tag_changes


def test_unset_desired_tags_change_nothing():
    assert tag_changes({"env": "prod"}, None, purge=True) == ({}, [])


def test_equal_tags_change_nothing():
    assert tag_changes({"env": "prod"}, {"env": "prod"}, purge=True) == ({}, [])


def test_new_and_changed_values_are_set():
    assert tag_changes({"env": "prod"}, {"env": "dev", "team": "data"}, purge=True) == ({"env": "dev", "team": "data"}, [])


def test_purge_removes_the_others_sorted_but_never_aws_tags():
    current = {"zeta": "1", "env": "prod", "alpha": "2", "aws:cloudformation:stack-name": "s"}
    assert tag_changes(current, {"env": "prod"}, purge=True) == ({}, ["alpha", "zeta"])


def test_without_purge_nothing_is_removed():
    assert tag_changes({"env": "prod", "old": "x"}, {"env": "prod"}, purge=False) == ({}, [])


def test_keep_protects_keys_from_purge_only():
    assert tag_changes({"env": "prod", "Managed": ""}, {"env": "prod"}, purge=True, keep=("Managed",)) == ({}, [])
    assert tag_changes({"Managed": "x"}, {"Managed": "y"}, purge=True, keep=("Managed",)) == ({"Managed": "y"}, [])


def test_an_unset_current_value_is_set_again():
    assert tag_changes({"env": None}, {"env": "prod"}, purge=True) == ({"env": "prod"}, [])
