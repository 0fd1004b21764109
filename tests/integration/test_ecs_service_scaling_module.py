"""airflow_ecs.deploy.ecs_service_scaling on the emulator: the four runs, purge, and absent."""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, write_play

pytestmark = pytest.mark.emulator

RESOURCE = "service/it-scaling/worker"
STEPS = [{"lower_bound": 0, "upper_bound": 2, "scaling_adjustment": 2}, {"lower_bound": 2, "scaling_adjustment": 4}]


def _playbook(tmp_path, module_args: dict) -> str:
    return write_play(tmp_path, [module_task("ecs_service_scaling", module_args)])


def _converge(playbook, tmp_path, module_args: dict):
    return four_runs(playbook, _playbook(tmp_path, module_args), task=TASK)


def _service(emulator):
    ecs = emulator.client("ecs")
    ecs.create_cluster(clusterName="it-scaling")
    ecs.register_task_definition(family="it-worker", containerDefinitions=[{"name": "worker", "image": "x", "memory": 128}])
    ecs.create_service(cluster="it-scaling", serviceName="worker", taskDefinition="it-worker", desiredCount=2)


def _policy_names(emulator):
    policies = emulator.client("application-autoscaling").describe_scaling_policies(ServiceNamespace="ecs", ResourceId=RESOURCE)
    return sorted(policy["PolicyName"] for policy in policies["ScalingPolicies"])


def test_create_change_purge_and_remove(clean_emulator, playbook, tmp_path):
    _service(clean_emulator)
    args = {"cluster": "it-scaling", "service": "worker", "min_capacity": 0, "max_capacity": 4,
            "step_policies": [{"name": "out", "adjustment_type": "ExactCapacity", "metric_aggregation_type": "Maximum", "step_adjustments": STEPS}]}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, args)
    assert check["changed"] and apply["changed"] and not check_again["changed"] and not apply_again["changed"]
    assert check["policies"]["out"]["arn"] is None and check["diff"]["before"] == {"scalable_target": None, "policies": {}}
    assert apply["scalable_target"] == {"min_capacity": 0, "max_capacity": 4}
    assert apply["policies"]["out"]["arn"].endswith("policyName/out")
    assert apply["resource_id"] == RESOURCE

    # A policy put by hand is purged; a new maximum and cooldown are one change each.
    clean_emulator.client("application-autoscaling").put_scaling_policy(
        PolicyName="by-hand", ServiceNamespace="ecs", ResourceId=RESOURCE, ScalableDimension="ecs:service:DesiredCount",
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration={"AdjustmentType": "ChangeInCapacity", "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]},
    )
    changed = dict(args, max_capacity=6, step_policies=[dict(args["step_policies"][0], cooldown=300)])
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, changed)
    assert check["changed"] and apply["changed"] and not check_again["changed"] and not apply_again["changed"]
    assert check["diff"]["before"]["scalable_target"]["max_capacity"] == 4 and check["diff"]["after"]["scalable_target"]["max_capacity"] == 6
    assert sorted(check["diff"]["before"]["policies"]) == ["by-hand", "out"] and sorted(check["diff"]["after"]["policies"]) == ["out"]
    assert _policy_names(clean_emulator) == ["out"]
    assert apply["policies"]["out"]["cooldown"] == 300

    check, apply, check_again, apply_again = _converge(playbook, tmp_path, {"cluster": "it-scaling", "service": "worker", "state": "absent"})
    assert check["changed"] and apply["changed"] and not check_again["changed"] and not apply_again["changed"]
    assert apply["scalable_target"] is None and _policy_names(clean_emulator) == []
    [service] = clean_emulator.client("ecs").describe_services(cluster="it-scaling", services=["worker"])["services"]
    assert service["desiredCount"] == 2


def test_bad_steps_fail_before_any_aws_call(clean_emulator, playbook, tmp_path):
    gap = [{"lower_bound": 0, "upper_bound": 1, "scaling_adjustment": 1}, {"lower_bound": 2, "scaling_adjustment": 2}]
    args = {"cluster": "it-scaling", "service": "worker", "min_capacity": 3, "max_capacity": 2,
            "step_policies": [{"name": "gap", "step_adjustments": gap}]}
    run = playbook(_playbook(tmp_path, args))
    assert run.returncode != 0
    [result] = run.task_results(TASK)
    assert "min_capacity (3) and max_capacity (2)" in result["msg"]
    assert "step_policies[gap]: steps must meet without gap or overlap (1.0 then 2.0)" in result["msg"]
