"""The iam role on the emulator: least-privilege roles, idempotent, no wildcard grants."""

from __future__ import annotations

import fnmatch
import json
import urllib.parse

import pytest
from conftest import run_playbook

pytestmark = pytest.mark.emulator

ACCOUNT = "123456789012"
COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer", "worker", "migrate", "flower")
KMS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DB_SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:rds!db-0123-AbCdEf"
REPOSITORY = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/airflow"
# Worker scaling is on by default: the scheduler puts the load metric, each worker protects its own task.
SCALING_GRANTS = {"scheduler": {"PutLoadMetrics"}, "worker": {"ProtectOwnTask"}}
# Every optional grant switched on, to walk the largest set of documents.
EVERYTHING = {
    "iam_ecr_repository_arns": [REPOSITORY],
    "iam_kms_key_arns": [KMS_KEY],
    "iam_extra_secret_arns": [DB_SECRET],
    "iam_dag_storage_mode": "s3_bundle",
    "iam_dag_bucket_name": "it-dags",
    "iam_dag_bundle_prefix": "dags/",
    "iam_remote_logging_bucket": "it-logs",
    "iam_remote_logging_prefix": "task-logs/",
    "iam_task_role_extra_statements": {
        "scheduler": [{"Sid": "Metrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}]
    },
}


def _write_playbook(tmp_path, role_vars: dict | None = None) -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "vars": {"airflow_ecs_environment": "it", **(role_vars or {})},
        "roles": ["airflow_ecs.deploy.iam"],
        "tasks": [
            {
                "name": "Show the outputs",
                "ansible.builtin.debug": {
                    "msg": {
                        "execution": "{{ iam_execution_role_arn }}",
                        "tasks": "{{ iam_task_role_arns }}",
                        "instance_role": "{{ iam_instance_role_arn }}",
                        "profile_name": "{{ iam_instance_profile_name }}",
                        "profile_arn": "{{ iam_instance_profile_arn }}",
                    }
                },
            }
        ],
    }
    path = tmp_path / "iam.yml"
    path.write_text(json.dumps([play]))
    return str(path)


def _document(value):
    """Policy documents come back as dicts or URL-encoded JSON, depending on the call."""
    if isinstance(value, str):
        return json.loads(urllib.parse.unquote(value))
    return value


def _as_list(value):
    return [value] if isinstance(value, str) else list(value)


def _inline(iam, role) -> dict:
    names = iam.list_role_policies(RoleName=role)["PolicyNames"]
    return {name: _document(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]) for name in names}


def _statements(iam, role) -> list[dict]:
    return [statement for document in _inline(iam, role).values() for statement in document["Statement"]]


def _our_roles(iam) -> list[str]:
    return sorted(role["RoleName"] for role in iam.list_roles()["Roles"] if role["RoleName"].startswith("airflow-it-"))


def _every_document(iam) -> list[tuple[str, dict]]:
    """Every permission document attached to the environment's roles, inline and customer managed."""
    found = []
    for role in _our_roles(iam):
        found += [(f"{role} inline {name}", document) for name, document in _inline(iam, role).items()]
        for attached in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
            if attached["PolicyArn"].startswith("arn:aws:iam::aws:policy/"):
                continue  # AWS managed: not created by the role
            policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
            version = iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=policy["DefaultVersionId"])
            found.append((f"{role} managed {attached['PolicyArn']}", _document(version["PolicyVersion"]["Document"])))
    return found


def _assert_no_wildcard_grants(iam, at_least: int) -> None:
    documents = _every_document(iam)
    assert len(documents) >= at_least
    for where, document in documents:
        for statement in document["Statement"]:
            assert "NotAction" not in statement and "NotResource" not in statement, where
            actions = _as_list(statement["Action"])
            resources = _as_list(statement["Resource"])
            wildcard = [action for action in actions if action == "*" or action.endswith(":*")]
            assert not (wildcard and "*" in resources), f"{where}: {statement}"
            if "*" in resources:
                # The only grants AWS accepts on "*" alone, each a single named action.
                assert set(actions) <= {"ecr:GetAuthorizationToken", "cloudwatch:PutMetricData"}, f"{where}: {statement}"


@pytest.fixture(scope="module")
def everything(emulator, tmp_path_factory):
    """One converge with every optional grant on (from an empty account), shared by the tests
    that read its policies; the last of them changes it back to the defaults."""
    emulator.reset()
    run = run_playbook(emulator, _write_playbook(tmp_path_factory.mktemp("iam"), EVERYTHING))
    assert run.returncode == 0, run.output
    return emulator


def test_no_statement_grants_every_action_on_every_resource(everything):
    _assert_no_wildcard_grants(everything.client("iam"), at_least=6)


def test_execution_role_reads_only_this_environments_secrets(everything):
    statements = _statements(everything.client("iam"), "airflow-it-execution")

    granted = [
        resource
        for statement in statements
        if any(action.startswith("secretsmanager:") for action in _as_list(statement["Action"]))
        for resource in _as_list(statement["Resource"])
    ]
    assert sorted(granted) == sorted([f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:airflow-ecs/it/*", DB_SECRET])

    def readable(name):
        arn = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:{name}"
        return any(fnmatch.fnmatchcase(arn, pattern) for pattern in granted)

    assert readable("airflow-ecs/it/airflow-AbCdEf")
    assert readable("airflow-ecs/it/database-password-AbCdEf")
    assert not readable("airflow-ecs/it2/airflow-AbCdEf")
    assert not readable("airflow-ecs/prod/airflow-AbCdEf")
    assert not readable("airflow-ecs/itx-AbCdEf")

    by_sid = {statement["Sid"]: statement for statement in statements}
    assert set(_as_list(by_sid["ReadSecrets"]["Action"])) == {"secretsmanager:GetSecretValue"}
    assert _as_list(by_sid["DecryptSecrets"]["Resource"]) == [KMS_KEY]
    assert by_sid["DecryptSecrets"]["Condition"] == {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}
    assert _as_list(by_sid["PullImages"]["Resource"]) == [REPOSITORY]
    assert sorted(_as_list(by_sid["WriteLogs"]["Resource"])) == [
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/airflow-ecs/it",
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/airflow-ecs/it:*",
    ]


def test_each_component_gets_only_what_it_uses(everything):
    iam = everything.client("iam")
    sids = {name: {statement["Sid"] for statement in _statements(iam, f"airflow-it-{name}")} for name in COMPONENTS}
    assert sids == {
        "api-server": {"ListRemoteLogs", "ReadRemoteLogs"},
        "scheduler": {"Metrics", *SCALING_GRANTS["scheduler"]},
        "dag-processor": {"ListDagBundle", "ReadDagBundle"},
        "triggerer": {"ListDagBundle", "ReadDagBundle", "ListRemoteLogs", "WriteRemoteLogs"},
        "worker": {"ListDagBundle", "ReadDagBundle", "ListRemoteLogs", "WriteRemoteLogs", *SCALING_GRANTS["worker"]},
        "migrate": set(),
        "flower": set(),
    }
    worker = {statement["Sid"]: statement for statement in _statements(iam, "airflow-it-worker")}
    assert worker["ReadDagBundle"]["Resource"] == "arn:aws:s3:::it-dags/dags/*"
    assert worker["ListDagBundle"]["Condition"] == {"StringLike": {"s3:prefix": ["dags/*"]}}
    assert worker["WriteRemoteLogs"]["Resource"] == "arn:aws:s3:::it-logs/task-logs/*"
    assert set(_as_list(worker["WriteRemoteLogs"]["Action"])) == {"s3:GetObject", "s3:PutObject"}
    # s3_bundle: the hosts mount nothing, so the instance role loses the DAG bucket.
    assert _inline(iam, "airflow-it-instance") == {}


def test_back_to_the_defaults_removes_the_grants_then_changes_nothing(everything, playbook, tmp_path):
    path = _write_playbook(tmp_path)
    first = playbook(path)
    assert first.returncode == 0, first.output
    assert first.changed > 0
    for check in (False, True):
        again = playbook(path, check=check, diff=check)
        assert again.returncode == 0, again.output
        assert again.changed == 0

    iam = everything.client("iam")
    expected = {f"airflow-it-{name}" for name in (*COMPONENTS, "execution", "instance")}
    assert set(_our_roles(iam)) == expected

    outputs = (first.task_results("Show the outputs")[0])["msg"]
    assert outputs["execution"] == iam.get_role(RoleName="airflow-it-execution")["Role"]["Arn"]
    assert outputs["tasks"] == {name: iam.get_role(RoleName=f"airflow-it-{name}")["Role"]["Arn"] for name in COMPONENTS}
    assert outputs["instance_role"] == iam.get_role(RoleName="airflow-it-instance")["Role"]["Arn"]
    profile = iam.get_instance_profile(InstanceProfileName="airflow-it-instance")["InstanceProfile"]
    assert outputs["profile_name"] == "airflow-it-instance"
    assert outputs["profile_arn"] == profile["Arn"]
    assert [role["RoleName"] for role in profile["Roles"]] == ["airflow-it-instance"]

    for name in (*COMPONENTS, "execution"):
        role = iam.get_role(RoleName=f"airflow-it-{name}")["Role"]
        [trust] = _document(role["AssumeRolePolicyDocument"])["Statement"]
        assert trust["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        assert trust["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
        tags = {tag["Key"]: tag["Value"] for tag in role["Tags"]}
        assert tags["airflow_ecs_environment"] == "it" and tags["managed_by"] == "airflow_ecs.deploy"
    instance = iam.get_role(RoleName="airflow-it-instance")["Role"]
    [trust] = _document(instance["AssumeRolePolicyDocument"])["Statement"]
    assert trust["Principal"] == {"Service": "ec2.amazonaws.com"}
    attached = {policy["PolicyName"] for policy in iam.list_attached_role_policies(RoleName="airflow-it-instance")["AttachedPolicies"]}
    assert attached == {"AmazonEC2ContainerServiceforEC2Role", "AmazonSSMManagedInstanceCore"}

    # Defaults: s3fs, no remote logging, public images: the task roles keep only the worker scaling
    # grants, and the instance role gets the DAG bucket back for s3fs.
    for name in COMPONENTS:
        if name in SCALING_GRANTS:
            assert {statement["Sid"] for statement in _statements(iam, f"airflow-it-{name}")} == SCALING_GRANTS[name]
        else:
            assert _inline(iam, f"airflow-it-{name}") == {}
        assert iam.list_attached_role_policies(RoleName=f"airflow-it-{name}")["AttachedPolicies"] == []
    by_sid = {statement["Sid"]: statement for statement in _statements(iam, "airflow-it-instance")}
    assert by_sid["ListDagBucket"]["Resource"] == f"arn:aws:s3:::airflow-ecs-it-dags-{ACCOUNT}"
    assert by_sid["ReadDags"]["Resource"] == f"arn:aws:s3:::airflow-ecs-it-dags-{ACCOUNT}/*"
    assert set(_as_list(by_sid["ReadDags"]["Action"])) == {"s3:GetObject"}
    execution = {statement["Sid"] for statement in _statements(iam, "airflow-it-execution")}
    assert execution == {"WriteLogs", "ReadSecrets"}  # no ECR and no KMS without inputs
    _assert_no_wildcard_grants(iam, at_least=2)


def test_check_mode_on_a_fresh_account_creates_nothing(clean_emulator, playbook, tmp_path):
    run = playbook(_write_playbook(tmp_path, EVERYTHING), check=True, diff=True)
    assert run.returncode == 0, run.output
    assert run.changed > 0
    iam = clean_emulator.client("iam")
    assert _our_roles(iam) == []
    assert iam.list_instance_profiles()["InstanceProfiles"] == []
    outputs = run.task_results("Show the outputs")[0]["msg"]
    assert outputs["execution"] == f"arn:aws:iam::{ACCOUNT}:role/airflow-it-execution"


@pytest.mark.parametrize(
    ("role_vars", "failed_task", "message"),
    [
        (
            {"iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
            "Check the extra task role statements are least privilege",
            "iam_task_role_extra_statements.worker",
        ),
        (
            {"iam_task_role_extra_statements": {"worker": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}},
            "Check the extra task role statements are least privilege",
            "iam_task_role_extra_statements.worker",
        ),
        ({"iam_task_role_extra_statements": {"webserver": []}}, "Check the extra task role statements name known components", "unknown"),
        ({"iam_kms_key_arns": ["alias/airflow"]}, "Check the ARNs", "iam_kms_key_arns must hold KMS key ARNs"),
        ({"iam_ecr_repository_arns": ["*"]}, "Check the ARNs", "iam_ecr_repository_arns must hold ECR repository ARNs"),
        ({"iam_components": ["scheduler", "webserver"]}, "Check the component lists", "iam_components may name only"),
        ({"iam_dag_storage_mode": "nfs"}, None, "iam_dag_storage_mode"),
        ({"iam_dag_bundle_prefix": "/dags"}, "Check the names and prefixes", "iam_dag_bundle_prefix must be"),
    ],
)
def test_bad_input_fails_before_any_aws_call(clean_emulator, playbook, tmp_path, role_vars, failed_task, message):
    run = playbook(_write_playbook(tmp_path, role_vars))
    assert run.returncode != 0
    assert message in run.output
    if failed_task:
        assert run.failed_task() == failed_task
    assert _our_roles(clean_emulator.client("iam")) == []
