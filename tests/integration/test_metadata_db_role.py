"""The metadata_db role on the emulator: idempotence, existing-database mode, delete, no leaked password."""

from __future__ import annotations

import json
import urllib.parse

import pytest

pytestmark = pytest.mark.emulator

# A password with every character that needs percent-encoding in a URL.
SENTINEL = "Sentinel-7f3a/x+y%z$w:q"
SECRET_NAME = "airflow-ecs/local/database"


def _network(emulator) -> dict:
    """What the network and secrets roles provide: two subnets, a security group, the password secret."""
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    group = ec2.create_security_group(GroupName="airflow-local-db", Description="db", VpcId=vpc)["GroupId"]
    emulator.client("secretsmanager").create_secret(
        Name="airflow-ecs/local/database-password", SecretString=json.dumps({"password": SENTINEL})
    )
    return {"metadata_db_subnet_ids": subnets, "metadata_db_security_group_ids": [group], "airflow_ecs_on_emulator": True}


def _role_playbook(tmp_path, tasks_from: str = "main") -> str:
    play = {
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/airflow_ecs.deploy.aws": "{{ airflow_ecs_aws }}"},
        "tasks": [
            {
                "name": "Run the role",
                "ansible.builtin.include_role": {"name": "airflow_ecs.deploy.metadata_db", "tasks_from": tasks_from},
            },
            {
                "name": "Show the outputs",
                "ansible.builtin.debug": {
                    "msg": {
                        name: "{{ %s | default('undefined') }}" % name
                        for name in (
                            "metadata_db_endpoint",
                            "metadata_db_port",
                            "metadata_db_connection_secret_arn",
                            "metadata_db_instance_id",
                            "metadata_db_final_snapshot_id",
                        )
                    }
                },
            },
        ],
    }
    path = tmp_path / f"metadata_db_{tasks_from}.yml"
    path.write_text(json.dumps([play]))  # JSON is YAML
    return str(path)


def _outputs(run) -> dict:
    [result] = run.task_results("Show the outputs")
    return result["msg"]


def _instances(emulator) -> list:
    return emulator.client("rds").describe_db_instances()["DBInstances"]


@pytest.fixture(scope="module")
def network_inputs(emulator) -> dict:
    """An account holding the network and the password secret, for the ordered tests of one
    database's life: check mode, create, second run, check mode again, delete, delete again."""
    emulator.reset()
    return _network(emulator)


def _verbose_run(playbook, path: str, **kwargs):
    """A -vvv --diff run that must not print the password. The JSON callback's document holds
    every result the default callback would print, with its invocation and diff."""
    run = playbook(path, diff=True, extra_args=["-vvv"], **kwargs)
    assert run.returncode == 0, run.output[-3000:]
    encoded = urllib.parse.quote(SENTINEL, safe="")
    assert SENTINEL not in run.output and encoded not in run.output, "the run printed the password"
    assert SENTINEL.split("/", maxsplit=1)[0] not in run.output
    return run


def test_check_mode_on_an_empty_account_creates_nothing(emulator, network_inputs, playbook, tmp_path):
    run = _verbose_run(playbook, _role_playbook(tmp_path), extra_vars=network_inputs, check=True)
    assert run.changed >= 2
    assert _instances(emulator) == []
    assert emulator.client("rds").describe_db_subnet_groups()["DBSubnetGroups"] == []


def test_first_run_creates_then_second_run_changes_nothing(emulator, network_inputs, playbook, tmp_path):
    first = _verbose_run(playbook, _role_playbook(tmp_path), extra_vars=network_inputs)
    assert first.changed == 3  # subnet group, instance, connection secret

    [instance] = _instances(emulator)
    assert instance["DBInstanceIdentifier"] == "airflow-local"
    assert instance["Engine"] == "postgres"
    assert instance["EngineVersion"] == "16.11"
    assert instance["DBInstanceClass"] == "db.t4g.medium"
    assert (instance["AllocatedStorage"], instance["MaxAllocatedStorage"], instance["StorageType"]) == (20, 100, "gp3")
    assert instance["StorageEncrypted"] and instance["DeletionProtection"]
    assert not instance["PubliclyAccessible"] and not instance["MultiAZ"]
    assert instance["BackupRetentionPeriod"] == 7
    assert instance["DBSubnetGroup"]["DBSubnetGroupName"] == "airflow-local"
    assert [group["VpcSecurityGroupId"] for group in instance["VpcSecurityGroups"]] == network_inputs["metadata_db_security_group_ids"]
    tags = {tag["Key"]: tag["Value"] for tag in instance["TagList"]}
    assert tags["airflow_ecs_environment"] == "local" and tags["managed_by"] == "airflow_ecs.deploy"

    secret = emulator.client("secretsmanager").get_secret_value(SecretId=SECRET_NAME)
    document = json.loads(secret["SecretString"])
    assert set(document) == {"sql_alchemy_conn", "result_backend"}
    address = instance["Endpoint"]["Address"]
    for key, scheme in (("sql_alchemy_conn", "postgresql+psycopg2"), ("result_backend", "db+postgresql")):
        url = urllib.parse.urlsplit(document[key])
        assert (url.scheme, url.username, url.hostname, url.port, url.path, url.query) == (
            scheme, "airflow", address, 5432, "/airflow", "sslmode=require"
        )
        assert urllib.parse.unquote(url.password) == SENTINEL
        assert "/" not in url.password and "$" not in url.password

    assert _outputs(first) == {
        "metadata_db_endpoint": address,
        "metadata_db_port": 5432,
        "metadata_db_connection_secret_arn": secret["ARN"],
        "metadata_db_instance_id": "airflow-local",
        "metadata_db_final_snapshot_id": "undefined",
    }

    second = _verbose_run(playbook, _role_playbook(tmp_path), extra_vars=network_inputs)
    assert second.changed == 0

    check = _verbose_run(playbook, _role_playbook(tmp_path), extra_vars=network_inputs, check=True)
    assert check.changed == 0


def test_delete_turns_protection_off_and_keeps_a_final_snapshot(emulator, network_inputs, playbook, tmp_path):
    [instance] = _instances(emulator)
    created = instance["InstanceCreateTime"].strftime("%Y%m%d%H%M%S")

    run = _verbose_run(playbook, _role_playbook(tmp_path, "delete"), extra_vars={"metadata_db_delete_keep_snapshot": True})
    assert run.task_results("Turn deletion protection off")[0]["changed"]
    assert _instances(emulator) == []
    snapshot_id = f"airflow-local-final-{created}"
    assert _outputs(run)["metadata_db_final_snapshot_id"] == snapshot_id
    snapshots = emulator.client("rds").describe_db_snapshots(DBSnapshotIdentifier=snapshot_id)["DBSnapshots"]
    assert [s["DBInstanceIdentifier"] for s in snapshots] == ["airflow-local"]
    assert emulator.client("rds").describe_db_subnet_groups()["DBSubnetGroups"] == []

    again = _verbose_run(playbook, _role_playbook(tmp_path, "delete"))
    assert again.changed == 0


# Each test below starts from an empty account.


def test_start_then_wait_as_site_does(clean_emulator, playbook, tmp_path):
    inputs = _network(clean_emulator)
    start = playbook(_role_playbook(tmp_path, "start"), extra_vars=inputs)
    assert start.returncode == 0, start.output
    assert _outputs(start)["metadata_db_endpoint"] == "undefined"
    wait = playbook(_role_playbook(tmp_path, "wait"), extra_vars=inputs)
    assert wait.returncode == 0, wait.output
    assert _outputs(wait)["metadata_db_instance_id"] == "airflow-local"


def test_wait_without_start_says_what_to_do(clean_emulator, playbook, tmp_path):
    run = playbook(_role_playbook(tmp_path, "wait"), extra_vars=_network(clean_emulator))
    assert run.returncode != 0
    assert run.failed_task() == "Stop when the instance was never started"


def test_existing_database_mode_creates_nothing(clean_emulator, playbook, tmp_path):
    encoded = urllib.parse.quote(SENTINEL, safe="")
    arn = clean_emulator.client("secretsmanager").create_secret(
        Name="corp/airflow-db",
        SecretString=json.dumps({
            "sql_alchemy_conn": f"postgresql+psycopg2://airflow:{encoded}@db.corp.example:6432/airflow",
            "result_backend": f"db+postgresql://airflow:{encoded}@db.corp.example:6432/airflow",
        }),
    )["ARN"]
    run = playbook(_role_playbook(tmp_path), extra_vars={"metadata_db_existing_secret_arn": arn})
    assert run.returncode == 0, run.output
    assert run.changed == 0
    assert _instances(clean_emulator) == []
    assert clean_emulator.client("rds").describe_db_subnet_groups()["DBSubnetGroups"] == []
    assert [s["Name"] for s in clean_emulator.client("secretsmanager").list_secrets()["SecretList"]] == ["corp/airflow-db"]
    outputs = _outputs(run)
    assert outputs["metadata_db_connection_secret_arn"] == arn
    assert (outputs["metadata_db_endpoint"], outputs["metadata_db_port"], outputs["metadata_db_instance_id"]) == (
        "db.corp.example", 6432, ""
    )
    assert SENTINEL not in run.output and encoded not in run.output

    delete = playbook(_role_playbook(tmp_path, "delete"), extra_vars={"metadata_db_existing_secret_arn": arn})
    assert delete.returncode == 0, delete.output
    assert delete.changed == 0


def test_existing_database_secret_without_both_keys_is_refused(clean_emulator, playbook, tmp_path):
    arn = clean_emulator.client("secretsmanager").create_secret(
        Name="corp/airflow-db", SecretString=json.dumps({"sql_alchemy_conn": f"postgresql://a:{SENTINEL}@h/db"})
    )["ARN"]
    run = playbook(_role_playbook(tmp_path), extra_vars={"metadata_db_existing_secret_arn": arn})
    assert run.returncode != 0
    assert run.failed_task() == "Check the existing database secret holds both connection keys"
    assert SENTINEL not in run.output


def test_delete_without_snapshot_leaves_none(clean_emulator, playbook, tmp_path):
    inputs = _network(clean_emulator)
    assert playbook(_role_playbook(tmp_path), extra_vars=inputs).returncode == 0
    run = playbook(_role_playbook(tmp_path, "delete"), extra_vars={"metadata_db_delete_keep_snapshot": False})
    assert run.returncode == 0, run.output
    assert _instances(clean_emulator) == []
    assert clean_emulator.client("rds").describe_db_snapshots(SnapshotType="manual")["DBSnapshots"] == []


@pytest.mark.parametrize(
    ("extra_vars", "failed_task", "message"),
    [
        ({"metadata_db_engine_version": "latest"}, "Check the engine version", "metadata_db_engine_version must be"),
        ({"metadata_db_engine_version": "12.22"}, "Check the engine version", "PostgreSQL 13 or newer"),
        ({"metadata_db_instance_class": "t4g.medium"}, "Check the instance class", "metadata_db_instance_class"),
        ({"metadata_db_allocated_storage": 10}, "Check the storage sizes", "metadata_db_allocated_storage must be 20"),
        ({"metadata_db_backup_retention_days": 0}, "Check the backup retention", "metadata_db_allow_no_backups"),
        ({"metadata_db_backup_retention_days": 36}, "Check the backup retention", "1 to 35"),
        ({"metadata_db_identifier": "1airflow"}, "Check the instance identifier", "metadata_db_identifier must be"),
        ({"metadata_db_identifier": "a" * 64}, "Check the instance identifier", "1 to 63"),
        ({"metadata_db_identifier": "airflow--x"}, "Check the instance identifier", "no two hyphens"),
        ({"metadata_db_subnet_ids": []}, "Check the subnets and security groups", "metadata_db_subnet_ids needs"),
        ({"metadata_db_existing_secret_arn": "corp/airflow-db"}, "Check the existing database secret", "full ARN"),
        ({"metadata_db_storage_type": "io1"}, None, "metadata_db_storage_type"),
    ],
)
def test_bad_input_stops_before_any_aws_call(clean_emulator, playbook, tmp_path, extra_vars, failed_task, message):
    inputs = {
        "metadata_db_subnet_ids": ["subnet-0a1b2c3d", "subnet-0d4e5f6a"],
        "metadata_db_security_group_ids": ["sg-0a1b2c3d"],
        "airflow_ecs_on_emulator": True,
        **extra_vars,
    }
    served_before = clean_emulator.requests_served()
    run = playbook(_role_playbook(tmp_path, "start"), extra_vars=inputs)
    assert run.returncode != 0
    assert message in run.output
    if failed_task:
        assert run.failed_task() == failed_task
    assert clean_emulator.requests_served() == served_before, "a bad input reached the AWS API"
