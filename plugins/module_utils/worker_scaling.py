# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scaling arithmetic of the Celery worker service (pure: no AWS calls).

The load metric sidecar in the scheduler task publishes, per environment,
RequiredWorkers = ceil((queued + running task instances) / worker concurrency).
Two step scaling policies with ExactCapacity act on it:

* "track", on an alarm RequiredWorkers >= 1: the steps set the capacity to the number of
  workers the work needs (coarser steps above MAX_STEPS workers, rounding up). Application
  Auto Scaling applies the policy again for every period the alarm stays in ALARM, so the
  capacity follows the work up and down while there is any; from 0 on the first queued task.
* "idle", on an alarm RequiredWorkers < 1 for `idle_minutes`: capacity 0, which Application
  Auto Scaling raises to the scalable target's minimum.

Scaling in never stops a busy worker: workers hold ECS task scale-in protection while they
run task instances (see sidecars/task_protection.py), and ECS only stops unprotected tasks.
bench/scaling replays a day of arrivals through these functions.
"""

from __future__ import annotations

import math

NAMESPACE = "AirflowECS"
DIMENSION = "Environment"
REQUIRED_WORKERS = "RequiredWorkers"
# Application Auto Scaling accepts 20 step adjustments per policy (as EC2 Auto Scaling does).
MAX_STEPS = 20
# The threshold both alarms compare RequiredWorkers with.
THRESHOLD = 1
# Period x evaluation periods CloudWatch accepts for periods under an hour.
MAX_ALARM_WINDOW = 86400

LIMITS = {
    "min_capacity": (0, 1000),
    "max_capacity": (1, 1000),
    "period_seconds": (60, 3600),
    "cooldown_seconds": (0, 3600),
    "idle_minutes": (1, 1440),
}


def required_workers(queued, running, concurrency):
    """Workers needed so every queued and running task instance has a slot."""
    if concurrency < 1:
        raise ValueError("worker concurrency must be at least 1, got %r" % (concurrency,))
    return int(math.ceil((max(queued, 0) + max(running, 0)) / float(concurrency)))


def capacity_edges(max_capacity):
    """Worker counts the track policy can set, ascending, ending with max_capacity."""
    steps = min(max_capacity, MAX_STEPS)
    return sorted({int(math.ceil(i * max_capacity / float(steps))) for i in range(1, steps + 1)})


def track_step_adjustments(max_capacity):
    """StepAdjustments of the track policy, relative to THRESHOLD (metric - 1 in [low, high) -> capacity)."""
    edges = capacity_edges(max_capacity)
    adjustments = []
    lower = 0
    for capacity in edges[:-1]:
        # required - 1 < capacity  <=>  required <= capacity
        adjustments.append({"MetricIntervalLowerBound": lower, "MetricIntervalUpperBound": capacity, "ScalingAdjustment": capacity})
        lower = capacity
    adjustments.append({"MetricIntervalLowerBound": lower, "ScalingAdjustment": edges[-1]})
    return adjustments


def idle_step_adjustments():
    """The idle policy: capacity 0, raised by Application Auto Scaling to the minimum."""
    return [{"MetricIntervalUpperBound": 0, "ScalingAdjustment": 0}]


def capacity_for(required, max_capacity):
    """The capacity the track policy sets for a RequiredWorkers value of at least THRESHOLD."""
    for step in track_step_adjustments(max_capacity):
        offset = required - THRESHOLD
        if offset >= step["MetricIntervalLowerBound"] and offset < step.get("MetricIntervalUpperBound", float("inf")):
            return step["ScalingAdjustment"]
    raise ValueError("required workers %r is below the threshold %d" % (required, THRESHOLD))


def policies(settings):
    """Both step scaling policies (API shape) keyed by their short name."""
    steps = {"track": track_step_adjustments(settings["max_capacity"]), "idle": idle_step_adjustments()}
    return {
        name: {
            "AdjustmentType": "ExactCapacity",
            "StepAdjustments": adjustments,
            "Cooldown": settings["cooldown_seconds"],
            "MetricAggregationType": "Maximum",
        }
        for name, adjustments in steps.items()
    }


def idle_periods(settings):
    """Alarm periods that make up idle_minutes (rounded up to whole periods)."""
    return int(math.ceil(settings["idle_minutes"] * 60.0 / settings["period_seconds"]))


def alarms(settings):
    """The two alarms (amazon.aws.cloudwatch_metric_alarm options, without name and actions) by policy."""
    common = {
        "namespace": settings.get("namespace", NAMESPACE),
        "metric_name": REQUIRED_WORKERS,
        "dimensions": {DIMENSION: settings["environment"]},
        "statistic": "Maximum",
        "period": settings["period_seconds"],
        "threshold": float(THRESHOLD),
    }
    return {
        # Missing data (no work reported) must not scale out.
        "track": dict(common, comparison="GreaterThanOrEqualToThreshold", evaluation_periods=1, treat_missing_data="notBreaching"),
        # A silent publisher keeps the workers: only reported idleness scales in.
        "idle": dict(common, comparison="LessThanThreshold", evaluation_periods=idle_periods(settings), treat_missing_data="missing"),
    }


def settings_errors(settings):
    """Problems with the scaling settings, each naming the setting."""
    errors = []
    for key, (low, high) in LIMITS.items():
        value = settings.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors.append("%s must be a whole number from %d to %d, got %r" % (key, low, high, value))
    if not errors and settings["min_capacity"] > settings["max_capacity"]:
        errors.append(
            "min_capacity (%d) must not exceed max_capacity (%d)" % (settings["min_capacity"], settings["max_capacity"])
        )
    if not errors and settings["period_seconds"] % 60:
        errors.append("period_seconds must be a multiple of 60 (standard-resolution metrics), got %d" % settings["period_seconds"])
    if not errors:
        window = idle_periods(settings) * settings["period_seconds"]
        if settings["period_seconds"] < 3600 and window > MAX_ALARM_WINDOW:
            errors.append(
                "idle_minutes %d over periods of %d s needs an alarm window of %d s; CloudWatch allows %d s: "
                "shorten idle_minutes or lengthen period_seconds" % (settings["idle_minutes"], settings["period_seconds"], window, MAX_ALARM_WINDOW)
            )
    return errors
