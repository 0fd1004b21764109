"""Airflow's REST API as the tests' client: requests on an api-server port, and the admin's login."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from deployment import ENVIRONMENT, Deployment

API_PORT = 8080


def request(port: int, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    """(HTTP status, JSON answer) of a GET, or of a POST when there is a body."""
    sent = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(sent, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def log_in(port: int, username: str, password: str) -> tuple[int, str | None]:
    """(HTTP status, access token) of a login through the FAB auth manager's token endpoint."""
    status, answer = request(port, "/auth/token", {"username": username, "password": password})
    return status, answer.get("access_token")


def admin_password(airflow: Deployment) -> str:
    """The admin password, read the way the summary's command reads it."""
    secret = airflow.emulator.client("secretsmanager").get_secret_value(SecretId=f"airflow-ecs/{ENVIRONMENT}/admin-user")
    return json.loads(secret["SecretString"])["password"]


def admin_token(airflow: Deployment, port: int = API_PORT) -> str:
    status, token = log_in(port, "admin", admin_password(airflow))
    assert status == 201 and token, f"the admin could not log in: {status}"
    return token
