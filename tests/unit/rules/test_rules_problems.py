"""Problems: messages that name the input, skip what was not given and never show hidden values."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules


def test_a_message_names_the_input_says_what_it_must_be_and_shows_the_value():
    problems = rules.Problems({"logs_group_name": "bad name"})
    assert problems.check("logs_group_name", rules.log_group_name) is False
    assert problems.messages == [
        "logs_group_name must be a CloudWatch log group name: 1 to 512 letters, digits and _ / . # -; got 'bad name'."
    ]


def test_inputs_not_given_are_not_checked():
    problems = rules.Problems({})
    assert problems.check("logs_group_name", rules.log_group_name) is False
    assert problems.messages == []


def test_optional_inputs_may_be_empty():
    problems = rules.Problems({"logs_kms_key_id": ""})
    assert problems.check("logs_kms_key_id", rules.kms_key, optional=True) is True
    assert problems.messages == []


def test_hidden_values_are_never_shown():
    problems = rules.Problems({"token": "s3cr3t"})
    problems.check("token", lambda value: "must be longer", show=False)
    assert problems.messages == ["token must be longer; got a value that is not shown."]
    assert "s3cr3t" not in problems.messages[0]


def test_each_item_of_a_list_is_named():
    problems = rules.Problems({"ids": ["subnet-0a1b2c3d", "sub-1"]})
    assert problems.check_each("ids", rules.aws_id, "subnet") is False
    assert problems.messages == ["ids[1] must be a subnet id such as subnet-0123456789abcdef0; got 'sub-1'."]


def test_a_list_input_that_is_not_a_list():
    problems = rules.Problems({"ids": "subnet-0a1b2c3d"})
    problems.check_each("ids", rules.aws_id, "subnet")
    assert problems.messages == ["ids must be a list; got 'subnet-0a1b2c3d'."]


def test_module_messages_are_renamed_to_the_input_that_sets_the_option():
    problems = rules.Problems({})
    problems.extend(["replicas_per_node_group must be 0 to 5; got 7", "other message."], {"replicas_per_node_group": "redis_replicas"})
    assert problems.messages == ["redis_replicas must be 0 to 5; got 7.", "other message."]


def test_tags_problems_name_the_tag():
    problems = rules.Problems({"logs_tags": {"aws:x": "1"}})
    problems.check_tags("logs_tags")
    assert problems.messages == ["logs_tags.aws:x keys must not start with aws: (AWS keeps them)."]
