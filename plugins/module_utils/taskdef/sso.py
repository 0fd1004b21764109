# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sign-in through the team's OpenID Connect provider (the `sso` option), on the api-server.

FAB reads its sign-in settings from a Python file (`[fab] config_file` on Airflow 3,
`[webserver] config_file` on 2.10). ECS has no config maps, and a team may bring its own
image, so the file travels in the task definition: WEBSERVER_CONFIG below is fixed code (no
input in it), stored in an environment variable that the api-server's command writes to
/tmp before it starts. The settings come as JSON in another variable and the client secret
as a `valueFrom` secret: the file itself never holds a secret.

Any provider that publishes a discovery document works: the claims come from its userinfo
endpoint (FAB's built-in per-provider code knows a dozen names only). Users are created on
their first sign-in, and at every sign-in their roles follow the roles claim through
roles_mapping (IdP group -> Airflow roles), plus default_role, which FAB gives everyone.
"""

from __future__ import annotations

import json
import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import reference_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.urls import url_errors

SSO_ENV = "AIRFLOW_ECS_SSO"
CLIENT_SECRET_ENV = "AIRFLOW_ECS_SSO_CLIENT_SECRET"
WEBSERVER_CONFIG_ENV = "AIRFLOW_ECS_WEBSERVER_CONFIG"
CONFIG_FILE = "/tmp/airflow_ecs_webserver_config.py"
CONFIG_FILE_SETTING = {3: "AIRFLOW__FAB__CONFIG_FILE", 2: "AIRFLOW__WEBSERVER__CONFIG_FILE"}

# FAB's roles; a mapping may also name roles a team created itself.
FAB_ROLES = ("Admin", "Op", "User", "Viewer", "Public")

WEBSERVER_CONFIG = '''\
"""FAB sign-in through OpenID Connect: written by airflow_ecs.deploy when the api-server starts."""
import json
import os

from flask_appbuilder.security.manager import AUTH_OAUTH

from airflow.providers.fab.auth_manager.security_manager.override import FabAirflowSecurityManagerOverride

_SSO = json.loads(os.environ["%(sso)s"])

AUTH_TYPE = AUTH_OAUTH
AUTH_USER_REGISTRATION = True
AUTH_USER_REGISTRATION_ROLE = _SSO["default_role"]
AUTH_ROLES_MAPPING = _SSO["roles_mapping"]
AUTH_ROLES_SYNC_AT_LOGIN = True
OAUTH_PROVIDERS = [
    {
        "name": _SSO["provider"],
        "icon": "fa-sign-in",
        "token_key": "access_token",
        "remote_app": {
            "client_id": _SSO["client_id"],
            "client_secret": os.environ["%(secret)s"],
            "server_metadata_url": _SSO["server_metadata_url"],
            "client_kwargs": {"scope": _SSO["scope"]},
        },
    }
]


class OidcClaimsSecurityManager(FabAirflowSecurityManagerOverride):
    """Users from the provider's userinfo claims, whatever the provider is called."""

    def get_oauth_user_info(self, provider, resp):
        claims = self.oauth_remotes[provider].userinfo(token=resp)
        groups = claims.get(_SSO["roles_claim"]) or []
        if isinstance(groups, str):
            groups = [groups]
        return {
            "username": claims.get(_SSO["username_claim"]) or "",
            "email": claims.get("email") or "",
            "first_name": claims.get("given_name") or "",
            "last_name": claims.get("family_name") or "",
            "role_keys": [str(group) for group in groups],
        }


SECURITY_MANAGER_CLASS = OidcClaimsSecurityManager
''' % {"sso": SSO_ENV, "secret": CLIENT_SECRET_ENV}

# Written owner-only, then the api-server replaces the shell (signals reach it directly).
_START = 'umask 077 && printf "%%s\\n" "$%s" > %s && exec %s'


def is_enabled(spec):
    return spec["component"] == "api-server" and spec["sso"]["enabled"] is True


def command(airflow_command):
    """The api-server command that writes the config file first."""
    return ["bash", "-c", _START % (WEBSERVER_CONFIG_ENV, CONFIG_FILE, " ".join(airflow_command))]


def environment(spec, major):
    sso = spec["sso"]
    settings = {key: sso[key] for key in _SETTINGS}
    return {
        SSO_ENV: json.dumps(settings, sort_keys=True),
        WEBSERVER_CONFIG_ENV: WEBSERVER_CONFIG,
        CONFIG_FILE_SETTING[major]: CONFIG_FILE,
    }


_PROVIDER = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
_TOKEN = re.compile(r"^[^\s]{1,256}\Z")
_CONFIG_FILE_KEYS = (("fab", "config_file"), ("webserver", "config_file"))


def sso_errors(spec):
    """Errors of the `sso` option (and of airflow_config keys it sets)."""
    sso = spec["sso"]
    if not isinstance(sso, dict):
        return []
    if not isinstance(sso["enabled"], bool):
        return ["sso.enabled must be true or false"]
    if not sso["enabled"]:
        return []
    errors = []
    if not (isinstance(sso["provider"], str) and _PROVIDER.match(sso["provider"])):
        errors.append("sso.provider is required: a short name of letters, digits, - and _ (e.g. okta)")
    if not (isinstance(sso["client_id"], str) and _TOKEN.match(sso["client_id"])):
        errors.append("sso.client_id is required: the client id registered at the provider")
    if sso["client_secret_arn"] is None:
        errors.append("sso.client_secret_arn is required: the ARN of the secret that holds the client secret")
    else:
        errors.extend(reference_errors("client_secret_arn", sso["client_secret_arn"], group="sso"))
    errors.extend(
        url_errors("sso.server_metadata_url", sso["server_metadata_url"], schemes=("https",))
    )
    if not (isinstance(sso["scope"], str) and "openid" in sso["scope"].split()):
        errors.append("sso.scope must be space-separated scopes that include openid (e.g. openid email profile)")
    for key in ("username_claim", "roles_claim", "default_role"):
        if not (isinstance(sso[key], str) and _TOKEN.match(sso[key])):
            errors.append("sso.%s must be a non-empty name without spaces" % key)
    errors.extend(_roles_mapping_errors(sso["roles_mapping"]))
    config = spec["airflow_config"] if isinstance(spec["airflow_config"], dict) else {}
    for section, key in _CONFIG_FILE_KEYS:
        if isinstance(config.get(section), dict) and key in config[section]:
            errors.append("airflow_config.%s.%s is set from sso (the api-server writes the file): "
                          "turn sso off to use a file of your own" % (section, key))
    return errors


def _roles_mapping_errors(mapping):
    message = ("sso.roles_mapping must map each IdP group to a list of Airflow roles, "
               "e.g. {airflow-admins: [Admin], data-eng: [Op]}")
    if not isinstance(mapping, dict):
        return [message]
    for group, roles in mapping.items():
        if not (isinstance(group, str) and group and isinstance(roles, list) and roles
                and all(isinstance(role, str) and _TOKEN.match(role) for role in roles)):
            return [message]
    return []


_SETTINGS = ("provider", "client_id", "server_metadata_url", "scope", "username_claim", "roles_claim", "roles_mapping",
             "default_role")
