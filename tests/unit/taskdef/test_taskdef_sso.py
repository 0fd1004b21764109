"""Sign-in through an OpenID Connect provider (`sso`): only the api-server changes.

The rendered command runs here under bash against a stand-in `airflow`, and the FAB settings
file it writes is executed against stand-ins of the two modules it imports, so what is
checked is what the container would do, not a reading of the text.
"""

import json
import os
import subprocess
import sys
import types

import pytest
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef import sso
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, container, env_of, secret_arn, secrets_of

CLIENT_SECRET = secret_arn("okta-client")
SSO = {
    "enabled": True,
    "provider": "okta",
    "client_id": "0oa1b2c3d4",
    "client_secret_arn": CLIENT_SECRET,
    "server_metadata_url": "https://example.okta.com/.well-known/openid-configuration",
    "roles_mapping": {"airflow-admins": ["Admin"], "data-eng": ["Op", "Viewer"]},
}


def api_server(major=3, **sso_overrides):
    spec = base_spec("api-server", major, sso=dict(SSO, **sso_overrides))
    return container(render_task_definition(spec), "api-server")


@pytest.mark.parametrize("component", [c for c in COMPONENTS if c != "api-server"])
def test_only_the_api_server_changes(component):
    with_sso = render_task_definition(base_spec(component, sso=SSO))
    without = render_task_definition(base_spec(component))
    assert with_sso == without


def test_the_client_secret_is_a_reference_and_the_settings_are_plain():
    airflow = api_server()
    assert secrets_of(airflow)[sso.CLIENT_SECRET_ENV] == CLIENT_SECRET
    env = env_of(airflow)
    settings = json.loads(env[sso.SSO_ENV])
    assert settings == {
        "provider": "okta",
        "client_id": "0oa1b2c3d4",
        "server_metadata_url": SSO["server_metadata_url"],
        "scope": "openid email profile",
        "username_claim": "email",
        "roles_claim": "groups",
        "roles_mapping": SSO["roles_mapping"],
        "default_role": "Public",
    }
    assert CLIENT_SECRET not in json.dumps(env)


@pytest.mark.parametrize(("major", "setting"), [(3, "AIRFLOW__FAB__CONFIG_FILE"), (2, "AIRFLOW__WEBSERVER__CONFIG_FILE")])
def test_the_command_writes_the_settings_file_then_becomes_the_api_server(tmp_path, major, setting):
    airflow = api_server(major)
    env = env_of(airflow)
    assert env[setting] == sso.CONFIG_FILE
    config_file = tmp_path / "webserver_config.py"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = bin_dir / "airflow"
    stand_in.write_text('#!/bin/bash\necho "args: $*"; echo "pid: $$"\n')
    stand_in.chmod(0o755)
    _bash, _c, script = airflow["command"]
    script = script.replace(sso.CONFIG_FILE, str(config_file))
    run = subprocess.run(
        ["bash", "-c", script + "; echo not-exec", ],
        env={"PATH": "%s:/usr/bin:/bin" % bin_dir, sso.WEBSERVER_CONFIG_ENV: env[sso.WEBSERVER_CONFIG_ENV]},
        capture_output=True, text=True, check=True,
    )
    assert run.stdout.splitlines()[0] == ("args: api-server" if major == 3 else "args: webserver")
    assert "not-exec" not in run.stdout  # exec: signals reach the api-server itself
    assert config_file.read_text() == sso.WEBSERVER_CONFIG + "\n"
    assert oct(config_file.stat().st_mode & 0o777) == "0o600"


class _FakeRemote:
    def __init__(self, claims):
        self.claims = claims
        self.tokens = []

    def userinfo(self, token=None):
        self.tokens.append(token)
        return self.claims


@pytest.fixture
def settings_module(monkeypatch):
    """Execute the settings file as FAB would, with stand-ins for what it imports."""
    manager = types.ModuleType("flask_appbuilder.security.manager")
    manager.AUTH_OAUTH = 4
    override = types.ModuleType("airflow.providers.fab.auth_manager.security_manager.override")
    override.FabAirflowSecurityManagerOverride = type("FabAirflowSecurityManagerOverride", (), {})
    monkeypatch.setitem(sys.modules, "flask_appbuilder.security.manager", manager)
    monkeypatch.setitem(sys.modules, "airflow.providers.fab.auth_manager.security_manager.override", override)
    env = env_of(api_server(roles_claim="roles", username_claim="preferred_username"))
    monkeypatch.setitem(os.environ, sso.SSO_ENV, env[sso.SSO_ENV])
    monkeypatch.setitem(os.environ, sso.CLIENT_SECRET_ENV, "the-client-secret")
    namespace = {}
    exec(compile(env[sso.WEBSERVER_CONFIG_ENV], "webserver_config.py", "exec"), namespace)  # noqa: S102
    return namespace


def test_the_settings_file_configures_fab_for_the_provider(settings_module):
    assert settings_module["AUTH_TYPE"] == 4
    assert settings_module["AUTH_USER_REGISTRATION"] is True
    assert settings_module["AUTH_USER_REGISTRATION_ROLE"] == "Public"
    assert settings_module["AUTH_ROLES_SYNC_AT_LOGIN"] is True
    assert settings_module["AUTH_ROLES_MAPPING"] == SSO["roles_mapping"]
    [provider] = settings_module["OAUTH_PROVIDERS"]
    assert provider["name"] == "okta"
    assert provider["remote_app"] == {
        "client_id": "0oa1b2c3d4",
        "client_secret": "the-client-secret",
        "server_metadata_url": SSO["server_metadata_url"],
        "client_kwargs": {"scope": "openid email profile"},
    }


@pytest.mark.parametrize(("groups", "role_keys"), [(["data-eng"], ["data-eng"]), ("airflow-admins", ["airflow-admins"]),
                                                   (None, [])])
def test_users_come_from_the_userinfo_claims(settings_module, groups, role_keys):
    manager = settings_module["SECURITY_MANAGER_CLASS"]()
    claims = {"preferred_username": "ada", "email": "ada@example.com", "given_name": "Ada", "family_name": "L"}
    if groups is not None:
        claims["roles"] = groups
    remote = _FakeRemote(claims)
    manager.oauth_remotes = {"okta": remote}
    user = manager.get_oauth_user_info("okta", {"access_token": "t"})
    assert user == {"username": "ada", "email": "ada@example.com", "first_name": "Ada", "last_name": "L",
                    "role_keys": role_keys}
    assert remote.tokens == [{"access_token": "t"}]


def test_the_settings_file_holds_no_input():
    assert "okta" not in sso.WEBSERVER_CONFIG and CLIENT_SECRET not in sso.WEBSERVER_CONFIG


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"provider": None}, "sso.provider is required"),
        ({"provider": "my okta"}, "sso.provider is required"),
        ({"client_id": None}, "sso.client_id is required"),
        ({"client_secret_arn": None}, "sso.client_secret_arn is required"),
        ({"client_secret_arn": "s3cr3t-value"}, "sso.client_secret_arn must be the ARN"),
        ({"server_metadata_url": None}, "sso.server_metadata_url is required"),
        ({"server_metadata_url": "http://idp.example.com/.well-known/openid-configuration"},
         "sso.server_metadata_url must be a URL of the form https://"),
        ({"scope": "email profile"}, "sso.scope must be space-separated scopes that include openid"),
        ({"roles_mapping": {"admins": "Admin"}}, "sso.roles_mapping must map each IdP group to a list"),
        ({"roles_mapping": {"admins": []}}, "sso.roles_mapping must map each IdP group to a list"),
        ({"default_role": ""}, "sso.default_role must be a non-empty name"),
        ({"enabled": "yes"}, "sso.enabled must be true or false"),
    ],
)
def test_bad_input_is_named(overrides, message):
    errors = validation_errors(base_spec("api-server", sso=dict(SSO, **overrides)))
    assert any(error.startswith(message) for error in errors), errors
    assert not any("s3cr3t-value" in error for error in errors)


def test_a_settings_file_of_ones_own_conflicts_with_sso():
    spec = base_spec("api-server", sso=SSO, airflow_config={"fab": {"config_file": "/opt/airflow/webserver_config.py"}})
    assert validation_errors(spec) == [
        "airflow_config.fab.config_file is set from sso (the api-server writes the file): turn sso off to use a "
        "file of your own"
    ]
    assert validation_errors(dict(spec, sso={"enabled": False})) == []


def test_sso_off_needs_nothing():
    assert validation_errors(base_spec("api-server", sso={"enabled": False, "provider": None})) == []
