"""Sign-in through an OpenID Connect provider (`airflow_services_sso`, which site.yml got for
this environment), with a browser's steps as the client: the api-server sends the browser to
the provider (tests/e2e/oidc_provider.py), trades the code it comes back with for a token (with
the client secret from the emulator's Secrets Manager, which the execution role may read),
reads the user's claims, creates the user with the roles its groups map to, and sets the
session token that the REST API accepts, on this api-server task and on any other.

Runs after test_login_on_standin.py, on the api-server it leaves.
"""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request

from deployment import SSO_CLIENT_ID, SSO_PROVIDER, Deployment
from oidc_provider import OidcProvider
from rest_api import API_PORT, admin_password, log_in, request


class _Browser:
    """Cookies kept, redirects not followed: each step's answer is the test's to check."""

    class _Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args, **_kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self._Stay())

    def get(self, url: str) -> tuple[int, str]:
        """(status, Location header) of a GET."""
        try:
            with self._opener.open(url, timeout=60) as answer:
                return answer.status, answer.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)


def _sign_in(provider: OidcProvider, claims: dict) -> tuple[_Browser, str | None]:
    """A browser's sign-in; returns it and the session token the api-server set."""
    browser = _Browser()
    status, location = browser.get(f"http://127.0.0.1:{API_PORT}/auth/login/{SSO_PROVIDER}?next=/")
    assert status == 302, f"the sign-in did not send the browser to the provider: {status}"
    authorize = urllib.parse.urlsplit(location)
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{provider.base}/authorize"
    query = dict(urllib.parse.parse_qsl(authorize.query))
    assert query["client_id"] == SSO_CLIENT_ID and query["response_type"] == "code"
    assert query["scope"].split() == ["openid", "email", "profile"]
    callback = urllib.parse.urlsplit(query["redirect_uri"])
    assert callback.path == f"/auth/oauth-authorized/{SSO_PROVIDER}"
    code = provider.issue_code(claims)
    back = urllib.parse.urlencode({"code": code, "state": query["state"]})
    status, _location = browser.get(f"http://127.0.0.1:{API_PORT}{callback.path}?{back}")
    assert status == 302
    return browser, browser.cookie("_token")


def _dags_status(port: int, token: str | None) -> int:
    return request(port, "/api/v2/dags?limit=1", token=token)[0]


def _roles(airflow: Deployment, username: str) -> list[str]:
    rows = airflow.postgres.query(
        "select r.name from ab_user u join ab_user_role ur on ur.user_id = u.id join ab_role r on r.id = ur.role_id "
        f"where u.username = '{username}' order by r.name"
    )
    return [row[0] for row in rows]


def test_the_execution_role_may_read_the_client_secret(airflow: Deployment):
    [arn] = [entry["valueFrom"] for entry in airflow.services["api-server"].main.definition["secrets"]
             if entry["name"] == "AIRFLOW_ECS_SSO_CLIENT_SECRET"]
    iam = airflow.emulator.client("iam")
    role = "airflow-local-execution"
    documents = [iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
                 for name in iam.list_role_policies(RoleName=role)["PolicyNames"]]
    readable = [resource for document in documents for statement in document["Statement"]
                if "secretsmanager:GetSecretValue" in json.dumps(statement["Action"])
                for resource in ([statement["Resource"]] if isinstance(statement["Resource"], str) else statement["Resource"])]
    assert arn in readable


def test_a_user_in_a_mapped_group_signs_in_through_the_provider(airflow: Deployment):
    provider = airflow.identity_provider
    claims = {"email": "ada@example.com", "given_name": "Ada", "family_name": "Lovelace", "groups": ["airflow-admins"]}
    _browser, token = _sign_in(provider, claims)
    assert token, f"no session token after the provider's answer:\n{airflow.services['api-server'].main.output()[-3000:]}"
    assert provider.token_requests[-1]["grant_type"] == "authorization_code"
    assert _dags_status(API_PORT, token) == 200
    # default_role (Public, which grants nothing) comes on top of the mapped roles.
    assert _roles(airflow, "ada@example.com") == ["Admin", "Public"]


def test_a_user_in_no_mapped_group_gets_no_access(airflow: Deployment):
    _browser, token = _sign_in(airflow.identity_provider, {"email": "eve@example.com", "groups": ["marketing"]})
    assert token
    assert _dags_status(API_PORT, token) == 403
    assert _roles(airflow, "eve@example.com") == ["Public"]


def test_a_code_the_provider_did_not_issue_signs_nobody_in(airflow: Deployment):
    browser = _Browser()
    _status, location = browser.get(f"http://127.0.0.1:{API_PORT}/auth/login/{SSO_PROVIDER}?next=/")
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["state"]
    back = urllib.parse.urlencode({"code": "forged", "state": state})
    browser.get(f"http://127.0.0.1:{API_PORT}/auth/oauth-authorized/{SSO_PROVIDER}?{back}")
    assert browser.cookie("_token") is None


def test_the_admin_password_still_gets_an_api_token(airflow: Deployment):
    # The sign-in page offers the provider only; the REST API's token endpoint still checks the
    # database users, so the admin stays a way in when the provider is down.
    assert log_in(API_PORT, "admin", admin_password(airflow))[0] == 201
