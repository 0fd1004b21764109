"""module_utils/s3_dag_sync: what to upload and delete, from local MD5s and a bucket listing."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import (
    keys_to_inspect,
    plan_sync,
    remote_objects,
    sync_diff,
)

MD5_A = "0cc175b9c0f1b6a831c399e269772661"
MD5_B = "92eb5ffee6ae2fec3ad71c777531578f"
MD5_C = "4a8a08f09d37b73795649038408b5f33"


def _local(**files):
    return {"dags/" + name.replace("_py", ".py"): {"md5": md5, "path": "/src/" + name} for name, md5 in files.items()}


def test_everything_is_uploaded_to_an_empty_prefix():
    plan = plan_sync(_local(a_py=MD5_A, b_py=MD5_B), {})
    assert plan == {"upload": ["dags/a.py", "dags/b.py"], "delete": [], "unchanged": []}


def test_matching_etags_are_unchanged_and_nothing_else_happens():
    remote = remote_objects([{"Key": "dags/a.py", "ETag": f'"{MD5_A}"'}, {"Key": "dags/b.py", "ETag": f'"{MD5_B}"'}])
    plan = plan_sync(_local(a_py=MD5_A, b_py=MD5_B), remote)
    assert plan == {"upload": [], "delete": [], "unchanged": ["dags/a.py", "dags/b.py"]}


def test_a_changed_file_is_uploaded_and_a_removed_one_deleted():
    remote = remote_objects([{"Key": "dags/a.py", "ETag": f'"{MD5_A}"'}, {"Key": "dags/b.py", "ETag": f'"{MD5_B}"'}])
    plan = plan_sync(_local(a_py=MD5_C), remote)
    assert plan == {"upload": ["dags/a.py"], "delete": ["dags/b.py"], "unchanged": []}


def test_delete_false_keeps_remote_only_objects():
    remote = remote_objects([{"Key": "dags/old.py", "ETag": f'"{MD5_B}"'}])
    assert plan_sync(_local(a_py=MD5_A), remote, delete=False)["delete"] == []


def test_multipart_etags_are_not_taken_for_md5s():
    remote = remote_objects([{"Key": "dags/a.py", "ETag": '"' + MD5_A + '-2"'}])
    assert remote == {"dags/a.py": {"etag": None}}
    assert keys_to_inspect(_local(a_py=MD5_A), remote) == ["dags/a.py"]
    assert plan_sync(_local(a_py=MD5_A), remote)["upload"] == ["dags/a.py"]


def test_the_stored_md5_metadata_proves_a_kms_object_unchanged():
    # Under SSE-KMS the ETag is 32 hex digits but not the content's MD5.
    remote = remote_objects([{"Key": "dags/a.py", "ETag": f'"{MD5_C}"'}])
    assert keys_to_inspect(_local(a_py=MD5_A), remote) == ["dags/a.py"]
    remote["dags/a.py"]["metadata_md5"] = MD5_A
    assert plan_sync(_local(a_py=MD5_A), remote)["unchanged"] == ["dags/a.py"]


def test_objects_whose_etag_matches_need_no_head_request():
    remote = remote_objects([{"Key": "dags/a.py", "ETag": f'"{MD5_A}"'}, {"Key": "dags/gone.py", "ETag": f'"{MD5_B}"'}])
    assert keys_to_inspect(_local(a_py=MD5_A), remote) == []


def test_the_diff_differs_exactly_in_the_planned_changes():
    remote = remote_objects(
        [
            {"Key": "dags/a.py", "ETag": f'"{MD5_A}"'},
            {"Key": "dags/b.py", "ETag": f'"{MD5_B}"'},
            {"Key": "dags/c.py", "ETag": f'"{MD5_C}"'},
        ]
    )
    local = _local(a_py=MD5_A, b_py=MD5_C)
    plan = plan_sync(local, remote)
    diff = sync_diff(local, remote, plan, "s3://bucket/dags/", "/src")
    before = set(diff["before"].splitlines())
    after = set(diff["after"].splitlines())
    assert before - after == {f"dags/b.py  md5:{MD5_B}", f"dags/c.py  md5:{MD5_C}"}
    assert after - before == {f"dags/b.py  md5:{MD5_C}"}
    assert diff["before_header"] == "s3://bucket/dags/"
