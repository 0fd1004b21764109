"""The JSON answer of the tests' small HTTP stand-ins (the ECS agent, the OpenID Connect provider)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler


def send_json(request: BaseHTTPRequestHandler, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)
