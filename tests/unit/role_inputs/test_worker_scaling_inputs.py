"""The worker_scaling role's rules on names (the settings are the scaling arithmetic's, tested with it)."""

from __future__ import annotations

import pytest
from role_inputs_support import problems

GOOD = {"worker_scaling_environment": "prod", "worker_scaling_cluster_name": "airflow-prod",
        "worker_scaling_service_name": "worker", "worker_scaling_metric_namespace": "AirflowECS"}


def test_good_inputs_pass():
    assert problems("worker_scaling", GOOD) == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"worker_scaling_metric_namespace": "AWS/ECS"}, "worker_scaling_metric_namespace must be a CloudWatch namespace"),
    ({"worker_scaling_cluster_name": "airflow prod"}, "worker_scaling_cluster_name must be 1 to 255 letters"),
    ({"worker_scaling_service_name": ""}, "worker_scaling_service_name must be 1 to 255 letters"),
])
def test_bad_inputs_name_the_input(change, message):
    assert message in problems("worker_scaling", dict(GOOD, **change))
