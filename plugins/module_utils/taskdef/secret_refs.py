# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret references: where ECS reads a secret from, never the secret itself.

Whatever the caller passed under `secrets` may be a secret value by mistake, so no
function here puts the input into a message.
"""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules

_PARTITION = r"arn:aws(?:-[a-z]+)*"
_SECRET_NAME = r"[A-Za-z0-9/_+=.@-]+"
# ECS accepts `<secret arn>:<json-key>:<version-stage>:<version-id>`, any of the three empty.
_SECRETSMANAGER = re.compile(
    r"^%s:secretsmanager:[a-z0-9-]+:\d{12}:secret:%s(?::[^:\s]*:[^:\s]*:[^:\s]*)?\Z" % (_PARTITION, _SECRET_NAME)
)
_JSON_KEY = re.compile(r"^[^:\s]+\Z")


def reference_errors(name, reference, group="secrets"):
    """Errors for one `<group>.<name>` input (secrets, extra_secrets); empty when it is a usable reference."""
    field = "%s.%s" % (group, name)
    if isinstance(reference, dict):
        return _dict_reference_errors(field, reference)
    if isinstance(reference, str) and (_SECRETSMANAGER.match(reference) or rules.ssm_parameter_arn(reference) is None):
        return []
    if isinstance(reference, str) and reference.startswith("arn:"):
        return [
            "%s is not a Secrets Manager secret or SSM parameter ARN that ECS accepts: a JSON key needs the full "
            "form <secret arn>:<json-key>:<version-stage>:<version-id> (e.g. <secret arn>:fernet_key::), or pass "
            "{arn: <secret arn>, json_key: <key>}" % field
        ]
    return [
        "%s must be the ARN of a Secrets Manager secret or SSM parameter, not the value itself: "
        "store the value and pass its ARN" % field
    ]


def _dict_reference_errors(field, reference):
    errors = []
    unknown = sorted(set(reference) - {"arn", "json_key"})
    if unknown:
        errors.append(
            "%s has unknown keys %s: only arn and json_key are allowed" % (field, ", ".join(map(str, unknown)))
        )
    arn = reference.get("arn")
    if rules.secret_arn(arn):
        errors.append(
            "%s.arn must be the ARN of a Secrets Manager secret (without a :json-key suffix), "
            "not the value itself: store the value and pass its ARN" % field
        )
    json_key = reference.get("json_key")
    if not (isinstance(json_key, str) and _JSON_KEY.match(json_key)):
        errors.append("%s.json_key must be the name of a key in the secret's JSON (no colons or spaces)" % field)
    return errors


def secret_arn_of(reference):
    """The Secrets Manager secret a reference reads (its ARN without a :json-key suffix), or None
    for an SSM parameter or anything that is not a full secret ARN."""
    if isinstance(reference, dict):
        arn = reference.get("arn")
    elif isinstance(reference, str):
        arn = ":".join(reference.split(":")[:7])
    else:
        return None
    return arn if rules.secret_arn(arn) is None else None


def value_from(reference):
    """The `valueFrom` ECS needs for a reference that passed reference_errors."""
    if isinstance(reference, dict):
        return "%s:%s::" % (reference["arn"], reference["json_key"])
    return reference


def possible_secret_values(secrets):
    """Strings under `secrets` that are not usable references, so may be secret values.

    The module hides these from everything it prints (including the echo of its own
    arguments), while valid ARNs stay readable in results and diffs.
    """
    if not isinstance(secrets, dict):
        return []
    found = []
    for name, reference in secrets.items():
        if not reference_errors(name, reference):
            continue
        values = reference.values() if isinstance(reference, dict) else [reference]
        found.extend(str(value) for value in values if value not in (None, ""))
    return found
