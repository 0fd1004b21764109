"""cpu and memory: floors from measurements, defaults with headroom, Fargate combinations."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import (
    apply_defaults,
    render_task_definition,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.sizing import (
    FARGATE_MEMORY,
    memory_floor,
    nearest_fargate_memory,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, container, storage_for


@pytest.mark.parametrize(
    "component,measured,floor",
    [("api-server", 270, 384), ("scheduler", 160, 256), ("dag-processor", 160, 256), ("triggerer", 250, 384)],
)
def test_floors_sit_above_the_measurement(component, measured, floor):
    assert memory_floor(component, 8) == floor > measured


@pytest.mark.parametrize("concurrency,floor", [(1, 512), (8, 896), (16, 1408), (64, 4288)])
def test_worker_floor_grows_per_slot(concurrency, floor):
    assert memory_floor("worker", concurrency) == floor >= 400 + 60 * concurrency


@pytest.mark.parametrize("concurrency,memory", [(1, 768), (8, 1536), (16, 2304)])
def test_worker_default_is_about_one_and_a_half_floors(concurrency, memory):
    spec = apply_defaults(base_spec("worker", worker={"concurrency": concurrency}))
    assert spec["memory"] == memory


def test_floor_message_names_component_floor_and_measurement():
    errors = validation_errors(base_spec("api-server", memory=300))
    assert errors == [
        "memory 300 MiB is below the api-server floor of 384 MiB (measured ~270 MB PSS with Airflow 3.3.2): "
        "set memory to at least 384"
    ]


def test_worker_floor_message_names_the_concurrency():
    errors = validation_errors(base_spec("worker", memory=1024, worker={"concurrency": 16}))
    assert len(errors) == 1
    assert errors[0].startswith("memory 1024 MiB is below the worker floor of 1408 MiB")
    assert "worker.concurrency 16" in errors[0] and "60 MB per running task slot" in errors[0]


@pytest.mark.parametrize(
    "component", ["migrate", "api-server", "scheduler", "dag-processor", "triggerer", "worker", "flower"]
)
def test_fargate_defaults_are_valid_combinations(component):
    spec = apply_defaults(base_spec(component, launch_type="FARGATE", dag_storage=storage_for("image")))
    assert spec["memory"] in FARGATE_MEMORY[spec["cpu"]]
    assert spec["memory"] >= memory_floor(component, 8)


def test_fargate_default_memory_follows_the_chosen_cpu():
    spec = apply_defaults(base_spec("scheduler", cpu=2048, launch_type="FARGATE", dag_storage=storage_for("image")))
    assert spec["memory"] == 4096


def test_fargate_task_size_is_rendered_as_strings():
    spec = base_spec("api-server", cpu=1024, memory=3072, launch_type="FARGATE", dag_storage=storage_for("image"))
    definition = render_task_definition(spec)
    assert (definition["cpu"], definition["memory"]) == ("1024", "3072")
    assert "memory" not in container(definition, "api-server")


def test_ec2_task_is_capped_and_the_containers_reserve_its_memory():
    definition = render_task_definition(base_spec("api-server", cpu=1024, memory=2048))
    assert (definition["cpu"], definition["memory"]) == ("1024", "2048")
    api = container(definition, "api-server")
    assert api["cpu"] == 1024 and "memory" not in api
    assert sum(c["memoryReservation"] for c in definition["containerDefinitions"]) == 2048


@pytest.mark.parametrize(
    "cpu,memory,nearest",
    [
        (256, 1536, 2048),
        (256, 4096, 2048),
        (512, 5000, 4096),
        (1024, 1024, 2048),
        (2048, 4500, 4096),
        (4096, 9000, 9216),
    ],
)
def test_nearest_fargate_memory(cpu, memory, nearest):
    assert nearest_fargate_memory(cpu, memory) == nearest


def test_fargate_256_cpu_takes_three_sizes_only():
    assert FARGATE_MEMORY[256] == (512, 1024, 2048)
    errors = validation_errors(
        base_spec("flower", cpu=256, memory=1536, launch_type="FARGATE", dag_storage=storage_for("image"))
    )
    assert errors == [
        "memory 1536 MiB is not valid on Fargate with cpu 256 (valid: 512, 1024, 2048); the nearest valid memory is 2048"
    ]
