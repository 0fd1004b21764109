# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module run does and returns: converge one resource, then the result with its diff."""

from __future__ import annotations


def converge(module, client, describe, ensure_present, ensure_absent, normalize=None, describe_again=None):
    """Bring one resource to module.params["state"]; returns (changed, before, after).

    describe() reads the resource (None when it does not exist); normalize turns what it read
    into the shape the module returns and diffs (default: it is that shape already).
    ensure_present(module, client, current) -> (changed, after) and
    ensure_absent(module, client, current) -> changed get what describe() read and make no
    call in check mode. After a change to a resource that existed, outside check mode, it is
    read again with describe_again(before) (default describe()); a create returns what it
    made. after is None for state=absent.
    """
    normalize = normalize or (lambda resource: resource)
    current = describe()
    before = normalize(current)
    if module.params["state"] == "absent":
        return ensure_absent(module, client, current), before, None
    changed, after = ensure_present(module, client, current)
    if changed and before is not None and not module.check_mode:
        after = normalize(describe_again(before) if describe_again else describe())
    return changed, before, after


def resource_diff(before, after):
    """The --diff of one resource; a resource that does not exist shows as {}."""
    return {"before": before or {}, "after": after or {}}


def module_result(changed, diff=None, **values):
    """What the module exits with: changed and its return values, and the diff when it changed."""
    result = dict(changed=changed, **values)
    if changed and diff is not None:
        result["diff"] = diff
    return result
