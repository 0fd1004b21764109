"""create_request / planned_group: what a create sends and what check mode reports."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import create_request
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import planned_group


def test_minimal_create(options):
    assert create_request(options(subnet_ids=["subnet-b", "subnet-a"])) == {
        "AutoScalingGroupName": "airflow-prod-worker",
        "LaunchTemplate": {"LaunchTemplateName": "airflow-prod-worker", "Version": "$Latest"},
        "MinSize": 0,
        "MaxSize": 4,
        "DesiredCapacity": 0,
        "VPCZoneIdentifier": "subnet-a,subnet-b",
    }


def test_desired_capacity_defaults_to_min_size(options):
    assert create_request(options(min_size=1))["DesiredCapacity"] == 1
    assert create_request(options(min_size=1, desired_capacity=3))["DesiredCapacity"] == 3


def test_launch_template_by_id(options):
    request = create_request(options(launch_template={"name": None, "id": "lt-1", "version": "2"}))
    assert request["LaunchTemplate"] == {"LaunchTemplateId": "lt-1", "Version": "2"}


def test_optional_settings_and_tags(options):
    request = create_request(
        options(
            new_instances_protected_from_scale_in=True,
            health_check_type="EC2",
            health_check_grace_period=60,
            default_instance_warmup=-1,
            max_instance_lifetime=0,
            termination_policies=[],
            tags={"env": "prod"},
        )
    )
    assert request["NewInstancesProtectedFromScaleIn"] is True
    assert request["HealthCheckGracePeriod"] == 60
    # The values that mean "unset" are not sent on create.
    for key in ("DefaultInstanceWarmup", "MaxInstanceLifetime", "TerminationPolicies"):
        assert key not in request
    assert request["Tags"][0]["PropagateAtLaunch"] is True


def test_planned_group_is_the_normalized_shape(options, current):
    planned = planned_group(options(tags={"env": "prod"}, metrics_collection=True))
    assert set(planned) == set(current)
    assert planned["arn"] is None
    assert planned["desired_capacity"] == 0
    assert planned["metrics_collection"] is True
    assert planned["tags"] == {"env": "prod"}
