"""The worker_scaling role, the ecs_service_scaling module, playbooks/scale.yml and the load
metric sidecar's put, on the emulator (which implements Application Auto Scaling and alarms,
but does not evaluate the alarms)."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.sidecars import load_metric

pytestmark = pytest.mark.emulator

CLUSTER = "airflow-it"
RESOURCE = f"service/{CLUSTER}/worker"
ALARMS = ("airflow-it-workers-needed", "airflow-it-workers-idle")


def _worker_service(emulator, cluster=CLUSTER):
    ecs = emulator.client("ecs")
    ecs.create_cluster(clusterName=cluster)
    ecs.register_task_definition(family=f"{cluster}-worker", containerDefinitions=[{"name": "worker", "image": "x", "memory": 128}])
    ecs.create_service(cluster=cluster, serviceName="worker", taskDefinition=f"{cluster}-worker", desiredCount=1)


def _write_playbook(tmp_path, role_vars: dict | None = None) -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "vars": {"airflow_ecs_environment": "it", **(role_vars or {})},
        "roles": ["airflow_ecs.deploy.worker_scaling"],
    }
    path = tmp_path / "worker_scaling.yml"
    path.write_text(json.dumps([play]))
    return str(path)


def _target(emulator, resource=RESOURCE):
    targets = emulator.client("application-autoscaling").describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])
    return [(t["MinCapacity"], t["MaxCapacity"]) for t in targets["ScalableTargets"]]


def _policies(emulator, resource=RESOURCE):
    policies = emulator.client("application-autoscaling").describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)
    return {p["PolicyName"]: p for p in policies["ScalingPolicies"]}


def _alarms(emulator):
    return {a["AlarmName"]: a for a in emulator.client("cloudwatch").describe_alarms(AlarmNamePrefix="airflow-it-workers")["MetricAlarms"]}


def test_check_then_apply_then_nothing_then_a_new_maximum(clean_emulator, playbook, tmp_path):
    _worker_service(clean_emulator)
    path = _write_playbook(tmp_path)

    preview = playbook(path, check=True, diff=True)
    assert preview.returncode == 0, preview.output
    assert preview.changed >= 1
    assert _target(clean_emulator) == [] and _alarms(clean_emulator) == {}

    first = playbook(path)
    assert first.returncode == 0, first.output
    assert _target(clean_emulator) == [(0, 10)]
    policies = _policies(clean_emulator)
    assert sorted(policies) == ["airflow-it-workers-idle", "airflow-it-workers-track"]
    track = policies["airflow-it-workers-track"]["StepScalingPolicyConfiguration"]
    assert track["AdjustmentType"] == "ExactCapacity" and track["MetricAggregationType"] == "Maximum"
    assert [step["ScalingAdjustment"] for step in track["StepAdjustments"]] == list(range(1, 11))
    alarms = _alarms(clean_emulator)
    assert sorted(alarms) == sorted(ALARMS)
    needed, idle = alarms["airflow-it-workers-needed"], alarms["airflow-it-workers-idle"]
    assert needed["AlarmActions"] == [policies["airflow-it-workers-track"]["PolicyARN"]]
    assert idle["AlarmActions"] == [policies["airflow-it-workers-idle"]["PolicyARN"]]
    for alarm in (needed, idle):
        assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"], alarm["Threshold"]) == ("AirflowECS", "RequiredWorkers", "Maximum", 1.0)
        assert alarm["Dimensions"] == [{"Name": "Environment", "Value": "it"}]
    assert (needed["ComparisonOperator"], needed["EvaluationPeriods"]) == ("GreaterThanOrEqualToThreshold", 1)
    assert (idle["ComparisonOperator"], idle["EvaluationPeriods"]) == ("LessThanThreshold", 10)

    second = playbook(path)
    assert second.returncode == 0, second.output
    assert second.changed == 0, second.output

    wider = _write_playbook(tmp_path, {"worker_scaling_min_workers": 1, "worker_scaling_max_workers": 50})
    preview = playbook(wider, check=True, diff=True)
    assert preview.returncode == 0, preview.output
    assert preview.changed == 1, preview.output
    assert "max_capacity" in preview.output
    assert _target(clean_emulator) == [(0, 10)]

    applied = playbook(wider)
    assert applied.returncode == 0, applied.output
    assert _target(clean_emulator) == [(1, 50)]
    steps = _policies(clean_emulator)["airflow-it-workers-track"]["StepScalingPolicyConfiguration"]["StepAdjustments"]
    assert len(steps) == 20 and steps[-1]["ScalingAdjustment"] == 50
    assert playbook(wider).changed == 0


def test_turning_scaling_off_removes_the_policies_and_alarms_and_keeps_the_count(clean_emulator, playbook, tmp_path):
    _worker_service(clean_emulator)
    assert playbook(_write_playbook(tmp_path)).returncode == 0
    off = _write_playbook(tmp_path, {"worker_scaling_enabled": False})

    preview = playbook(off, check=True)
    assert preview.returncode == 0, preview.output
    assert preview.changed >= 1 and _target(clean_emulator) == [(0, 10)]

    removed = playbook(off)
    assert removed.returncode == 0, removed.output
    assert _target(clean_emulator) == [] and _policies(clean_emulator) == {} and _alarms(clean_emulator) == {}
    [service] = clean_emulator.client("ecs").describe_services(cluster=CLUSTER, services=["worker"])["services"]
    assert service["desiredCount"] == 1
    assert playbook(off).changed == 0


@pytest.mark.parametrize(
    ("role_vars", "message"),
    [
        ({"worker_scaling_min_workers": 5, "worker_scaling_max_workers": 2}, "worker_scaling_min_workers (5) must not exceed worker_scaling_max_workers (2)"),
        ({"worker_scaling_period_seconds": 90}, "worker_scaling_period_seconds must be a multiple of 60"),
        ({"worker_scaling_idle_minutes": 0}, "worker_scaling_idle_minutes must be a whole number from 1 to 1440"),
        ({"worker_scaling_metric_namespace": "AWS/ECS"}, "worker_scaling_metric_namespace a CloudWatch namespace not starting with AWS/"),
    ],
)
def test_bad_input_fails_before_any_aws_call(clean_emulator, playbook, tmp_path, role_vars, message):
    run = playbook(_write_playbook(tmp_path, role_vars))
    assert run.returncode != 0
    assert message in " ".join(run.output.split()), run.output
    assert "ecs_service_scaling" not in run.output
    assert _alarms(clean_emulator) == {}


def test_scale_playbook_sets_the_range_of_a_converged_environment(clean_emulator, playbook):
    none_yet = playbook("playbooks/scale.yml", extra_vars={"worker_scaling_max_workers": 4})
    assert none_yet.returncode != 0
    assert "has no active worker service: converge it with playbooks/site.yml first" in " ".join(none_yet.output.split())

    _worker_service(clean_emulator, "airflow-local")
    resource = "service/airflow-local/worker"
    run = playbook("playbooks/scale.yml", extra_vars={"worker_scaling_min_workers": 1, "worker_scaling_max_workers": 4})
    assert run.returncode == 0, run.output
    assert _target(clean_emulator, resource) == [(1, 4)]
    steps = _policies(clean_emulator, resource)["airflow-local-workers-track"]["StepScalingPolicyConfiguration"]["StepAdjustments"]
    assert [step["ScalingAdjustment"] for step in steps] == [1, 2, 3, 4]
    again = playbook("playbooks/scale.yml", extra_vars={"worker_scaling_min_workers": 1, "worker_scaling_max_workers": 4})
    assert again.returncode == 0 and again.changed == 0, again.output


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def fetchall(self):
        return self.rows


class _Database:
    """Stands in for an SQLAlchemy engine: the counts a metadata database would return."""

    def __init__(self, rows):
        self.rows = rows
        self.parameters = None

    def connect(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def execute(self, _statement, parameters):
        self.parameters = parameters
        return _Rows(self.rows)


class _Redis:
    def __init__(self, lengths):
        self.lengths = lengths

    def llen(self, key):
        return self.lengths.get(key, 0)


def test_the_load_metric_lands_where_the_alarms_look(clean_emulator):
    cloudwatch = clean_emulator.client("cloudwatch")
    config = {"environment": "it", "namespace": "AirflowECS", "queues": ["default"], "concurrency": 8}
    now = datetime.datetime.now(datetime.timezone.utc)
    database = _Database([("queued", 13), ("running", 4)])
    metrics = load_metric.publish_round(config, database, load_metric.COUNT_SQL, _Redis({"default": 9}), cloudwatch, now)
    assert dict(metrics)["RequiredWorkers"] == 3
    assert database.parameters == {"queues": ["default"]}

    def maximum(name):
        points = cloudwatch.get_metric_statistics(
            Namespace="AirflowECS", MetricName=name, Dimensions=[{"Name": "Environment", "Value": "it"}],
            StartTime=now - datetime.timedelta(minutes=2), EndTime=now + datetime.timedelta(minutes=2), Period=60, Statistics=["Maximum"],
        )["Datapoints"]
        return [point["Maximum"] for point in points]

    assert maximum("RequiredWorkers") == [3.0]
    assert maximum("QueuedTasks") == [13.0] and maximum("RunningTasks") == [4.0]
    assert maximum("CeleryQueueLength") == [9.0] and maximum("WorkerLoad") == [2.125]
