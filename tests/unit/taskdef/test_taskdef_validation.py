"""Every validation error names the input it is about and says what to do."""

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import validation_errors
from taskdef_inputs import base_spec, storage_for


def _set(path, value, component="scheduler", major=3, **base):
    """A valid spec with one (possibly nested, dot-separated) input replaced."""
    spec = base_spec(component, major, **base)
    keys = path.split(".")
    target = spec
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    return spec


# (id, spec, the input the message must start with, a fragment that says what to do)
CASES = [
    ("unknown-option", _set("colour", "blue"), "colour", "not a known option"),
    ("nested-not-dict", _set("worker", "many"), "worker", "must be a dict"),
    ("nested-unknown", _set("dag_storage.bucket", "x"), "dag_storage.bucket", "not a known option"),
    ("tags-not-dict", _set("tags", ["a"]), "tags", "must be a dict"),
    ("environment-missing", _set("environment", None), "environment", "lower-case letters"),
    ("environment-bad", _set("environment", "Prod_1"), "environment", "start with a letter"),
    ("environment-too-long", _set("environment", "p" * 21), "environment", "2 to 20 characters"),
    ("component-bad", _set("component", "webserver"), "component", "one of migrate"),
    ("version-too-old", _set("airflow_version", "2.9.3"), "airflow_version", "2.10 or later"),
    ("version-too-new", _set("airflow_version", "4.0.0"), "airflow_version", "Airflow 3"),
    ("version-not-string", _set("airflow_version", 3.3), "airflow_version", "e.g. 3.3.2"),
    ("image-missing", _set("image", None), "image", "pinned"),
    ("image-latest", _set("image", "apache/airflow:latest"), "image", "not reproducible"),
    ("image-untagged", _set("image", "registry.example.com:5000/airflow"), "image", "not `latest` or no tag"),
    ("image-bad-digest", _set("image", "apache/airflow@sha256:abc"), "image", "@sha256:<64 hex digits>"),
    ("image-invalid", _set("image", "Apache/Airflow::3"), "image", "not a valid image reference"),
    ("image-other-version", _set("image", "apache/airflow:3.2.0-python3.11"), "image", "make them agree"),
    ("family-bad", _set("family", "prod airflow"), "family", "letters, digits"),
    ("read-only-not-bool", _set("read_only_root_filesystem", "yes"), "read_only_root_filesystem", "true or false"),
    ("launch-type-bad", _set("launch_type", "EXTERNAL"), "launch_type", "EC2 or FARGATE"),
    ("network-mode-bad", _set("network_mode", "host"), "network_mode", "awsvpc or bridge"),
    ("fargate-bridge", _set("network_mode", "bridge", launch_type="FARGATE"), "network_mode", "only awsvpc"),
    ("cpu-not-int", _set("cpu", "1 vCPU"), "cpu", "whole number"),
    ("memory-not-int", _set("memory", 1024.5), "memory", "whole number"),
    ("ec2-cpu-too-small", _set("cpu", 64), "cpu", "between 128"),
    ("fargate-cpu", _set("cpu", 768, launch_type="FARGATE"), "cpu 768", "use one of 256, 512"),
    ("fargate-memory", _set("memory", 1500, launch_type="FARGATE"), "memory 1500", "nearest valid memory is 1024"),
    ("memory-floor", _set("memory", 200), "memory 200", "at least 256"),
    ("execution-role-missing", _set("execution_role_arn", None), "execution_role_arn", "is required"),
    ("execution-role-bad", _set("execution_role_arn", "prod-airflow"), "execution_role_arn", "IAM role ARN"),
    ("task-role-bad", _set("task_role_arn", "arn:aws:iam::1:user/x"), "task_role_arn", "IAM role ARN"),
    ("log-group-missing", _set("log_group", None), "log_group", "is required"),
    ("region-missing", _set("region", "Ireland"), "region", "e.g. eu-west-1"),
    ("stream-prefix-bad", _set("log_stream_prefix", "a:b*"), "log_stream_prefix", "letters, digits"),
    (
        "exec-url-missing",
        _set("execution_api_server_url", None),
        "execution_api_server_url",
        "is required on Airflow 3",
    ),
    (
        "exec-url-scheme",
        _set("execution_api_server_url", "ftp://api:8080/execution/"),
        "execution_api_server_url",
        "of the form",
    ),
    (
        "exec-url-path",
        _set("execution_api_server_url", "http://api-server:8080/api/v2/"),
        "execution_api_server_url",
        "/execution/",
    ),
    (
        "exec-url-port",
        _set("execution_api_server_url", "http://api-server:99999/execution/"),
        "execution_api_server_url",
        "invalid port",
    ),
    (
        "exec-url-credentials",
        _set("execution_api_server_url", "http://u:p@api-server:8080/execution/"),
        "execution_api_server_url",
        "credentials",
    ),
    (
        "exec-url-localhost",
        _set("execution_api_server_url", "http://localhost:8080/execution/"),
        "execution_api_server_url",
        "Service Connect",
    ),
    (
        "exec-url-loopback",
        _set("execution_api_server_url", "http://127.0.0.2:8080/execution/"),
        "execution_api_server_url",
        "other ECS tasks",
    ),
    (
        "exec-url-ipv6-loopback",
        _set("execution_api_server_url", "http://[::1]:8080/execution/"),
        "execution_api_server_url",
        "localhost",
    ),
    (
        "exec-url-any",
        _set("execution_api_server_url", "http://0.0.0.0:8080/execution/"),
        "execution_api_server_url",
        "localhost",
    ),
    (
        "base-url-localhost",
        _set("api_base_url", "http://localhost:8080", component="api-server"),
        "api_base_url",
        "load balancer",
    ),
    ("config-section-bad", _set("airflow_config", {"Core": {"x": 1}}), "airflow_config", "lowercase"),
    ("config-section-not-dict", _set("airflow_config", {"core": "x"}), "airflow_config.core", "dict of key"),
    (
        "config-key-bad",
        _set("airflow_config", {"core": {"Load-Examples": 1}}),
        "airflow_config.core.Load-Examples",
        "lowercase",
    ),
    (
        "config-value-bad",
        _set("airflow_config", {"core": {"parallelism": [1]}}),
        "airflow_config.core.parallelism",
        "string, number or boolean",
    ),
    ("remote-enabled-not-bool", _set("remote_logging.enabled", "yes"), "remote_logging.enabled", "true or false"),
    ("remote-folder-missing", _set("remote_logging.destination", "s3"), "remote_logging.base_log_folder", "s3://"),
    (
        "remote-folder-bad",
        _set("remote_logging", {"destination": "s3", "base_log_folder": "/var/log"}),
        "remote_logging.base_log_folder",
        "s3://<bucket>",
    ),
    (
        "remote-folder-with-cloudwatch",
        _set("remote_logging.base_log_folder", "s3://prod-airflow-logs/tasks"),
        "remote_logging.base_log_folder",
        "destination s3 only",
    ),
    ("remote-destination", _set("remote_logging.destination", "elk"), "remote_logging.destination", "one of cloudwatch, s3"),
    ("remote-conn-bad", _set("remote_logging.conn_id", "my conn"), "remote_logging.conn_id", "connection id"),
    ("statsd-enabled-not-bool", _set("statsd.enabled", 1), "statsd.enabled", "true or false"),
    ("statsd-host-missing", _set("statsd.enabled", True), "statsd.host", "is required"),
    ("statsd-host-local", _set("statsd", {"enabled": True, "host": "localhost"}), "statsd.host", "no StatsD sidecar"),
    ("statsd-port", _set("statsd.port", 0), "statsd.port", "between 1 and 65535"),
    ("statsd-prefix", _set("statsd.prefix", "air flow"), "statsd.prefix", "letters, digits"),
    ("storage-mode", _set("dag_storage.mode", "nfs"), "dag_storage.mode", "one of s3fs, efs, git, image, s3_bundle"),
    (
        "storage-path-relative",
        _set("dag_storage.container_path", "dags"),
        "dag_storage.container_path",
        "absolute path",
    ),
    (
        "storage-path-dotdot",
        _set("dag_storage.container_path", "/opt/../etc"),
        "dag_storage.container_path",
        "absolute path",
    ),
    (
        "storage-path-scratch",
        _set("dag_storage.container_path", "/tmp/dags"),
        "dag_storage.container_path",
        "writable scratch",
    ),
    ("storage-host-path", _set("dag_storage.host_path", "mnt"), "dag_storage.host_path", "absolute path"),
    (
        "storage-s3fs-fargate",
        _set("dag_storage.mode", "s3fs", launch_type="FARGATE"),
        "dag_storage.mode",
        "no host mounts",
    ),
    ("storage-efs-ids", _set("dag_storage.mode", "efs"), "dag_storage.efs_file_system_id", "fs-"),
    (
        "storage-efs-access-point",
        _set("dag_storage", dict(storage_for("efs"), efs_access_point_id="ap-1")),
        "dag_storage.efs_access_point_id",
        "fsap-",
    ),
    (
        "storage-efs-task-role",
        _set("task_role_arn", None, dag_storage=storage_for("efs")),
        "task_role_arn",
        "EFS IAM authorization",
    ),
    ("storage-git-missing", _set("dag_storage.mode", "git"), "dag_storage.git_repository", "is required"),
    (
        "storage-git-http",
        _set("dag_storage", dict(storage_for("git"), git_repository="http://github.com/x/y")),
        "dag_storage.git_repository",
        "https://",
    ),
    (
        "storage-git-credentials",
        _set("dag_storage", dict(storage_for("git"), git_repository="https://user:ghp_token@github.com/x/y")),
        "dag_storage.git_repository",
        "credentials",
    ),
    (
        "storage-git-ref",
        _set("dag_storage", dict(storage_for("git"), git_ref="--upload-pack=x")),
        "dag_storage.git_ref",
        "branch or tag",
    ),
    (
        "storage-git-image",
        _set("dag_storage", dict(storage_for("git"), git_image="alpine/git")),
        "dag_storage.git_image",
        "pinned",
    ),
    (
        "storage-bundle-airflow2",
        _set("dag_storage", storage_for("s3_bundle"), major=2),
        "dag_storage.mode s3_bundle",
        "needs Airflow 3",
    ),
    ("storage-bundle-bucket", _set("dag_storage.mode", "s3_bundle"), "dag_storage.s3_bucket", "is required"),
    (
        "storage-bundle-prefix",
        _set("dag_storage", dict(storage_for("s3_bundle"), s3_prefix="/dags")),
        "dag_storage.s3_prefix",
        "without a leading slash",
    ),
    (
        "storage-bundle-conn",
        _set("dag_storage", dict(storage_for("s3_bundle"), aws_conn_id="a b")),
        "dag_storage.aws_conn_id",
        "connection id",
    ),
    ("worker-concurrency", _set("worker.concurrency", 65), "worker.concurrency", "between 1 and 64"),
    ("worker-concurrency-bool", _set("worker.concurrency", True), "worker.concurrency", "whole number"),
    ("worker-port", _set("worker.log_server_port", 80), "worker.log_server_port", "between 1024 and 65535"),
    ("worker-longest", _set("worker.longest_task_seconds", 0), "worker.longest_task_seconds", "at least 1"),
    (
        "worker-margin",
        _set("worker.stop_timeout_margin_seconds", -1),
        "worker.stop_timeout_margin_seconds",
        "at least 0",
    ),
    ("tag-key-aws", _set("tags", {"aws:cloudformation:stack": "x"}), "tags", "must not start with aws:"),
    (
        "tag-reserved",
        _set("tags", {"airflow_ecs_component": "x"}),
        "tags.airflow_ecs_component",
        "set by the collection",
    ),
    ("tag-value", _set("tags", {"team": {"a": 1}}), "tags.team", "at most 256"),
]


@pytest.mark.parametrize("spec,field,fragment", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_message_names_the_input_and_the_fix(spec, field, fragment):
    errors = validation_errors(spec)
    matching = [error for error in errors if error.startswith(field)]
    assert matching, errors
    assert any(fragment in error for error in matching), matching


def test_valid_spec_has_no_errors():
    assert validation_errors(base_spec()) == []


def test_not_a_dict():
    assert validation_errors(["scheduler"]) == ["the task definition input must be a dict of options"]


def test_execution_api_url_is_not_needed_by_migrate_or_airflow2():
    assert validation_errors(base_spec("migrate", execution_api_server_url=None)) == []
    assert validation_errors(base_spec("worker", 2, execution_api_server_url=None)) == []


def test_urls_are_never_repeated_in_messages():
    spec = base_spec(execution_api_server_url="http://user:hunter2@api-server:8080/execution/")
    assert "hunter2" not in " ".join(validation_errors(spec))


def test_none_means_default_for_nested_inputs():
    spec = base_spec(dag_storage=None, worker={"concurrency": None}, statsd=None, tags=None, airflow_config=None)
    assert validation_errors(spec) == []


@pytest.mark.parametrize(
    "path,value",
    [
        ("environment", "prod\n"),
        ("airflow_version", "3.3.2\n"),
        ("family", "prod-airflow-scheduler\n"),
        ("secrets.fernet_key", "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/fernet\n"),
    ],
)
def test_a_trailing_newline_is_not_accepted(path, value):
    errors = validation_errors(_set(path, value))
    assert any(error.startswith(path) for error in errors), errors
