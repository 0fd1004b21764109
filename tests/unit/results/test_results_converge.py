"""converge: describe, bring to state, describe again only after a change to what existed."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import converge


class FakeModule:
    def __init__(self, state="present", check_mode=False):
        self.params = {"state": state}
        self.check_mode = check_mode


CLIENT = object()


class Resource:
    """Describes as `described` in turn and records the calls."""

    def __init__(self, *described):
        self.described = list(described)
        self.calls = []

    def describe(self):
        self.calls.append("describe")
        return self.described.pop(0)


def _converge(module, resource, changed, planned, **options):
    return converge(
        module,
        CLIENT,
        resource.describe,
        lambda module, client, current: (changed, planned),
        lambda module, client, current: changed,
        **options,
    )


def test_a_change_to_an_existing_resource_is_described_again():
    resource = Resource({"size": 1}, {"size": 2, "arn": "a"})
    assert _converge(FakeModule(), resource, True, {"size": 2}) == (True, {"size": 1}, {"size": 2, "arn": "a"})
    assert resource.calls == ["describe", "describe"]


def test_a_create_returns_what_it_made():
    resource = Resource(None)
    assert _converge(FakeModule(), resource, True, {"size": 2}) == (True, None, {"size": 2})
    assert resource.calls == ["describe"]


def test_check_mode_and_no_change_are_not_described_again():
    for module, changed in ((FakeModule(check_mode=True), True), (FakeModule(), False)):
        resource = Resource({"size": 1})
        assert _converge(module, resource, changed, {"size": 2}) == (changed, {"size": 1}, {"size": 2})
        assert resource.calls == ["describe"]


def test_absent_leaves_nothing():
    resource = Resource({"size": 1})
    assert _converge(FakeModule(state="absent"), resource, True, None) == (True, {"size": 1}, None)


def test_the_ensure_functions_get_the_module_the_client_and_what_was_read():
    seen = []
    module = FakeModule()

    def ensure_present(*args):
        seen.append(args)
        return True, {"size": 2}

    resource = Resource({"Size": 1}, {"Size": 2})
    result = converge(module, CLIENT, resource.describe, ensure_present, None, normalize=lambda raw: {"size": raw["Size"]})
    assert result == (True, {"size": 1}, {"size": 2})
    assert seen == [(module, CLIENT, {"Size": 1})]


def test_describe_again_reads_by_what_was_there():
    resource = Resource({"id": "x", "size": 1})
    again = []
    result = _converge(FakeModule(), resource, True, {}, describe_again=lambda before: again.append(before["id"]) or {"id": "x", "size": 2})
    assert result[2] == {"id": "x", "size": 2} and again == ["x"] and resource.calls == ["describe"]
