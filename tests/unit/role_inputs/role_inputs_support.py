"""Checking one role's inputs the way its validate entry point does: the role_input_errors filter."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.filter.role_input_errors import role_input_errors


def problems(role: str, inputs: dict) -> str:
    """Every message for the inputs, joined as the role's assert prints them."""
    return " ".join(role_input_errors(inputs, role))
