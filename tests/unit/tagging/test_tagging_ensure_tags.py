"""ensure_tags: the module's resource dict follows the change; check mode calls nothing.

A recording stub stands in for the client, to see which requests would be sent; what AWS
does with them is proven by the integration tests on the emulator.
"""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ELASTICACHE_TAGS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.tagging import ensure_tags

ARN = "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:airflow-prod"


class RecordingClient:
    def __init__(self):
        self.calls = []

    def __getattr__(self, method):
        def call(**kwargs):
            self.calls.append((method, kwargs))

        return call


class FakeModule:
    def __init__(self, tags, purge_tags=True, check_mode=False):
        self.params = {"tags": tags, "purge_tags": purge_tags}
        self.check_mode = check_mode


def _resource(**tags):
    return {"arn": ARN, "tags": dict(tags)}


def test_changed_tags_are_sent_and_shown():
    client, resource = RecordingClient(), _resource(env="prod", old="x")
    assert ensure_tags(FakeModule({"env": "dev"}), client, ELASTICACHE_TAGS, resource, ARN)
    assert resource["tags"] == {"env": "dev"}
    assert client.calls == [
        ("remove_tags_from_resource", {"ResourceName": ARN, "TagKeys": ["old"], "aws_retry": True}),
        ("add_tags_to_resource", {"ResourceName": ARN, "Tags": [{"Key": "env", "Value": "dev"}], "aws_retry": True}),
    ]


def test_check_mode_shows_the_change_and_calls_nothing():
    client, resource = RecordingClient(), _resource(env="prod", old="x")
    assert ensure_tags(FakeModule({"env": "dev"}, check_mode=True), client, ELASTICACHE_TAGS, resource, ARN)
    assert resource["tags"] == {"env": "dev"}
    assert client.calls == []


def test_unset_or_equal_tags_are_no_change():
    client, resource = RecordingClient(), _resource(env="prod")
    assert not ensure_tags(FakeModule(None), client, ELASTICACHE_TAGS, resource, ARN)
    assert not ensure_tags(FakeModule({"env": "prod"}), client, ELASTICACHE_TAGS, resource, ARN)
    assert resource["tags"] == {"env": "prod"} and client.calls == []


def test_compared_tags_can_differ_from_the_shown_ones():
    # Auto Scaling compares a tag instances do not inherit as unset: it is sent again.
    client, resource = RecordingClient(), _resource(env="prod", keep="1")
    changed = ensure_tags(
        FakeModule({"env": "prod"}), client, ELASTICACHE_TAGS, resource, ARN, current={"env": None, "keep": "1"}, keep=("keep",)
    )
    assert changed and resource["tags"] == {"env": "prod", "keep": "1"}
    assert [call[0] for call in client.calls] == ["add_tags_to_resource"]
