# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Volumes, mount points and init containers: where the DAGs come from, where Airflow writes.

DAGs (dag_storage.mode), always mounted read-only into the Airflow container:

* s3fs: the EC2 hosts mount the DAG bucket at host_path (Mountpoint for Amazon S3 or s3fs, the
  ecs_hosts role); a host volume exposes it (EC2 only). The `dag-mount-init` init container refuses
  to let Airflow start on a folder that is not that mount (the host's mount failed) or is empty.
* efs: an EFS access point, TLS in transit and IAM authorization with the task role.
* git: the `dags-clone` init container shallow-clones git_ref into a task-scoped volume;
  the Airflow container starts only after the clone succeeded.
* image: the DAGs are baked into the image at container_path; nothing is mounted.
* s3_bundle: Airflow 3 downloads the DAG bundle from S3 itself (into /tmp); nothing is mounted.

Writable paths when read_only_root_filesystem is true (everything else is read-only):

* /opt/airflow (AIRFLOW_HOME): Airflow writes airflow.cfg there on first start, the
  api-server its auth manager files (webserver_config.py, generated passwords), and every
  component its logs under logs/.
* /tmp: tempfile users: uvicorn/gunicorn, task scratch files, DAG bundle downloads.

Both are task-scoped volumes. A fresh volume is an empty, root-owned directory (on Fargate
always, on EC2 depending on the agent), which would hide what the image ships in
/opt/airflow and which the airflow user (50000) cannot write. So the `scratch-init` init
container, from the same image and as root, copies the image's /opt/airflow into the
volume, hands it to 50000:0 and makes the tmp volume world-writable (sticky) before
Airflow starts. Without read_only_root_filesystem there are no scratch volumes.
"""

from __future__ import annotations

AIRFLOW_USER = "50000:0"
DAGS_VOLUME = "dags"
HOME_VOLUME = "airflow-home"
TMP_VOLUME = "tmp"
AIRFLOW_HOME = "/opt/airflow"
SCRATCH_INIT = "scratch-init"
DAGS_CHECK = "dag-mount-init"
DAGS_CLONE = "dags-clone"
_CLONE_PATH = "/dags"
_SCRATCH_HOME = "/scratch/airflow-home"
_SCRATCH_TMP = "/scratch/tmp"


def volumes(spec):
    """Task volumes, sorted by name."""
    result = []
    dags = _dags_volume(spec["dag_storage"])
    if dags is not None:
        result.append(dags)
    if spec["read_only_root_filesystem"]:
        result.extend([{"name": HOME_VOLUME}, {"name": TMP_VOLUME}])
    return sorted(result, key=lambda volume: volume["name"])


def _dags_volume(storage):
    mode = storage["mode"]
    if mode == "s3fs":
        return {"name": DAGS_VOLUME, "host": {"sourcePath": storage["host_path"]}}
    if mode == "efs":
        return {
            "name": DAGS_VOLUME,
            "efsVolumeConfiguration": {
                "fileSystemId": storage["efs_file_system_id"],
                "transitEncryption": "ENABLED",
                "authorizationConfig": {"accessPointId": storage["efs_access_point_id"], "iam": "ENABLED"},
            },
        }
    if mode == "git":
        return {"name": DAGS_VOLUME}
    return None


def airflow_mount_points(spec):
    """Mount points of the Airflow container, sorted by path."""
    mounts = []
    if spec["read_only_root_filesystem"]:
        mounts.append(_mount(HOME_VOLUME, AIRFLOW_HOME, read_only=False))
        mounts.append(_mount(TMP_VOLUME, "/tmp", read_only=False))
    if _dags_volume(spec["dag_storage"]) is not None:
        mounts.append(_mount(DAGS_VOLUME, spec["dag_storage"]["container_path"], read_only=True))
    return sorted(mounts, key=lambda mount: mount["containerPath"])


def _mount(volume, path, read_only):
    return {"sourceVolume": volume, "containerPath": path, "readOnly": read_only}


def init_containers(spec):
    """Containers that must exit 0 before the Airflow container starts, in run order.

    Only the parts that differ per init container; render adds logging and sizing.
    """
    result = []
    if spec["read_only_root_filesystem"]:
        result.append(_scratch_init(spec["image"]))
    if spec["dag_storage"]["mode"] == "git":
        result.append(_dags_clone(spec["dag_storage"], spec["read_only_root_filesystem"]))
    if spec["dag_storage"]["mode"] == "s3fs":
        result.append(_dags_check(spec["image"], spec["dag_storage"]))
    return result


def airflow_depends_on(spec):
    return [
        {"containerName": container["name"], "condition": "SUCCESS"}
        for container in sorted(init_containers(spec), key=lambda container: container["name"])
    ]


def _scratch_init(image):
    script = " && ".join(
        [
            "cp -a %s/. %s/" % (AIRFLOW_HOME, _SCRATCH_HOME),
            "chown -R %s %s" % (AIRFLOW_USER, _SCRATCH_HOME),
            "chmod 1777 %s" % _SCRATCH_TMP,
        ]
    )
    return {
        "name": SCRATCH_INIT,
        "image": image,
        "user": "0",  # chown needs root; the container exits before Airflow starts
        "entryPoint": ["/bin/sh", "-c"],
        "command": [script],
        "mountPoints": [
            _mount(HOME_VOLUME, _SCRATCH_HOME, read_only=False),
            _mount(TMP_VOLUME, _SCRATCH_TMP, read_only=False),
        ],
    }


def dags_check_script(container_path, host_path):
    """sh: the folder must be a FUSE mount (the bind of the host's mount-s3 or s3fs mount; an
    unmounted host path is the host's own disk) and hold at least one entry."""
    return (
        "fstype=; while read -r _ _ _ _ point rest; do [ \"$point\" = %(path)s ] && fstype=${rest#* - }; "
        "done < /proc/self/mountinfo; fstype=${fstype%%%% *}; "
        "case \"$fstype\" in fuse*) ;; *) echo \"dag-mount-init: %(path)s is not the DAG bucket mount of the host "
        "(host path %(host)s holds a ${fstype:-missing} file system): the mount on the host failed or was never made; "
        "see airflow-dags.service or /etc/fstab there\" >&2; exit 1;; esac; "
        "[ -n \"$(ls -A %(path)s)\" ] || { echo \"dag-mount-init: %(path)s, the DAG bucket mount of the host at %(host)s, "
        "is empty: the bucket holds no DAG files under its prefix\" >&2; exit 1; }"
    ) % {"path": container_path, "host": host_path}


def _dags_check(image, storage):
    return {
        "name": DAGS_CHECK,
        "image": image,
        "user": AIRFLOW_USER,
        "entryPoint": ["/bin/sh", "-c"],
        "command": [dags_check_script(storage["container_path"], storage["host_path"])],
        "mountPoints": [_mount(DAGS_VOLUME, storage["container_path"], read_only=True)],
    }


def _dags_clone(storage, read_only):
    mounts = [_mount(DAGS_VOLUME, _CLONE_PATH, read_only=False)]
    if read_only:
        mounts.append(_mount(TMP_VOLUME, "/tmp", read_only=False))
    return {
        "name": DAGS_CLONE,
        "image": storage["git_image"],
        "entryPoint": ["git"],
        "command": [
            "clone",
            "--depth",
            "1",
            "--single-branch",
            "--branch",
            storage["git_ref"],
            "--",
            storage["git_repository"],
            _CLONE_PATH,
        ],
        "mountPoints": mounts,
    }
