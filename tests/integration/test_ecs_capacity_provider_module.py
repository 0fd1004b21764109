"""airflow_ecs.deploy.ecs_capacity_provider on the emulator.

Each behaviour runs four times: check mode, apply, check mode again, apply again. The Auto
Scaling group is created with boto3 in the test setup.
"""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, run_task, write_play

pytestmark = pytest.mark.emulator

NAME = "it-airflow-worker"


def _playbook(tmp_path, module_args: dict) -> str:
    return write_play(tmp_path, [module_task("ecs_capacity_provider", module_args)])


def _run_once(playbook, tmp_path, module_args):
    return run_task(playbook, _playbook(tmp_path, module_args), diff=True)


def _converge(playbook, tmp_path, module_args: dict):
    """The four runs, which must change, change, not change, not change."""
    runs = four_runs(playbook, _playbook(tmp_path, module_args), task=TASK, diff=True)
    assert runs.converged(), runs
    return runs


def _auto_scaling_group(emulator, name):
    ec2 = emulator.client("ec2")
    template = f"{name}-lt"
    ec2.create_launch_template(
        LaunchTemplateName=template, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.medium"}
    )
    autoscaling = emulator.client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=name,
        LaunchTemplate={"LaunchTemplateName": template, "Version": "$Latest"},
        MinSize=0,
        MaxSize=2,
        DesiredCapacity=0,
        AvailabilityZones=["us-east-1a"],
        NewInstancesProtectedFromScaleIn=True,
    )
    [group] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"]
    return group["AutoScalingGroupARN"]


def _described(emulator):
    providers = emulator.client("ecs").describe_capacity_providers(capacityProviders=[NAME])["capacityProviders"]
    return [provider for provider in providers if provider.get("status") == "ACTIVE"]


def test_create_update_and_delete(clean_emulator, playbook, tmp_path):
    asg_arn = _auto_scaling_group(clean_emulator, "it-airflow-worker-asg")
    create = {
        "name": NAME,
        "auto_scaling_group_arn": asg_arn,
        "managed_scaling": {
            "status": "ENABLED",
            "target_capacity": 90,
            "minimum_scaling_step_size": 1,
            "maximum_scaling_step_size": 4,
            "instance_warmup_period": 120,
        },
        "managed_termination_protection": "ENABLED",
        "managed_draining": "ENABLED",
        "tags": {"airflow_ecs_environment": "it", "team": "data"},
    }
    runs = _converge(playbook, tmp_path, create)
    assert runs.check["diff"]["before"] == {}
    provider = runs.apply["capacity_provider"]
    assert provider["arn"].endswith(f":capacity-provider/{NAME}")
    assert provider["auto_scaling_group_arn"] == asg_arn
    assert provider["managed_scaling"] == {
        "status": "ENABLED",
        "target_capacity": 90,
        "minimum_scaling_step_size": 1,
        "maximum_scaling_step_size": 4,
        "instance_warmup_period": 120,
    }
    assert provider["managed_termination_protection"] == "ENABLED"
    assert provider["managed_draining"] == "ENABLED"
    assert provider["tags"] == create["tags"]

    # Only two scaling fields given: the others keep their values.
    update = {
        "name": NAME,
        "auto_scaling_group_arn": asg_arn,
        "managed_scaling": {"target_capacity": 75, "instance_warmup_period": 60},
        "tags": {"airflow_ecs_environment": "it"},
    }
    runs = _converge(playbook, tmp_path, update)
    assert runs.check["diff"]["before"]["managed_scaling"]["target_capacity"] == 90
    assert runs.check["diff"]["after"]["managed_scaling"]["target_capacity"] == 75
    assert runs.apply["capacity_provider"]["managed_scaling"]["maximum_scaling_step_size"] == 4
    [described] = _described(clean_emulator)
    scaling = described["autoScalingGroupProvider"]["managedScaling"]
    assert (scaling["targetCapacity"], scaling["instanceWarmupPeriod"], scaling["maximumScalingStepSize"]) == (75, 60, 4)
    assert described["tags"] == [{"key": "airflow_ecs_environment", "value": "it"}]

    runs = _converge(playbook, tmp_path, dict(update, managed_termination_protection="DISABLED"))
    assert runs.apply["capacity_provider"]["managed_termination_protection"] == "DISABLED"

    other = _auto_scaling_group(clean_emulator, "it-airflow-other-asg")
    run, result = _run_once(playbook, tmp_path, dict(update, auto_scaling_group_arn=other))
    assert run.returncode != 0
    assert "auto_scaling_group_arn of capacity provider it-airflow-worker is" in result["msg"]
    assert "cannot be changed" in result["msg"]

    ecs = clean_emulator.client("ecs")
    ecs.create_cluster(clusterName="it-cluster", capacityProviders=[NAME])
    absent = {"name": NAME, "state": "absent"}
    run, result = _run_once(playbook, tmp_path, absent)
    assert run.returncode != 0
    assert "is attached to cluster(s) it-cluster" in result["msg"]
    assert len(_described(clean_emulator)) == 1
    ecs.put_cluster_capacity_providers(cluster="it-cluster", capacityProviders=[], defaultCapacityProviderStrategy=[])

    runs = _converge(playbook, tmp_path, absent)
    assert runs.check["diff"]["after"] == {} and runs.apply["capacity_provider"] is None
    assert _described(clean_emulator) == []


def test_bad_input_fails_before_any_call(clean_emulator, playbook, tmp_path):
    args = {
        "name": NAME,
        "auto_scaling_group_arn": "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/x",
        "managed_scaling": {"status": "DISABLED", "target_capacity": 0, "minimum_scaling_step_size": 5,
                            "maximum_scaling_step_size": 2},
        "managed_termination_protection": "ENABLED",
    }
    run, result = _run_once(playbook, tmp_path, args)
    assert run.returncode != 0
    assert "managed_scaling.target_capacity must be between 1 and 100, got 0" in result["msg"]
    assert "minimum_scaling_step_size (5) must not exceed maximum_scaling_step_size (2)" in result["msg"]
    assert "managed_termination_protection=ENABLED needs managed_scaling.status=ENABLED" in result["msg"]
    assert _described(clean_emulator) == []
