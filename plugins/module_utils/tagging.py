# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tags of our modules' resources: one ensure_tags on amazon.aws's tagging helpers.

Each AWS API tags in its own way; a TagApi says how (its tag list shape and its two
calls). Building the requests is pure; only ensure_tags calls AWS.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags


@dataclass(frozen=True)
class TagApi:
    """An API that names the resource once per call: ECS, ElastiCache, Cloud Map."""

    tag_call: str
    untag_call: str
    resource_field: str
    tags_field: str
    keys_field: str
    key: str = "Key"
    value: str = "Value"

    def to_dict(self, tag_list):
        """The API's tag list -> {key: value}."""
        return boto3_tag_list_to_ansible_dict(tag_list, self.key, self.value)

    def to_list(self, tags):
        """{key: value} -> the API's tag list, sorted by key (create requests take it too)."""
        return ansible_dict_to_boto3_tag_list(dict(sorted((tags or {}).items())), self.key, self.value)

    def untag_request(self, resource, keys):
        return self.untag_call, {self.resource_field: resource, self.keys_field: sorted(keys)}

    def tag_request(self, resource, tags):
        return self.tag_call, {self.resource_field: resource, self.tags_field: self.to_list(tags)}

    def requests(self, resource, to_set, to_unset):
        """The (method, arguments) calls that remove to_unset and then set to_set."""
        calls = []
        if to_unset:
            calls.append(self.untag_request(resource, to_unset))
        if to_set:
            calls.append(self.tag_request(resource, to_set))
        return calls


class AutoScalingTagApi(TagApi):
    """Auto Scaling names the group in every tag, and every tag says whether instances inherit it.

    Our groups propagate every tag to the instances they launch.
    """

    def _names(self, resource):
        return {"ResourceId": resource, "ResourceType": "auto-scaling-group"}

    def group_tags(self, group_name, tags):
        """{key: value} -> the tag list of one group (CreateAutoScalingGroup takes it too)."""
        return [dict(tag, PropagateAtLaunch=True, **self._names(group_name)) for tag in self.to_list(tags)]

    def comparable(self, tag_list):
        """A tag instances do not inherit compares as unset (None), so it is set again."""
        tags = self.to_dict(tag_list)
        for tag in tag_list or []:
            if not _propagates(tag):
                tags[tag["Key"]] = None
        return tags

    def untag_request(self, resource, keys):
        return self.untag_call, {"Tags": [dict(self._names(resource), Key=key) for key in sorted(keys)]}

    def tag_request(self, resource, tags):
        return self.tag_call, {"Tags": self.group_tags(resource, tags)}


def _propagates(tag):
    value = tag.get("PropagateAtLaunch", False)
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


ECS_TAGS = TagApi("tag_resource", "untag_resource", "resourceArn", "tags", "tagKeys", key="key", value="value")
ELASTICACHE_TAGS = TagApi("add_tags_to_resource", "remove_tags_from_resource", "ResourceName", "Tags", "TagKeys")
CLOUD_MAP_TAGS = TagApi("tag_resource", "untag_resource", "ResourceARN", "Tags", "TagKeys")
AUTO_SCALING_TAGS = AutoScalingTagApi("create_or_update_tags", "delete_tags", "ResourceId", "Tags", "Tags")


def tag_changes(current, desired, purge, keep=()):
    """(tags to set, sorted keys to remove) to get from current to desired.

    desired None leaves the tags alone. Purging never removes `aws:` tags (compare_aws_tags)
    nor the keys in keep.
    """
    if desired is None:
        return {}, []
    to_set, to_unset = compare_aws_tags(current, desired, purge)
    return to_set, sorted(key for key in to_unset if key not in keep)


def ensure_tags(module, client, api, resource, resource_id, current=None, keep=()):
    """Converge the tags of a resource on the tags and purge_tags options; True when they differ.

    resource is the module's dict of the resource; its "tags" are updated to what they will be.
    current are the tags to compare with when they are not resource["tags"] (Auto Scaling:
    AUTO_SCALING_TAGS.comparable of the described tags). In check mode nothing is called.
    """
    compared = resource["tags"] if current is None else current
    to_set, to_unset = tag_changes(compared, module.params["tags"], module.params["purge_tags"], keep)
    if not to_set and not to_unset:
        return False
    for key in to_unset:
        resource["tags"].pop(key, None)
    resource["tags"].update(to_set)
    if not module.check_mode:
        for method, request in api.requests(resource_id, to_set, to_unset):
            getattr(client, method)(aws_retry=True, **request)
    return True
