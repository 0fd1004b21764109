"""Throughput of the fan-out DAG (32 tasks x 2 s) on the task definitions site.yml registers.

One go, on the ECS stand-in of the end-to-end tests (tests/e2e): the environment is converged
on the emulator once, then fan_out runs ROUNDS times on each of

    celery, 1 worker        the worker service with one task (worker concurrency slots)
    celery, 2 workers       two worker tasks
    local, N slots          the scheduler task alone with LocalExecutor and parallelism N,
                            for N = the slots of 1 and of 2 workers

and the script prints every round's time (the DAG run's start to end, from the metadata
database), the median per setup, and the ratios 2 workers / 1 worker and Celery / Local.

    bench/throughput [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "support"), str(ROOT / "tests" / "e2e"), str(ROOT / "collections")]

from deployment import Deployment, deployed, start_airflow  # noqa: E402

DAG = "fan_out"


def run_round(deployment: Deployment, run_id: str) -> float:
    deployment.scheduler_exec(f"airflow dags trigger {DAG} --run-id {run_id}")
    state = deployment.wait_for_run(DAG, run_id, timeout=1200)
    if state != "success":
        raise SystemExit(f"{run_id} ended {state}: {deployment.task_states(DAG, run_id)}")
    [[seconds]] = deployment.postgres.query(
        f"select extract(epoch from end_date - start_date) from dag_run where dag_id = '{DAG}' and run_id = '{run_id}'"
    )
    return float(seconds)


def measure(deployment: Deployment, setup: str, rounds: int, results: dict[str, list[float]]) -> None:
    key = setup.replace(" ", "-").replace(",", "")
    results[setup] = []
    for number in range(1, rounds + 1):
        seconds = run_round(deployment, f"bench-{key}-{number}-{int(time.time())}")
        results[setup].append(seconds)
        print(f"  {setup:<22} round {number}: {seconds:6.1f} s", flush=True)


def restart_scheduler(deployment: Deployment, overrides: dict[str, str] | None) -> None:
    deployment.services["scheduler"].stop()
    scheduler = deployment.standin.run_task(deployment.task_definitions["scheduler"], {"scheduler": overrides or {}})
    scheduler.wait_healthy()
    deployment.services["scheduler"] = scheduler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of the DAG per setup (default 3)")
    rounds = parser.parse_args().rounds
    results: dict[str, list[float]] = {}
    with deployed() as deployment:
        print("Converged; starting Airflow (migrate, then every service)", flush=True)
        start_airflow(deployment, workers=1)
        worker = deployment.standin.describe(deployment.task_definitions["worker"])["containerDefinitions"][0]
        slots = int(next(e["value"] for e in worker["environment"] if e["name"] == "AIRFLOW__CELERY__WORKER_CONCURRENCY"))
        deployment.wait_for_dag(DAG)

        measure(deployment, "celery, 1 worker", rounds, results)
        second = deployment.standin.run_task(deployment.task_definitions["worker"])
        second.wait_healthy()
        deployment.extra_workers.append(second)
        measure(deployment, "celery, 2 workers", rounds, results)

        for task in [deployment.services.pop("worker"), *deployment.extra_workers]:
            task.stop()
        deployment.extra_workers.clear()
        for parallelism in (slots, 2 * slots):
            restart_scheduler(deployment, {"AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                                           "AIRFLOW__CORE__PARALLELISM": str(parallelism)})
            measure(deployment, f"local, {parallelism} slots", rounds, results)

    median = {setup: statistics.median(times) for setup, times in results.items()}
    print()
    print(f"Machine: {os.cpu_count()} cores, {_memory_gib():.0f} GiB, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}; worker concurrency {slots}; {rounds} rounds per setup")
    print(f"{'setup':<22} {'median s':>9} {'min s':>7} {'max s':>7}")
    for setup, times in results.items():
        print(f"{setup:<22} {median[setup]:9.1f} {min(times):7.1f} {max(times):7.1f}")
    print()
    one, two = median["celery, 1 worker"], median["celery, 2 workers"]
    print(f"2 workers / 1 worker:               {two / one:.2f}  (0.50 would be perfect scaling)")
    print(f"celery 1 worker / local {slots} slots:     {one / median[f'local, {slots} slots']:.2f}")
    print(f"celery 2 workers / local {2 * slots} slots:   {two / median[f'local, {2 * slots} slots']:.2f}")


def _memory_gib() -> float:
    with open("/proc/meminfo") as meminfo:
        kib = int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal:")))
    return kib / 1024 / 1024


if __name__ == "__main__":
    main()
