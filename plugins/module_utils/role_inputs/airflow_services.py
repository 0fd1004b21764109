# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The airflow_services role's rules. What each task definition would refuse is checked by the
airflow_task_definition module's own rules (the task_definition_errors filter)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import secret_arn_of

SERVICES = ("api-server", "scheduler", "dag-processor", "triggerer", "worker")
# Without an api-server there is no UI and no execution API; without a scheduler nothing runs.
ALWAYS_RUNNING = ("api-server", "scheduler")
TIERS = ("core", "worker")
MIN_MIGRATE_TIMEOUT = 60


def _desired_counts(problems, services):
    counts = problems["airflow_services_desired_counts"]
    if not isinstance(counts, Mapping):
        problems.add("airflow_services_desired_counts must be a dict of component to task count.")
        return
    bad = [name for name in services if rules.whole_number(counts.get(name), 0)]
    bad += [name for name in ALWAYS_RUNNING if name not in bad and rules.whole_number(counts.get(name), 1)]
    if bad:
        problems.add(
            "airflow_services_desired_counts must give a whole number of tasks for each of %s, at least 1 for %s "
            "(the UI and the execution API, and the scheduling itself, stop without them); wrong: %s; got %r."
            % (", ".join(services), " and ".join(ALWAYS_RUNNING), ", ".join(bad), dict(counts))
        )


def _extra_secrets(problems, value):
    """Components known, and each reference a Secrets Manager secret (the iam role grants those).
    Values are never shown: a wrong one may be the secret itself."""
    if not isinstance(value, Mapping) or not all(isinstance(secrets, Mapping) for secrets in value.values()):
        problems.add("airflow_services_extra_secrets must be a dict of component to {ENVIRONMENT_VARIABLE: secret ARN}.")
        return
    unknown = sorted(set(map(str, value)) - set(COMPONENTS))
    if unknown:
        problems.add("airflow_services_extra_secrets may name only %s; unknown: %s." % (", ".join(COMPONENTS), ", ".join(unknown)))
    for component in sorted(value, key=str):
        for name in sorted(value[component], key=str):
            if secret_arn_of(value[component][name]) is None:
                problems.add(
                    "airflow_services_extra_secrets.%s.%s must reference a Secrets Manager secret by its full ARN "
                    "(<ARN> or <ARN>:<json-key>::, or {arn: <ARN>, json_key: <key>}), not hold a value: store the value "
                    "and pass its ARN (site.yml lets the task execution role read it)." % (component, name)
                )


def extra_secret_arns(value, sso=None):
    """The secrets airflow_services_extra_secrets reads, and the SSO client secret when sso is on,
    for the execution role's grant."""
    found = set()
    if isinstance(value, Mapping):
        found = {secret_arn_of(ref) for secrets in value.values() if isinstance(secrets, Mapping) for ref in secrets.values()}
    if isinstance(sso, Mapping) and rules.as_bool(sso.get("enabled", False)) is True:
        found.add(secret_arn_of(sso.get("client_secret_arn")))
    return sorted(arn for arn in found if arn)


_AUTHENTICATION_TYPES = ("none", "oidc", "cognito")
_OIDC_ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "user_info_endpoint")
_USER_POOL_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:cognito-idp:[a-z0-9-]+:\d{12}:userpool/[\w-]+_[0-9A-Za-z]+\Z")
_TOKEN = re.compile(r"^[^\s]{1,255}\Z")
# AWS's limit on the load balancer's authentication session (7 days).
MAX_SESSION_SECONDS = 604800


def _load_balancer_authentication(problems, value, certificate_arn):
    """Sign-in at the load balancer: HTTPS only, and each field its type needs (values of secrets never shown)."""
    name = "airflow_services_load_balancer_authentication"
    if not isinstance(value, Mapping):
        problems.add("%s must be a dict with a type (none, oidc or cognito)." % name)
        return
    kind = value.get("type", "none")
    if kind not in _AUTHENTICATION_TYPES:
        problems.add("%s.type must be none, oidc or cognito; got %r." % (name, kind))
        return
    if kind == "none":
        return
    if not certificate_arn:
        problems.add("%s.type %s needs an HTTPS listener: set airflow_services_load_balancer_certificate_arn "
                     "(the load balancer signs users in over HTTPS only)." % (name, kind))
    if kind == "oidc":
        for field in _OIDC_ENDPOINTS:
            url = value.get(field)
            if not (isinstance(url, str) and url.startswith("https://") and _TOKEN.match(url) and len(url) > 8):
                problems.add("%s.%s must be the provider's https:// URL (its discovery document lists it)." % (name, field))
        if not (isinstance(value.get("client_id"), str) and _TOKEN.match(value["client_id"])):
            problems.add("%s.client_id must be the client id registered at the provider." % name)
        problem = rules.secret_arn(value.get("client_secret_arn"))
        if problem:
            problems.add("%s.client_secret_arn %s, the secret holding the client secret as its whole value; "
                         "got a value that is not shown." % (name, problem))
    else:
        if not (isinstance(value.get("user_pool_arn"), str) and _USER_POOL_ARN.match(value["user_pool_arn"])):
            problems.add("%s.user_pool_arn must be the ARN of a Cognito user pool "
                         "(arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>)." % name)
        for field in ("user_pool_client_id", "user_pool_domain"):
            if not (isinstance(value.get(field), str) and _TOKEN.match(value[field])):
                problems.add("%s.%s is required with type cognito." % (name, field))
    if rules.whole_number(value.get("session_timeout", 28800), 1, MAX_SESSION_SECONDS):
        problems.add("%s.session_timeout must be whole seconds from 1 to %d; got %r."
                     % (name, MAX_SESSION_SECONDS, value.get("session_timeout")))
    scope = value.get("scope", "openid")
    if not (isinstance(scope, str) and "openid" in scope.split()):
        problems.add("%s.scope must be space-separated scopes that include openid; got %r." % (name, scope))


def _capacity_providers(value):
    if not isinstance(value, Mapping) or any(rules.ecs_name(value.get(tier)) for tier in TIERS):
        return "must name the capacity provider of each tier (%s)" % ", ".join(TIERS)
    return None


def errors(inputs):
    """The user's own inputs (validate), and the links other roles hand on when they are given (main)."""
    problems = rules.Problems(inputs)
    problems.check("airflow_services_environment", rules.environment_name)
    problems.check("airflow_services_cluster_name", rules.ecs_name)
    if "airflow_services_desired_counts" in problems:
        flower = rules.as_bool(inputs.get("airflow_services_flower_enabled", False)) is True
        _desired_counts(problems, SERVICES + (("flower",) if flower else ()))
    if rules.as_bool(inputs.get("airflow_services_load_balancer_enabled", True)) is True:
        problems.check("airflow_services_load_balancer_certificate_arn", rules.acm_certificate_arn, optional=True)
        if "airflow_services_load_balancer_subnet_ids" in problems:
            problems.require("airflow_services_load_balancer_subnet_ids", len(inputs["airflow_services_load_balancer_subnet_ids"] or []) >= 2,
                             "needs at least two subnets (an application load balancer spans two zones)")
        problems.check_each("airflow_services_load_balancer_security_group_ids", rules.aws_id, "security group")
        if "airflow_services_load_balancer_authentication" in problems:
            _load_balancer_authentication(problems, inputs["airflow_services_load_balancer_authentication"],
                                          inputs.get("airflow_services_load_balancer_certificate_arn"))
    problems.check("airflow_services_migrate_timeout", rules.whole_number, MIN_MIGRATE_TIMEOUT)
    if "airflow_services_extra_secrets" in problems:
        _extra_secrets(problems, inputs["airflow_services_extra_secrets"])
    problems.check("airflow_services_log_group", rules.log_group_name)
    problems.check("airflow_services_capacity_providers", _capacity_providers)
    problems.check("airflow_services_execution_role_arn", rules.iam_role_arn)
    for name in (
        "airflow_services_airflow_secret_arn",
        "airflow_services_database_secret_arn",
        "airflow_services_broker_secret_arn",
        "airflow_services_admin_password_secret_arn",
    ):
        problems.check(name, rules.secret_arn)
    problems.check("airflow_services_vpc_id", rules.aws_id, "vpc")
    for name in ("airflow_services_subnet_ids", "airflow_services_security_group_ids"):
        if name in problems and problems.check_each(name, rules.aws_id, "subnet" if "subnet" in name else "security group"):
            problems.require(name, len(inputs[name]) > 0, "must not be empty (site.yml takes it from the network role)")
    problems.check_tags("airflow_services_tags")
    return problems.messages
