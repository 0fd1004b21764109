"""What stands in for a team's OpenID Connect provider: a small HTTPS server on 127.0.0.1.

It serves a discovery document, a token endpoint that checks the client's credentials and
trades a code for an access token, and a userinfo endpoint that answers the claims of the
user the code was issued for. The authorization step itself (the provider's login page) is
the test: it issues a code for a user of its choice and sends the browser back with it.
The certificate is self-signed for HOST; the api-server trusts it through REQUESTS_CA_BUNDLE.
"""

from __future__ import annotations

import base64
import datetime
import secrets
import ssl
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from json_http import send_json

HOST = "idp.e2e.test"


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "idp-cert.pem", directory / "idp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


class OidcProvider:
    """Start with start(), stop with stop(); `issue_code(claims)` plays the provider's login page."""

    def __init__(self, directory: Path, client_id: str, client_secret: str):
        self.client_id, self.client_secret = client_id, client_secret
        self.cert_file, self._key_file = _self_signed(directory)
        self._codes: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self._key_file)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self.base = f"https://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    def start(self) -> OidcProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def issue_code(self, claims: dict) -> str:
        code = secrets.token_urlsafe(16)
        self._codes[code] = claims
        return code

    def _metadata(self) -> dict:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def _client_authenticated(self, headers, form: dict) -> bool:
        basic = headers.get("Authorization", "")
        if basic.startswith("Basic "):
            user, _colon, password = base64.b64decode(basic[6:]).decode().partition(":")
            given = urllib.parse.unquote(user), urllib.parse.unquote(password)
        else:
            given = form.get("client_id", ""), form.get("client_secret", "")
        return given == (self.client_id, self.client_secret)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args):
                pass

            def _answer(self, status: int, body: dict) -> None:
                send_json(self, status, body)

            def do_GET(self):  # noqa: N802 (http.server's name)
                if self.path == "/.well-known/openid-configuration":
                    return self._answer(200, provider._metadata())
                if self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token in provider._tokens:
                        return self._answer(200, provider._tokens[token])
                    return self._answer(401, {"error": "invalid_token"})
                return self._answer(404, {"error": "not_found"})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path != "/token":
                    return self._answer(404, {"error": "not_found"})
                provider.token_requests.append({key: value for key, value in form.items() if key != "client_secret"})
                if not provider._client_authenticated(self.headers, form):
                    return self._answer(401, {"error": "invalid_client"})
                claims = provider._codes.pop(form.get("code", ""), None)
                if form.get("grant_type") != "authorization_code" or claims is None:
                    return self._answer(400, {"error": "invalid_grant"})
                token = secrets.token_urlsafe(24)
                provider._tokens[token] = claims
                return self._answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 300})

        return Handler
