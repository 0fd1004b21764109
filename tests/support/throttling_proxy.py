"""A proxy in front of the emulator that throttles picked requests, the way each AWS service does.

A picked request is answered with its service's throttle error `failures` times in a row
(retries of it are recognised by method, path and body, which a retry repeats) and then
forwarded. Picked are the first request of every service after `reset()`, and every `every`-th
request, so each service a run calls is throttled at least once. The throttle is the one each
protocol's parser in botocore reads: RequestLimitExceeded (EC2), ThrottlingException (JSON and
CBOR services), Throttling (query services and CloudWatch), SlowDown (S3).
"""

from __future__ import annotations

import hashlib
import http.client
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIGNING_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")
QUERY_THROTTLE = "Throttling"
JSON_THROTTLE = "ThrottlingException"
# CloudWatch throttles with its query code whatever the protocol.
CBOR_THROTTLE = {"monitoring": QUERY_THROTTLE}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def _cbor_text(value: str) -> bytes:
    data = value.encode()
    if len(data) < 24:
        return bytes([0x60 + len(data)]) + data
    return bytes([0x78, len(data)]) + data


def cbor_error(code: str, message: str) -> bytes:
    """{"__type": code, "message": message} in CBOR (a map of two short text strings)."""
    return bytes([0xA2]) + _cbor_text("__type") + _cbor_text(code) + _cbor_text("message") + _cbor_text(message)


def throttle_answer(service: str, headers) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body with which `service` throttles a request."""
    if service == "ec2":
        body = ("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
                "</Message></Error></Errors><RequestID>throttled</RequestID></Response>")
        return 503, {"Content-Type": "text/xml"}, body.encode()
    if service == "s3":
        body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return 503, {"Content-Type": "application/xml"}, body.encode()
    if headers.get("smithy-protocol") == "rpc-v2-cbor":
        code = CBOR_THROTTLE.get(service, JSON_THROTTLE)
        return 400, {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}, cbor_error(code, "Rate exceeded")
    if headers.get("X-Amz-Target"):
        body = f'{{"__type": "{JSON_THROTTLE}", "message": "Rate exceeded"}}'
        answer = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": JSON_THROTTLE}
        if headers.get("x-amzn-query-mode") == "true":
            # A service that moved from query to JSON (CloudWatch) keeps its query error code.
            answer["x-amzn-query-error"] = f"{QUERY_THROTTLE};Sender"
        return 400, answer, body.encode()
    body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{QUERY_THROTTLE}</Code><Message>Rate exceeded</Message>"
            "</Error><RequestId>throttled</RequestId></ErrorResponse>")
    return 400, {"Content-Type": "text/xml"}, body.encode()


@dataclass
class Throttling:
    """What the proxy did: requests forwarded and throttle answers sent, by service."""

    forwarded: Counter = field(default_factory=Counter)
    throttled: Counter = field(default_factory=Counter)
    picked: Counter = field(default_factory=Counter)


class ThrottlingProxy:
    def __init__(self, upstream_port: int, failures: int = 3, every: int = 100):
        self.upstream_port = upstream_port
        self.failures = failures
        self.every = every
        self.stats = Throttling()
        self._lock = threading.Lock()
        self._pending: dict[str, int] = {}
        self._seen_services: set[str] = set()
        self._count = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def start(self) -> ThrottlingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> ThrottlingProxy:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def run_environment(self) -> dict[str, str]:
        """Count afresh, and the environment that points a playbook run (run_playbook) at the proxy."""
        self.reset()
        return {"AIRFLOW_ECS_EMULATOR_PORT": str(self.port)}

    def reset(self) -> None:
        """Start counting afresh: the next request of every service is picked again."""
        with self._lock:
            self.stats = Throttling()
            self._pending.clear()
            self._seen_services.clear()
            self._count = 0

    def _throttles(self, service: str, key: str) -> bool:
        with self._lock:
            if key not in self._pending:
                self._count += 1
                if service in self._seen_services and self._count % self.every:
                    return False
                self._seen_services.add(service)
                self._pending[key] = self.failures
                self.stats.picked[service] += 1
            if self._pending[key] == 0:
                del self._pending[key]
                return False
            self._pending[key] -= 1
            self.stats.throttled[service] += 1
            return True

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - the base class's name
                pass

            def _body(self) -> bytes:
                if "chunked" in self.headers.get("Transfer-Encoding", ""):
                    chunks = []
                    while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _answer(self, status: int, headers: dict[str, str], body: bytes, length: str | None = None) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                # A HEAD answer has no body but the length of the object it describes.
                self.send_header("Content-Length", length if length is not None else str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _forward(self) -> None:
                body = self._body()
                match = SIGNING_SERVICE.search(self.headers.get("Authorization", ""))
                service = match.group(1) if match else "unsigned"
                key = hashlib.sha256(b"\0".join([self.command.encode(), self.path.encode(), body])).hexdigest()
                if match and proxy._throttles(service, key):
                    self._answer(*throttle_answer(service, self.headers))
                    return
                headers = {name: value for name, value in self.headers.items()
                           if name.lower() not in HOP_BY_HOP and name.lower() != "content-length"}
                if "chunked" in self.headers.get("Transfer-Encoding", "") or body:
                    headers["Content-Length"] = str(len(body))
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=300)
                try:
                    upstream.request(self.command, self.path, body=body or None, headers=headers)
                    response = upstream.getresponse()
                    data = response.read()
                    answer = {name: value for name, value in response.getheaders()
                              if name.lower() not in HOP_BY_HOP and name.lower() != "content-length"}
                finally:
                    upstream.close()
                with proxy._lock:
                    proxy.stats.forwarded[service] += 1
                self._answer(response.status, answer, data,
                             response.getheader("Content-Length") if self.command == "HEAD" else None)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward

        return Handler
