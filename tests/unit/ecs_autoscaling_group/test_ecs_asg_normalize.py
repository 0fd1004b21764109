"""normalize_group: the snake_case shape the module returns and diffs."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.ecs_autoscaling_group import normalize_group


def test_a_described_group_is_normalized(described):
    assert normalize_group(described) == {
        "name": "airflow-prod-worker",
        "arn": described["AutoScalingGroupARN"],
        "launch_template": {"id": "lt-0123", "name": "airflow-prod-worker", "version": "$Latest"},
        "min_size": 0,
        "max_size": 4,
        "desired_capacity": 2,
        "subnet_ids": ["subnet-a", "subnet-b"],
        "new_instances_protected_from_scale_in": True,
        "health_check_type": "EC2",
        "health_check_grace_period": 300,
        "default_instance_warmup": None,
        "capacity_rebalance": False,
        "termination_policies": ["Default"],
        "max_instance_lifetime": None,
        "metrics_collection": True,
        "tags": {"env": "prod", "AmazonECSManaged": ""},
    }


def test_missing_fields_get_the_aws_defaults(described):
    for key in ("NewInstancesProtectedFromScaleIn", "TerminationPolicies", "EnabledMetrics", "Tags", "CapacityRebalance"):
        del described[key]
    group = normalize_group(described)
    assert group["new_instances_protected_from_scale_in"] is False
    assert group["termination_policies"] == ["Default"]
    assert group["metrics_collection"] is False
    assert group["capacity_rebalance"] is False
    assert group["tags"] == {}


def test_no_group_is_none():
    assert normalize_group(None) is None
