"""Worker autoscaling on a simulated day: the track and idle policies against a fixed pool.

A replay, not a measurement: one day of task arrivals goes through the scaling arithmetic of
plugins/module_utils/worker_scaling.py (required_workers, capacity_for, alarms) and a model of
CloudWatch, Application Auto Scaling and ECS around it, second by second. Then the same day runs
on a fixed pool sized for the peak the autoscaled run reached, always on.

Arrivals (random.Random(--seed), 1-s resolution, 00:00 to 24:00):
    background      Poisson, 0.3 tasks/min all day (sensors, small DAGs)
    business hours  Poisson, +1 task/min 09:00-18:00, +2 tasks/min more 09:30-10:30 and 14:00-15:00
    hourly          at hh:00, 4 scheduled DAG runs, each fanning out 4 to 16 tasks at once
                    (each run starts 0-20 s after the hour: scheduler lag)
    nightly batch   400 tasks at 02:00:00
    durations       lognormal, median 60 s, p95 600 s (sigma 1.40, mean about 160 s), clipped to 5 s .. 2 h
About 2,600 tasks and 116 slot-hours of work a day (seed 1).

Policy (what the collection deploys):
    every 30 s      the publisher puts RequiredWorkers = required_workers(queued, running, concurrency)
    every period    CloudWatch takes the Maximum of the period's datapoints; both alarms from alarms()
                    compare it with the threshold (track: >= 1 for 1 period; idle: < 1 for
                    ceil(idle minutes * 60 / period) periods); the action lands --alarm-delay s later
    track in ALARM  once per period: desired = capacity_for(metric, max), clamped to [min, max]
    idle in ALARM   once per period: desired = min
    cooldown        a scale-out (higher desired) always goes through (only a larger one is possible
                    with exact capacities); a scale-in only when --cooldown s have passed since the
                    last scaling activity
ECS (the worker service):
    start           a new worker takes tasks --worker-start s after launch (ECS task + Celery worker);
                    with host boot on, a host holds as many workers as host_capacity.tasks_per_host says for
                    --instance-type (m6i.xlarge: 4 with ENI trunking, cpu-bound; 3 without, one network
                    interface per awsvpc task) and a worker that finds no room waits
                    for a new host (--host-boot s first); a host that stays empty 15 min is released
    scale-in        only idle workers stop (busy ones hold task scale-in protection): workers still
                    starting first, then idle ones, newest first; a busy surplus worker stops once idle
    slots           each worker has --concurrency slots; queued tasks go FIFO to free slots of ready
                    workers, to the worker with the most free slots (Celery spreads; --assign pack packs)

Reported: worker-hours in the day (launch to stop, start-up included), queue wait (arrival to start)
percentiles over every task of the day, scale-out/scale-in activities, peak workers, tasks lost (a
task running on a worker when it was stopped: 0 by construction, counted anyway), then one line per
max in (5, 10, 20).

    bench/scaling [--seed N] [--concurrency 8] [--max 10] [--min 0] [--idle-minutes 10] [--cooldown 60]
                  [--period 60] [--worker-start 90] [--host-boot 180 | --no-host-boot] [--alarm-delay 60]
                  [--instance-type m6i.xlarge] [--no-trunking]
"""

from __future__ import annotations

import argparse
import heapq
import math
import operator
import random
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "collections"))

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.host_capacity import (  # noqa: E402
    tasks_per_host,
    tier_services,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.worker_scaling import (  # noqa: E402
    alarms,
    capacity_for,
    required_workers,
    settings_errors,
)

DAY = 86400
PUBLISH_EVERY = 30
HOST_RELEASE_AFTER = 900
DRAIN_LIMIT = DAY  # stop the replay at most a day after the last arrival

BACKGROUND_PER_MIN = 0.3
BUSINESS_PER_MIN = 1.0
BUMP_PER_MIN = 2.0
BUSINESS_HOURS = (9 * 3600, 18 * 3600)
BUMPS = ((9 * 3600 + 1800, 10 * 3600 + 1800), (14 * 3600, 15 * 3600))
HOURLY_RUNS = 4
FAN_OUT = (4, 16)
SCHEDULER_LAG = 20
NIGHTLY_AT = 2 * 3600
NIGHTLY_TASKS = 400
MEDIAN_S = 60.0
P95_S = 600.0
SIGMA = math.log(P95_S / MEDIAN_S) / 1.6449
DURATION_CLIP = (5, 7200)

COMPARE = {"GreaterThanOrEqualToThreshold": operator.ge, "LessThanThreshold": operator.lt}


def day_of_arrivals(seed: int) -> list[tuple[int, int]]:
    """(arrival second, duration seconds) for every task of the day, by arrival."""
    rng = random.Random(seed)

    def duration() -> int:
        seconds = math.ceil(MEDIAN_S * math.exp(SIGMA * rng.gauss(0.0, 1.0)))
        return min(max(seconds, DURATION_CLIP[0]), DURATION_CLIP[1])

    def poisson(per_min: float, start: int, end: int) -> list[int]:
        times, at = [], start + rng.expovariate(per_min / 60.0)
        while at < end:
            times.append(int(at))
            at += rng.expovariate(per_min / 60.0)
        return times

    starts = poisson(BACKGROUND_PER_MIN, 0, DAY) + poisson(BUSINESS_PER_MIN, *BUSINESS_HOURS)
    for bump in BUMPS:
        starts += poisson(BUMP_PER_MIN, *bump)
    for hour in range(24):
        for _run in range(HOURLY_RUNS):
            starts += [hour * 3600 + rng.randint(0, SCHEDULER_LAG)] * rng.randint(*FAN_OUT)
    starts += [NIGHTLY_AT] * NIGHTLY_TASKS
    return sorted((start, duration()) for start in starts)


class Worker:
    __slots__ = ("launched", "ready", "stopped", "running", "host")

    def __init__(self, launched: int, ready: int, host: Host | None):
        self.launched, self.ready, self.stopped, self.running, self.host = launched, ready, None, 0, host


class Host:
    __slots__ = ("booted", "ready", "released", "workers", "empty_since")

    def __init__(self, booted: int, ready: int):
        self.booted, self.ready, self.released, self.workers, self.empty_since = booted, ready, None, 0, booted


class Replay:
    """One day on one worker service; autoscaled unless `fixed` workers are given."""

    def __init__(self, args: argparse.Namespace, max_capacity: int, fixed: int | None = None):
        self.args, self.max, self.fixed = args, max_capacity, fixed
        self.min = args.min if fixed is None else fixed
        self.desired = self.min
        self.workers: list[Worker] = []
        self.hosts: list[Host] = []
        self.waits: list[int] = []
        self.scale_outs = self.scale_ins = self.lost = 0
        self.peak = self.end = 0
        self.last_activity = -math.inf
        for _worker in range(self.min):
            self.launch(0, warm=True)

    def live(self) -> list[Worker]:
        return [worker for worker in self.workers if worker.stopped is None]

    def launch(self, now: int, warm: bool = False) -> None:
        host = None
        if self.args.host_boot is not None:
            room = [h for h in self.hosts if h.released is None and h.workers < self.args.workers_per_host]
            host = min(room, key=lambda h: h.ready) if room else None
            if host is None:
                host = Host(now, now if warm else now + self.args.host_boot)
                self.hosts.append(host)
            host.workers += 1
        ready = now if warm else max(now, host.ready if host else now) + self.args.worker_start
        self.workers.append(Worker(now, ready, host))

    def stop(self, worker: Worker, now: int) -> None:
        self.lost += worker.running  # protection keeps busy workers: this stays 0
        worker.stopped = now
        if worker.host is not None:
            worker.host.workers -= 1
            if worker.host.workers == 0:
                worker.host.empty_since = now

    def reconcile(self, now: int) -> None:
        """The ECS service scheduler: launch or stop workers towards the desired count."""
        live = self.live()
        if len(live) < self.desired:
            for _worker in range(self.desired - len(live)):
                self.launch(now)
        elif len(live) > self.desired:
            starting = [w for w in live if w.ready > now]
            idle = [w for w in live if w.ready <= now and w.running == 0]
            for worker in (starting[::-1] + idle[::-1])[: len(live) - self.desired]:
                self.stop(worker, now)
        self.peak = max(self.peak, len(self.live()))
        for host in self.hosts:
            if host.released is None and host.workers == 0 and now - host.empty_since >= HOST_RELEASE_AFTER:
                host.released = now

    def apply(self, capacity: int, now: int) -> None:
        """A policy sets an exact capacity; Application Auto Scaling clamps it and applies the cooldown."""
        capacity = min(max(capacity, self.min), self.max)
        if capacity > self.desired:
            self.scale_outs += 1
        elif capacity < self.desired and now - self.last_activity >= self.args.cooldown:
            self.scale_ins += 1
        else:
            return
        self.desired, self.last_activity = capacity, now

    def run(self, tasks: list[tuple[int, int]]) -> Replay:
        args, concurrency = self.args, self.args.concurrency
        settings = {"environment": "bench", "period_seconds": args.period, "idle_minutes": args.idle_minutes}
        track, idle = alarms(settings)["track"], alarms(settings)["idle"]
        maxima: deque[float] = deque(maxlen=max(track["evaluation_periods"], idle["evaluation_periods"]))
        datapoints: list[int] = []
        actions: deque[tuple[int, str, float]] = deque()
        queue: deque[tuple[int, int]] = deque()
        finishing: list[tuple[int, int, Worker]] = []
        running = sequence = arrived = 0
        now = 0
        while arrived < len(tasks) or queue or running:
            if now > tasks[-1][0] + DRAIN_LIMIT:
                raise SystemExit(f"the replay did not drain: {len(queue)} queued, {running} running")
            changed = False
            while finishing and finishing[0][0] <= now:
                _finish_time, _order, worker = heapq.heappop(finishing)
                worker.running -= 1
                running -= 1
                changed = True
            while arrived < len(tasks) and tasks[arrived][0] <= now:
                queue.append(tasks[arrived])
                arrived += 1
            while actions and actions[0][0] <= now:
                _due, policy, metric = actions.popleft()
                self.apply(capacity_for(metric, self.max) if policy == "track" else 0, now)
                changed = True
            if changed or now % 10 == 0:
                self.reconcile(now)
            if queue:
                ready = [w for w in self.workers if w.stopped is None and w.ready <= now and w.running < concurrency]
                while queue and ready:
                    if args.assign == "spread":
                        worker = min(ready, key=lambda w: w.running)
                    else:
                        worker = max(ready, key=lambda w: w.running)
                    arrival, duration = queue.popleft()
                    self.waits.append(now - arrival)
                    worker.running += 1
                    running += 1
                    sequence += 1
                    heapq.heappush(finishing, (now + duration, sequence, worker))
                    if worker.running == concurrency:
                        ready.remove(worker)
            if self.fixed is None:
                if now % PUBLISH_EVERY == 0:
                    datapoints.append(required_workers(len(queue), running, concurrency))
                if now % args.period == 0 and now > 0:
                    maxima.append(max(datapoints))
                    datapoints = []
                    if self._alarm(track, maxima):
                        actions.append((now + args.alarm_delay, "track", maxima[-1]))
                    elif self._alarm(idle, maxima):
                        actions.append((now + args.alarm_delay, "idle", maxima[-1]))
            now += 1
        self.end = now
        return self

    @staticmethod
    def _alarm(alarm: dict, maxima: deque) -> bool:
        periods = alarm["evaluation_periods"]
        breaching = COMPARE[alarm["comparison"]]
        return len(maxima) >= periods and all(breaching(value, alarm["threshold"]) for value in list(maxima)[-periods:])

    def worker_hours(self) -> float:
        return sum(_in_day(w.launched, w.stopped, self.end) for w in self.workers) / 3600.0

    def host_hours(self) -> float:
        return sum(_in_day(h.booted, h.released, self.end) for h in self.hosts) / 3600.0

    def wait(self, share: float) -> int:
        ordered = sorted(self.waits)
        return ordered[min(len(ordered) - 1, int(math.ceil(share * len(ordered))) - 1)]


def _in_day(start: int, stop: int | None, end: int) -> int:
    """Seconds of [start, stop) inside the day; still running at the end counts to the end."""
    return max(0, min(DAY, end if stop is None else stop) - min(DAY, start))


def compare(args: argparse.Namespace, tasks: list[tuple[int, int]], max_capacity: int) -> tuple[Replay, Replay]:
    scaled = Replay(args, max_capacity).run(tasks)
    fixed = Replay(args, max_capacity, fixed=max(scaled.peak, 1)).run(tasks)
    return scaled, fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--seed", type=int, default=1, help="arrivals and durations (default 1)")
    parser.add_argument("--concurrency", type=int, default=8, help="slots per worker (default 8)")
    parser.add_argument("--max", type=int, default=10, help="max_capacity (default 10)")
    parser.add_argument("--min", type=int, default=0, help="min_capacity (default 0)")
    parser.add_argument("--idle-minutes", type=int, default=10, help="idle_minutes (default 10)")
    parser.add_argument("--cooldown", type=int, default=60, help="cooldown_seconds (default 60)")
    parser.add_argument("--period", type=int, default=60, help="period_seconds (default 60)")
    parser.add_argument("--worker-start", type=int, default=90, help="launch to taking tasks, s (default 90)")
    parser.add_argument("--host-boot", type=int, default=180, help="a new host's boot, s (default 180)")
    parser.add_argument("--no-host-boot", dest="host_boot", action="store_const", const=None, help="room is always there")
    parser.add_argument("--alarm-delay", type=int, default=60, help="period end to scaling action, s (default 60)")
    parser.add_argument("--instance-type", default="m6i.xlarge", help="worker hosts' type (default m6i.xlarge)")
    parser.add_argument("--no-trunking", dest="trunking", action="store_false", help="hosts without ENI trunking")
    parser.add_argument("--assign", choices=("spread", "pack"), default="spread", help="free slot a task goes to")
    args = parser.parse_args()
    # The worker task the role would size for this concurrency, on the tier's instance type.
    [worker] = tier_services({}, {}, False, {"concurrency": args.concurrency}, "awsvpc", "EC2", None)["worker"]["services"]
    args.workers_per_host = tasks_per_host(args.instance_type, args.trunking, worker)
    if not args.workers_per_host:
        parser.error(f"--instance-type {args.instance_type}: no figures for it, or a worker does not fit "
                     "(plugins/module_utils/host_capacity.py)")
    errors = settings_errors({"min_capacity": args.min, "max_capacity": args.max, "period_seconds": args.period,
                              "cooldown_seconds": args.cooldown, "idle_minutes": args.idle_minutes})
    if errors:
        parser.error("; ".join(errors))

    began = time.monotonic()
    tasks = day_of_arrivals(args.seed)
    work = sum(duration for _arrival, duration in tasks) / 3600.0
    scaled, fixed = compare(args, tasks, args.max)
    hosts = "no host boot" if args.host_boot is None else (
        f"host boot {args.host_boot} s, {args.workers_per_host} workers a {args.instance_type} host "
        f"({'with' if args.trunking else 'without'} ENI trunking)")
    print(f"Seed {args.seed}: {len(tasks)} tasks, {work:.1f} slot-hours of work; concurrency {args.concurrency}, "
          f"min {args.min}, max {args.max}, period {args.period} s, idle {args.idle_minutes} min,")
    print(f"cooldown {args.cooldown} s, alarm delay {args.alarm_delay} s, worker start {args.worker_start} s, {hosts}, assign {args.assign}")
    print()
    print(f"{'':<30} {'autoscaled':>11} {'fixed ' + str(fixed.fixed):>11}")
    rows = [
        ("worker-hours (24 h)", f"{scaled.worker_hours():.1f}", f"{fixed.worker_hours():.1f}"),
        ("queue wait p50 s", scaled.wait(0.50), fixed.wait(0.50)),
        ("queue wait p95 s", scaled.wait(0.95), fixed.wait(0.95)),
        ("queue wait max s", scaled.wait(1.0), fixed.wait(1.0)),
        ("scale-out / scale-in", f"{scaled.scale_outs} / {scaled.scale_ins}", "-"),
        ("peak workers", scaled.peak, fixed.peak),
        ("tasks lost", scaled.lost, fixed.lost),
    ]
    if args.host_boot is not None:
        rows.insert(1, ("host-hours (24 h)", f"{scaled.host_hours():.1f}", f"{fixed.host_hours():.1f}"))
    for name, mine, theirs in rows:
        print(f"{name:<30} {mine!s:>11} {theirs!s:>11}")
    saving = 100.0 * (1 - scaled.worker_hours() / fixed.worker_hours())
    print(f"{'saving (worker-hours)':<30} {saving:10.0f}%")
    print()
    print(f"{'max':>4} {'peak':>5} {'worker-h':>9} {'fixed-h':>8} {'saving':>7} {'p50 s':>6} {'p95 s':>6} {'max s':>6} "
          f"{'fixed p95':>10} {'fixed max':>10} {'out/in':>8} {'lost':>5}")
    for max_capacity in (5, 10, 20):
        if max_capacity == args.max:
            one, pool = scaled, fixed
        else:
            one, pool = compare(args, tasks, max_capacity)
        hours, pool_hours = one.worker_hours(), pool.worker_hours()
        print(f"{max_capacity:>4} {one.peak:>5} {hours:9.1f} {pool_hours:8.1f} {100.0 * (1 - hours / pool_hours):6.0f}% "
              f"{one.wait(0.5):>6} {one.wait(0.95):>6} {one.wait(1.0):>6} {pool.wait(0.95):>10} {pool.wait(1.0):>10} "
              f"{f'{one.scale_outs}/{one.scale_ins}':>8} {one.lost + pool.lost:>5}")
    print()
    print(f"Replayed in {time.monotonic() - began:.1f} s (simulated: not measured on AWS)")


if __name__ == "__main__":
    main()
