"""module_utils/s3_dag_sync: reading the local DAG directory and naming keys."""

from __future__ import annotations

import hashlib

import pytest

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.s3_dag_sync import (
    DEFAULT_EXCLUDES,
    is_excluded,
    local_files,
    normalize_prefix,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("dags/", "dags/"), ("dags", "dags/"), ("/dags/", "dags/"), ("", ""), (None, ""), ("a/b", "a/b/")],
)
def test_prefixes_are_normalised(given, expected):
    assert normalize_prefix(given) == expected


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("fan_out.py", False),
        ("lib/helpers.py", False),
        ("__pycache__/fan_out.cpython-311.pyc", True),
        ("lib/__pycache__/x.pyc", True),
        ("stray.pyc", True),
        (".airflowignore", True),
        ("lib/.cache/file", True),
    ],
)
def test_default_excludes(path, excluded):
    assert is_excluded(path, DEFAULT_EXCLUDES) is excluded


def test_local_files_are_keyed_under_the_prefix_with_their_md5(tmp_path):
    (tmp_path / "fan_out.py").write_text("print('a')\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "helpers.py").write_text("X = 1\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "fan_out.pyc").write_bytes(b"\0")
    (tmp_path / ".hidden").write_text("secret")

    files = local_files(str(tmp_path), "dags/", DEFAULT_EXCLUDES)

    assert sorted(files) == ["dags/fan_out.py", "dags/lib/helpers.py"]
    assert files["dags/fan_out.py"]["md5"] == hashlib.md5(b"print('a')\n").hexdigest()
    assert files["dags/lib/helpers.py"]["path"] == str(tmp_path / "lib" / "helpers.py")


def test_an_empty_directory_has_no_files(tmp_path):
    assert local_files(str(tmp_path), "dags/", DEFAULT_EXCLUDES) == {}
