"""airflow_ecs.deploy.ecr_authorization_info on the emulator: the login a registry client takes, in check mode too."""

from __future__ import annotations

import base64

import pytest
from plays import module_task, run_task, write_play

pytestmark = pytest.mark.emulator


def test_the_login_is_the_token_split_into_registry_user_and_password(clean_emulator, playbook, tmp_path):
    token = clean_emulator.client("ecr").get_authorization_token()["authorizationData"][0]
    user, password = base64.b64decode(token["authorizationToken"]).decode().split(":", 1)
    path = write_play(tmp_path, [module_task("ecr_authorization_info", {})])
    for check in (False, True):
        run, login = run_task(playbook, path, check=check)
        assert run.returncode == 0, run.output
        assert not login["changed"]
        assert login["registry"] == token["proxyEndpoint"].split("://", 1)[1] == "123456789012.dkr.ecr.us-east-1.amazonaws.com"
        assert (login["username"], login["password"]) == (user, password) == ("AWS", password)
        assert login["expires_at"].startswith(str(token["expiresAt"].year))


def test_another_accounts_registry_is_asked_for_by_id(clean_emulator, playbook, tmp_path):
    path = write_play(tmp_path, [module_task("ecr_authorization_info", {"registry_id": "123456789012"})])
    run, login = run_task(playbook, path)
    assert run.returncode == 0, run.output
    assert login["registry"].startswith("123456789012.dkr.ecr.")
