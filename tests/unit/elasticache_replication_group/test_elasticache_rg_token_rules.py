"""auth_token_problem: ElastiCache's AUTH token rules, explained without the token."""

from __future__ import annotations

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.elasticache_replication_group import auth_token_problem


@pytest.mark.parametrize("token", ["a" * 16, "A1b2C3d4!&#$^<>-x", "x" * 128])
def test_valid_tokens(token):
    assert auth_token_problem(token) == ""


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("a" * 15, "16 to 128 characters long; it has 15"),
        ("a" * 129, "it has 129"),
        ("a" * 16 + "@", "no @"),
        ("a" * 16 + "/", "no @"),
        ('a' * 16 + '"', "no @"),
        ("a" * 16 + " b", "no @"),
        ("a" * 16 + "%", "may hold only"),
    ],
)
def test_invalid_tokens(token, problem):
    assert problem in auth_token_problem(token)
