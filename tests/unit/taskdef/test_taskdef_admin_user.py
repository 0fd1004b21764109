"""The login: the FAB auth manager everywhere, and the admin user the migrate task keeps.

The migrate script runs here under bash against a stand-in `airflow` that records its
arguments, so the order, the fallback from reset-password to create and the exit codes are
those of the real script, not of a reading of it.
"""

import os
import subprocess

import pytest
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import (
    COMPONENTS,
    FAB_AUTH_MANAGER,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_task_definition
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from ansible_collections.airflow_ecs.deploy.plugins.filter.task_definition_errors import task_definition_errors
from taskdef_inputs import SECRETS, base_spec, container, env_of, secrets_of

PASSWORD_ENV = "AIRFLOW_ECS_ADMIN_PASSWORD"


def migrate_container(major=3, **overrides):
    return container(render_task_definition(base_spec("migrate", major, **overrides)), "migrate")


@pytest.mark.parametrize("major", [3, 2])
@pytest.mark.parametrize("component", COMPONENTS)
def test_only_the_migrate_task_holds_the_admin_password(component, major):
    held = secrets_of(container(render_task_definition(base_spec(component, major)), component))
    assert (PASSWORD_ENV in held) == (component == "migrate")
    if component == "migrate":
        assert held[PASSWORD_ENV] == SECRETS["admin_password"]


@pytest.mark.parametrize("component", COMPONENTS)
def test_every_airflow3_container_uses_the_fab_auth_manager(component):
    assert env_of(container(render_task_definition(base_spec(component, 3)), component))["AIRFLOW__CORE__AUTH_MANAGER"] == (
        FAB_AUTH_MANAGER
    )


def test_airflow2_keeps_its_default_auth_manager_which_is_fab():
    assert "AIRFLOW__CORE__AUTH_MANAGER" not in env_of(container(render_task_definition(base_spec("api-server", 2)), "api-server"))


def test_the_admin_user_defaults_and_can_be_named():
    assert env_of(migrate_container())["AIRFLOW_ECS_ADMIN_USERNAME"] == "admin"
    assert env_of(migrate_container())["AIRFLOW_ECS_ADMIN_EMAIL"] == "admin@example.invalid"
    named = env_of(migrate_container(admin_user={"username": "platform", "email": "data@example.com"}))
    assert (named["AIRFLOW_ECS_ADMIN_USERNAME"], named["AIRFLOW_ECS_ADMIN_EMAIL"]) == ("platform", "data@example.com")


def test_no_service_carries_the_admin_user_settings():
    env = env_of(container(render_task_definition(base_spec("api-server")), "api-server"))
    assert not [name for name in env if name.startswith("AIRFLOW_ECS_ADMIN_")]


@pytest.mark.parametrize("major", [3, 2])
def test_the_password_is_read_from_the_environment_never_written_into_the_command(major):
    command = migrate_container(major)["command"]
    assert command[:2] == ["bash", "-c"] and len(command) == 3
    assert command[2].startswith("airflow db migrate && ")
    assert '"$%s"' % PASSWORD_ENV in command[2]
    assert SECRETS["admin_password"] not in command[2]


@pytest.mark.parametrize(
    "admin_user,message",
    [
        ({"username": ""}, "admin_user.username must be 1-64 letters"),
        ({"username": "has space"}, "admin_user.username must be 1-64 letters"),
        ({"username": "x" * 65}, "admin_user.username must be 1-64 letters"),
        ({"username": 'quote"d'}, "admin_user.username must be 1-64 letters"),
        ({"email": "nobody"}, "admin_user.email must be an e-mail address"),
        ({"email": "a@b"}, "admin_user.email must be an e-mail address"),
        ({"email": 7}, "admin_user.email must be an e-mail address"),
    ],
)
def test_a_bad_admin_user_is_refused(admin_user, message):
    errors = validation_errors(base_spec("migrate", admin_user=admin_user))
    assert len(errors) == 1 and errors[0].startswith(message)


def test_the_message_names_the_role_input():
    given = dict(base_spec("migrate"), admin_user={"username": "has space"})
    errors = task_definition_errors(given, names={"admin_user.username": "airflow_services_admin_username"})
    assert errors == ["airflow_services_admin_username must be 1-64 letters, digits, _ . @ or - (e.g. admin)"]


def test_auth_manager_cannot_be_set_through_airflow_config():
    errors = validation_errors(base_spec(airflow_config={"core": {"auth_manager": "SimpleAuthManager"}}))
    assert errors == [
        "airflow_config.core.auth_manager is managed by the collection: the FAB auth manager: its users live in "
        "the metadata database, shared by every api-server task"
    ]


def test_the_admin_password_secret_is_required_by_migrate_only():
    secrets = {name: arn for name, arn in SECRETS.items() if name != "admin_password"}
    assert "missing: secrets.admin_password" in " ".join(validation_errors(base_spec("migrate", secrets=secrets)))
    assert validation_errors(base_spec("scheduler", secrets=secrets)) == []


# The script under a stand-in airflow: each call is logged; AIRFLOW_FAIL names the
# subcommands (db, reset-password, create) that exit 3.
_STANDIN = """#!/bin/sh
echo "$*" >> "$AIRFLOW_LOG"
for word in $AIRFLOW_FAIL; do
  case " $* " in *" $word "*) exit 3;; esac
done
exit 0
"""


def run_script(tmp_path, fail=""):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "airflow").write_text(_STANDIN)
    os.chmod(bin_dir / "airflow", 0o755)
    log = tmp_path / "calls"
    env = {
        "PATH": "%s:/usr/bin:/bin" % bin_dir,
        "AIRFLOW_LOG": str(log),
        "AIRFLOW_FAIL": fail or "none-of-them",
        "AIRFLOW_ECS_ADMIN_USERNAME": "admin",
        "AIRFLOW_ECS_ADMIN_EMAIL": "admin@example.invalid",
        PASSWORD_ENV: "s3cret with space",
    }
    result = subprocess.run(migrate_container()["command"], env=env, check=False)
    calls = log.read_text().splitlines() if log.exists() else []
    return result.returncode, calls


def test_an_existing_admin_gets_its_password_reset(tmp_path):
    code, calls = run_script(tmp_path)
    assert code == 0
    assert calls == ["db migrate", "users reset-password --username admin --password s3cret with space"]


def test_a_missing_admin_is_created_after_reset_password_fails(tmp_path):
    code, calls = run_script(tmp_path, fail="reset-password")
    assert code == 0
    assert calls[-1] == (
        "users create --username admin --password s3cret with space --email admin@example.invalid "
        "--role Admin --firstname Airflow --lastname Admin"
    )


def test_a_failed_migration_touches_no_user_and_is_the_exit_code(tmp_path):
    assert run_script(tmp_path, fail="db") == (3, ["db migrate"])


def test_a_failed_create_fails_the_task(tmp_path):
    code, calls = run_script(tmp_path, fail="reset-password create")
    assert code == 3 and len(calls) == 3
