"""The module runs the boto3 waiter after create/modify/delete when wait=true, and not otherwise.

A fake client records the calls, so this checks the code path rather than timing (on the
emulator states flip at once, so timing proves nothing).
"""

from __future__ import annotations

import copy

import pytest

from elasticache_rg_inputs import DESCRIBED, params

from ansible_collections.airflow_ecs.deploy.plugins.modules import elasticache_replication_group as module_under_test


class FakeWaiter:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def wait(self, **kwargs):
        self.client.calls.append(("wait", self.name))


class FakeClient:
    def __init__(self, group=None):
        self.group = copy.deepcopy(group)
        self.calls = []

    def get_waiter(self, name):
        return FakeWaiter(self, name)

    def describe_replication_groups(self, ReplicationGroupId, aws_retry=False):
        self.calls.append(("describe", None))
        return {"ReplicationGroups": [self.group]}

    def describe_cache_clusters(self, CacheClusterId, aws_retry=False):
        return {"CacheClusters": []}

    def list_tags_for_resource(self, ResourceName, aws_retry=False):
        return {"TagList": [{"Key": "airflow_ecs_environment", "Value": "prod"}]}

    def create_replication_group(self, aws_retry=False, **request):
        self.calls.append(("create", None))
        self.group = copy.deepcopy(DESCRIBED)

    def modify_replication_group(self, aws_retry=False, **request):
        self.calls.append(("modify", tuple(sorted(request))))

    def delete_replication_group(self, ReplicationGroupId, aws_retry=False):
        self.calls.append(("delete", None))


class FakeModule:
    def __init__(self, check_mode=False, **changes):
        self.params = params(**changes)
        self.check_mode = check_mode

    def fail_json(self, **kwargs):
        raise AssertionError(kwargs["msg"])


def _current(client):
    return module_under_test.describe_group(client, "airflow-prod")


def _waits(client):
    return [call[1] for call in client.calls if call[0] == "wait"]


@pytest.mark.parametrize(("wait", "expected"), [(True, ["replication_group_available"]), (False, [])])
def test_create_waits_only_when_asked(wait, expected):
    client = FakeClient()
    changed, group = module_under_test.ensure_present(FakeModule(wait=wait), client, None)
    assert changed and group["status"] == "available"
    assert _waits(client) == expected
    assert ("create", None) in client.calls


@pytest.mark.parametrize(("wait", "expected"), [(True, ["replication_group_available"]), (False, [])])
def test_modify_waits_only_when_asked(wait, expected):
    client = FakeClient(DESCRIBED)
    module = FakeModule(wait=wait, snapshot_retention_limit=7)
    changed = module_under_test.ensure_present(module, client, _current(client))[0]
    assert changed
    assert ("modify", ("ApplyImmediately", "ReplicationGroupId", "SnapshotRetentionLimit")) in client.calls
    assert _waits(client) == expected


def test_unchanged_group_does_not_wait():
    client = FakeClient(DESCRIBED)
    changed = module_under_test.ensure_present(FakeModule(), client, _current(client))[0]
    assert not changed and _waits(client) == []


def test_group_still_creating_is_waited_for_before_comparing():
    client = FakeClient(dict(DESCRIBED, Status="creating"))
    current = _current(client)
    client.group["Status"] = "available"
    changed = module_under_test.ensure_present(FakeModule(), client, current)[0]
    assert not changed and _waits(client) == ["replication_group_available"]


@pytest.mark.parametrize(("wait", "expected"), [(True, ["replication_group_deleted"]), (False, [])])
def test_delete_waits_only_when_asked(wait, expected):
    client = FakeClient(DESCRIBED)
    assert module_under_test.ensure_absent(FakeModule(state="absent", wait=wait), client, _current(client))
    assert ("delete", None) in client.calls and _waits(client) == expected


def test_check_mode_neither_calls_nor_waits():
    client = FakeClient(DESCRIBED)
    module = FakeModule(check_mode=True, snapshot_retention_limit=7)
    changed, group = module_under_test.ensure_present(module, client, _current(client))
    assert changed and group["snapshot_retention_limit"] == 7
    assert [call[0] for call in client.calls] == ["describe"]
