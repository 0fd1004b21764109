"""The image role's rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from role_inputs_support import problems

ROOT = Path(__file__).resolve().parents[3]
CONSTRAINTS = str(ROOT / "files/airflow/constraints-3.3.2-python3.11.txt")
GOOD = {
    "image_environment": "prod",
    "image_repository_name": "airflow-prod",
    "image_airflow_version": "3.3.2",
    "image_base_image": "apache/airflow:3.3.2-python3.11",
    "image_constraints_file": CONSTRAINTS,
    "image_pip_requirements": ["apache-airflow-providers-slack>=9", "pandas==2.2.3"],
    "image_os_packages": ["libpq5", "git=1:2.39.5-0+deb12u1"],
    "image_plugins_dir": "",
    "image_dags_dir": "",
    "image_ca_bundle": "",
    "image_wheelhouse": "",
    "image_registry": "",
    "image_keep_images": 10,
}


def test_good_inputs_pass(tmp_path):
    assert problems("image", GOOD) == ""
    assert problems("image", dict(GOOD, image_registry="http://127.0.0.1:5000", image_plugins_dir=str(tmp_path))) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"image_pip_requirements": ["apache-airflow==2.10.5"]}, "image_pip_requirements[0] names apache-airflow:"),
    ({"image_pip_requirements": ["pandas", "Apache_Airflow.Core>=3"]}, "image_pip_requirements[1] names apache-airflow-core:"),
    ({"image_pip_requirements": ["apache-airflow-task-sdk"]}, "image_pip_requirements[0] names apache-airflow-task-sdk:"),
    ({"image_pip_requirements": ["--index-url https://example.com"]}, "image_pip_requirements[0] must name a distribution"),
    ({"image_pip_requirements": ["git+https://example.com/x.git"]}, "image_pip_requirements[0] must name a distribution"),
    ({"image_os_packages": ["libpq5; rm -rf /"]}, "image_os_packages[0] must be a Debian package name"),
    ({"image_base_image": "apache/airflow:latest"}, "image_base_image must be pinned"),
    ({"image_base_image": "apache/airflow:2.10.5-python3.11"}, "image_base_image runs Airflow 2.10.5 but airflow_version is 3.3.2"),
    ({"image_airflow_version": "3.3.1", "image_base_image": "python:3.11-slim"},
     "image_constraints_file must pin apache-airflow==3.3.1 (it pins 3.3.2)"),
    ({"image_constraints_file": "/nonexistent/constraints.txt"}, "image_constraints_file: no file at /nonexistent/constraints.txt"),
    ({"image_wheelhouse": "/nonexistent/wheels"}, "image_wheelhouse: no directory at /nonexistent/wheels"),
    ({"image_ca_bundle": "/nonexistent/ca.pem"}, "image_ca_bundle: no file at /nonexistent/ca.pem"),
    ({"image_repository_name": "Airflow Prod"}, "image_repository_name must be an ECR repository name"),
    ({"image_registry": "ftp://registry"}, "image_registry must be a registry host"),
    ({"image_keep_images": 0}, "image_keep_images must be between 1 and 1000"),
    ({"image_environment": "Prod"}, "image_environment must be"),
    ({"airflow_ecs_on_emulator": True, "image_registry": ""}, "image_registry is required on the emulator"),
])
def test_bad_inputs_name_the_input(change, message):
    assert problems("image", dict(GOOD, airflow_ecs_on_emulator=True, image_registry="http://127.0.0.1:5001")) == ""
    assert message in problems("image", dict(GOOD, **change))


def test_every_problem_is_reported_at_once():
    found = problems("image", dict(GOOD, image_pip_requirements=["apache-airflow"], image_wheelhouse="/nonexistent"))
    assert "image_pip_requirements[0]" in found and "image_wheelhouse" in found
