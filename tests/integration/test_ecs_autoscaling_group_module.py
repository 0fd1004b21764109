"""airflow_ecs.deploy.ecs_autoscaling_group on the emulator: check mode, apply, and again, unchanged."""

from __future__ import annotations

import pytest
from plays import TASK, four_runs, module_task, run_task, write_play

pytestmark = pytest.mark.emulator

NAME = "it-asg-worker"


def _network_and_template(emulator):
    """A VPC with two subnets and a launch template, made with boto3 before the module runs."""
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for index, zone in ((1, "a"), (2, "b"))
    ]
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2.create_launch_template(
        LaunchTemplateName=NAME, LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"}
    )
    return subnets


def _args(subnets, **changes):
    args = {
        "name": NAME,
        "launch_template": {"name": NAME},
        "min_size": 0,
        "max_size": 3,
        # Reversed on purpose: the order of subnets must not matter.
        "subnet_ids": list(reversed(subnets)),
        "new_instances_protected_from_scale_in": True,
        "health_check_type": "EC2",
        "health_check_grace_period": 120,
        "metrics_collection": True,
        "tags": {"airflow_ecs_environment": "it", "AmazonECSManaged": ""},
    }
    args.update(changes)
    return args


def _playbook(tmp_path, module_args: dict) -> str:
    return write_play(tmp_path, [module_task("ecs_autoscaling_group", module_args)])


def _run(playbook, tmp_path, module_args: dict, check: bool) -> dict:
    run, result = run_task(playbook, _playbook(tmp_path, module_args), check=check, diff=True)
    assert run.returncode == 0, run.output
    return result


def _converge(playbook, tmp_path, module_args: dict):
    return four_runs(playbook, _playbook(tmp_path, module_args), task=TASK, diff=True)


def _described(emulator):
    return emulator.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[NAME])["AutoScalingGroups"]


def _changed_keys(diff):
    return {key for key in set(diff["before"]) | set(diff["after"]) if diff["before"].get(key) != diff["after"].get(key)}


def test_create(clean_emulator, playbook, tmp_path):
    subnets = _network_and_template(clean_emulator)
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, _args(subnets))
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["diff"]["before"] == {} and apply["diff"]["before"] == {}
    assert check["auto_scaling_group_arn"] is None
    assert apply["auto_scaling_group_arn"].endswith(f":autoScalingGroupName/{NAME}")
    assert apply_again["auto_scaling_group_arn"] == apply["auto_scaling_group_arn"]

    group = apply["auto_scaling_group"]
    assert group["subnet_ids"] == sorted(subnets)
    assert group["desired_capacity"] == 0  # min_size, since desired_capacity was not given
    assert group["new_instances_protected_from_scale_in"] is True
    assert group["metrics_collection"] is True
    assert group["tags"] == {"airflow_ecs_environment": "it", "AmazonECSManaged": ""}
    # Check mode promised what the apply made, apart from what only AWS knows.
    planned = dict(check["auto_scaling_group"], arn=group["arn"], launch_template=group["launch_template"])
    assert planned == group

    [described] = _described(clean_emulator)
    assert described["NewInstancesProtectedFromScaleIn"] is True
    assert described["HealthCheckGracePeriod"] == 120
    assert described["LaunchTemplate"]["Version"] == "$Latest"
    assert all(tag["PropagateAtLaunch"] for tag in described["Tags"])
    assert {metric["Granularity"] for metric in described["EnabledMetrics"]} == {"1Minute"}


def test_update_max_size_and_tags(clean_emulator, playbook, tmp_path):
    subnets = _network_and_template(clean_emulator)
    assert _run(playbook, tmp_path, _args(subnets), check=False)["changed"]

    update = _args(subnets, max_size=6, tags={"airflow_ecs_environment": "it", "team": "data"})
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, update)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    # Check mode shows exactly the two changes, and the apply made exactly those.
    assert _changed_keys(check["diff"]) == {"max_size", "tags"}
    assert check["diff"]["before"]["max_size"] == 3 and check["diff"]["after"]["max_size"] == 6
    # AmazonECSManaged is not purged: ECS managed scaling needs it.
    assert check["diff"]["after"]["tags"] == {"airflow_ecs_environment": "it", "team": "data", "AmazonECSManaged": ""}
    assert apply["diff"] == check["diff"]

    [described] = _described(clean_emulator)
    assert described["MaxSize"] == 6
    assert {tag["Key"]: tag["Value"] for tag in described["Tags"]} == check["diff"]["after"]["tags"]


def test_desired_capacity_changed_out_of_band_is_left_alone(clean_emulator, playbook, tmp_path):
    subnets = _network_and_template(clean_emulator)
    args = _args(subnets, desired_capacity=0)
    assert _run(playbook, tmp_path, args, check=False)["changed"]

    # What the capacity provider's managed scaling does when tasks need hosts.
    clean_emulator.client("autoscaling").set_desired_capacity(AutoScalingGroupName=NAME, DesiredCapacity=2)

    for check in (True, False):
        result = _run(playbook, tmp_path, args, check)
        assert not result["changed"]
        assert result["auto_scaling_group"]["desired_capacity"] == 2
    [described] = _described(clean_emulator)
    assert described["DesiredCapacity"] == 2

    # Only enforce_desired_capacity sets it back (check mode here: it would change just that).
    enforced = _run(playbook, tmp_path, dict(args, desired_capacity=1, enforce_desired_capacity=True), check=True)
    assert enforced["changed"]
    assert _changed_keys(enforced["diff"]) == {"desired_capacity"}
    assert _described(clean_emulator)[0]["DesiredCapacity"] == 2


def test_absent_with_force_delete(clean_emulator, playbook, tmp_path):
    subnets = _network_and_template(clean_emulator)
    assert _run(playbook, tmp_path, _args(subnets), check=False)["changed"]
    # A protected instance, as ECS managed termination protection leaves them.
    clean_emulator.client("autoscaling").set_desired_capacity(AutoScalingGroupName=NAME, DesiredCapacity=1)

    absent = {"name": NAME, "state": "absent", "force_delete": True, "wait_timeout": 60}
    check, apply, check_again, apply_again = _converge(playbook, tmp_path, absent)
    assert check["changed"] and apply["changed"]
    assert not check_again["changed"] and not apply_again["changed"]
    assert check["diff"]["before"]["name"] == NAME and check["diff"]["after"] == {}
    assert apply["auto_scaling_group"] is None and apply["auto_scaling_group_arn"] is None
    assert _described(clean_emulator) == []


def test_missing_required_options_fail_before_any_call(clean_emulator, playbook, tmp_path):
    run = playbook(_playbook(tmp_path, {"name": NAME, "min_size": 2, "max_size": 1}))
    assert run.returncode != 0
    assert "launch_template" in run.output and "subnet_ids" in run.output
    assert _described(clean_emulator) == []
