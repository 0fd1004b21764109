"""Shared inputs for the ecs_autoscaling_group unit tests: a described group and module options."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import normalize_group

ARN = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0f1e:autoScalingGroupName/airflow-prod-worker"

DESCRIBED = {
    "AutoScalingGroupName": "airflow-prod-worker",
    "AutoScalingGroupARN": ARN,
    "LaunchTemplate": {"LaunchTemplateId": "lt-0123", "LaunchTemplateName": "airflow-prod-worker", "Version": "$Latest"},
    "MinSize": 0,
    "MaxSize": 4,
    "DesiredCapacity": 2,
    "VPCZoneIdentifier": "subnet-b,subnet-a",
    "NewInstancesProtectedFromScaleIn": True,
    "HealthCheckType": "EC2",
    "HealthCheckGracePeriod": 300,
    "TerminationPolicies": ["Default"],
    "CapacityRebalance": False,
    "EnabledMetrics": [{"Metric": "GroupInServiceInstances", "Granularity": "1Minute"}],
    "Tags": [
        {"ResourceId": "airflow-prod-worker", "ResourceType": "auto-scaling-group", "Key": "env", "Value": "prod", "PropagateAtLaunch": True},
        {"ResourceId": "airflow-prod-worker", "ResourceType": "auto-scaling-group", "Key": "AmazonECSManaged", "Value": "", "PropagateAtLaunch": True},
    ],
    "Instances": [],
    "Status": None,
}

# Module options as AnsibleAWSModule hands them over: everything optional unset.
OPTIONS = {
    "name": "airflow-prod-worker",
    "state": "present",
    "launch_template": {"name": "airflow-prod-worker", "id": None, "version": "$Latest"},
    "min_size": 0,
    "max_size": 4,
    "desired_capacity": None,
    "enforce_desired_capacity": False,
    "subnet_ids": ["subnet-a", "subnet-b"],
    "new_instances_protected_from_scale_in": None,
    "health_check_type": None,
    "health_check_grace_period": None,
    "default_instance_warmup": None,
    "capacity_rebalance": None,
    "termination_policies": None,
    "max_instance_lifetime": None,
    "metrics_collection": None,
    "tags": None,
    "purge_tags": True,
    "force_delete": False,
    "wait": True,
    "wait_timeout": 600,
}


@pytest.fixture
def described():
    return {key: (list(value) if isinstance(value, list) else value) for key, value in DESCRIBED.items()}


@pytest.fixture
def current(described):
    return normalize_group(described)


@pytest.fixture
def options():
    def _options(**changes):
        return dict(OPTIONS, **changes)

    return _options
