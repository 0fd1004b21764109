"""End-to-end fixtures: the deployment (see deployment.py) for the whole session, and Airflow
started on it once."""

from __future__ import annotations

import pytest
from deployment import Deployment, PrerequisitesMissing, deployed, start_airflow

__all__ = ["Deployment"]


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Deployment:
    try:
        with deployed(tmp_path_factory.mktemp("e2e")) as converged:
            yield converged
    except PrerequisitesMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="session")
def airflow(deployment: Deployment) -> Deployment:
    start_airflow(deployment)
    return deployment
