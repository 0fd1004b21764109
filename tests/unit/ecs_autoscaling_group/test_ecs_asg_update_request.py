"""update_request: only what differs is sent, and the after state matches it."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import update_request


def test_matching_options_send_nothing(current, options):
    request, after = update_request(current, options())
    assert request == {}
    assert after == current


def test_only_the_changed_size_is_sent(current, options):
    request, after = update_request(current, options(max_size=10))
    assert request == {"MaxSize": 10}
    assert after == dict(current, max_size=10)


def test_desired_capacity_is_not_sent_without_enforce(current, options):
    request, _after = update_request(current, options(desired_capacity=0))
    assert request == {}


def test_enforced_desired_capacity_is_sent(current, options):
    request, after = update_request(current, options(desired_capacity=1, enforce_desired_capacity=True))
    assert request == {"DesiredCapacity": 1}
    assert after["desired_capacity"] == 1


def test_several_changes_go_in_one_request(current, options):
    request, after = update_request(
        current,
        options(
            launch_template={"name": None, "id": "lt-9", "version": "4"},
            subnet_ids=["subnet-c"],
            new_instances_protected_from_scale_in=False,
            termination_policies=["OldestInstance"],
        ),
    )
    assert request == {
        "LaunchTemplate": {"LaunchTemplateId": "lt-9", "Version": "4"},
        "VPCZoneIdentifier": "subnet-c",
        "NewInstancesProtectedFromScaleIn": False,
        "TerminationPolicies": ["OldestInstance"],
    }
    assert after["subnet_ids"] == ["subnet-c"]
    assert after["launch_template"] == {"id": "lt-9", "name": None, "version": "4"}
