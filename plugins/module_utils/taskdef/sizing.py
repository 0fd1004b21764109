# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Memory floors, default sizes and the Fargate cpu/memory combinations."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import (
    SIZING,
    WORKER_IDLE_MB,
    WORKER_PER_SLOT_MB,
)

# Fargate task cpu units -> valid task memory values (MiB), Linux platform 1.4.0.
FARGATE_MEMORY = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}

EC2_CPU_RANGE = (128, 196608)


def _round_up(value, step):
    return -(-value // step) * step


def memory_floor(component, concurrency):
    """Smallest memory (MiB) the component is allowed: a bit above what was measured."""
    if component == "worker":
        return _round_up(WORKER_IDLE_MB + WORKER_PER_SLOT_MB * concurrency, 64)
    return SIZING[component]["floor"]


def floor_source(component, concurrency):
    """Where the floor comes from, for error messages."""
    source = SIZING[component]["measured"]
    if component == "worker":
        return "%s, worker.concurrency %d" % (source, concurrency)
    return source


def default_cpu(component):
    return SIZING[component]["cpu"]


def default_memory(component, concurrency, launch_type, cpu):
    """Default memory: per component, then raised to a size Fargate accepts for the cpu."""
    if component == "worker":
        memory = _round_up(memory_floor(component, concurrency) * 3 // 2, 256)
    else:
        memory = SIZING[component]["memory"]
    if launch_type == "FARGATE" and cpu in FARGATE_MEMORY:
        valid = FARGATE_MEMORY[cpu]
        memory = next((size for size in valid if size >= memory), valid[-1])
    return memory


def nearest_fargate_memory(cpu, memory):
    """The valid Fargate memory for this cpu closest to memory (ties go up)."""
    return min(FARGATE_MEMORY[cpu], key=lambda size: (abs(size - memory), -size))
