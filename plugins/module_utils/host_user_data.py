# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EC2 user data of the ECS hosts: mount the DAG bucket read-only, then join the cluster.

The ECS agent of the ECS-optimised AMIs (ecs.service) is ordered after cloud-final, which runs
this script, so nothing here races the agent. The order is what makes a failure loud:

1. any failing command runs the ERR trap, which masks ecs.service and exits non-zero, so the
   agent never starts and the host never registers (cloud-init reports the failure, and the
   console log has the line that failed);
2. the DAG bucket is mounted and checked with mountpoint(1);
3. only then is /etc/ecs/ecs.config written with the cluster, so a host that stopped earlier
   could not join even if its agent were started by hand;
4. a drop-in makes ecs.service require the mount on every later boot too.

Two clients: Mountpoint for Amazon S3 (`mount-s3`, AWS's supported client, in the AL2023
repositories since 2023.9.20251110), run by a systemd service; s3fs, from /etc/fstab, for AMIs
that package it (AL2023 does not: amazonlinux/amazon-linux-2023 issue 581). Both mount read-only
with the instance role's credentials (IMDSv2, hop limit 1: host processes only).
"""

from __future__ import annotations

import shlex

MOUNT_CLIENTS = ("mount-s3", "s3fs")
DEFAULT_INSTALL_COMMANDS = {"mount-s3": "dnf install -y mount-s3", "s3fs": "dnf install -y s3fs-fuse"}
DAGS_UNIT = "airflow-dags.service"
ECS_DROP_IN = "/etc/systemd/system/ecs.service.d/airflow-dags.conf"


def fstab_line(settings):
    """The s3fs line of /etc/fstab: read-only, files readable by the airflow user, the instance role."""
    prefix = settings["dag_prefix"].strip("/")
    region = settings["region"]
    return (
        "%s:/%s %s fuse.s3fs _netdev,ro,allow_other,umask=0222,iam_role=auto,endpoint=%s,url=https://s3.%s.amazonaws.com 0 0"
        % (settings["dag_bucket"], prefix, settings["dag_mount_path"], region, region)
    )


def mount_s3_command(settings):
    """The mount-s3 command line: read-only, readable by other users, metadata cached for the TTL."""
    prefix = settings["dag_prefix"].strip("/")
    arguments = ["/usr/bin/mount-s3", "--read-only", "--allow-other", "--region", settings["region"],
                 "--metadata-ttl", str(settings["metadata_ttl"])]
    if prefix:
        arguments += ["--prefix", prefix + "/"]
    arguments += [settings["dag_bucket"], settings["dag_mount_path"]]
    return " ".join(shlex.quote(argument) for argument in arguments)


def _mount_s3(settings):
    path = settings["dag_mount_path"]
    return [
        "# DAGs: Mountpoint for Amazon S3 mounts the bucket read-only at the path the task definitions",
        "# bind; a new or changed DAG file is seen within the metadata TTL (%s s)." % settings["metadata_ttl"],
        settings["install_command"],
        "mkdir -p %s" % shlex.quote(path),
        "cat > /etc/systemd/system/%s <<'UNIT'" % DAGS_UNIT,
        "[Unit]",
        "Description=Airflow DAGs of %s, read-only at %s (Mountpoint for Amazon S3)" % (settings["cluster_name"], path),
        "Wants=network-online.target",
        "After=network-online.target",
        "Before=ecs.service",
        "",
        "[Service]",
        "Type=forking",
        "ExecStart=%s" % mount_s3_command(settings),
        "ExecStop=/usr/bin/umount %s" % path,
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "UNIT",
        "mkdir -p %s" % ECS_DROP_IN.rsplit("/", 1)[0],
        "cat > %s <<'DROP_IN'" % ECS_DROP_IN,
        "[Unit]",
        "Requires=%s" % DAGS_UNIT,
        "After=%s" % DAGS_UNIT,
        "DROP_IN",
        "systemctl daemon-reload",
        "systemctl enable --now %s" % DAGS_UNIT,
    ]


def _s3fs(settings):
    path = settings["dag_mount_path"]
    return [
        "# DAGs: s3fs mounts the bucket read-only from /etc/fstab at the path the task definitions bind.",
        settings["install_command"],
        "mkdir -p %s" % shlex.quote(path),
        "grep -q ' %s ' /etc/fstab || echo '%s' >> /etc/fstab" % (path, fstab_line(settings)),
        "mkdir -p %s" % ECS_DROP_IN.rsplit("/", 1)[0],
        "cat > %s <<'DROP_IN'" % ECS_DROP_IN,
        "[Unit]",
        "RequiresMountsFor=%s" % path,
        "DROP_IN",
        "systemctl daemon-reload",
        "mountpoint -q %s || mount %s" % (path, path),
    ]


def user_data(settings):
    """The user data script of one tier's hosts.

    settings: environment, cluster_name, tier, stop_timeout, dag_bucket, dag_prefix,
    dag_mount_path, region, mount_client (mount-s3 or s3fs), install_command, metadata_ttl.
    """
    path = settings["dag_mount_path"]
    mount = _mount_s3(settings) if settings["mount_client"] == "mount-s3" else _s3fs(settings)
    lines = [
        "#!/bin/bash",
        "# User data of the %s hosts of the Airflow environment %s." % (settings["tier"], settings["environment"]),
        "# Rendered by the airflow_ecs.deploy ecs_hosts role; edit the role, not the instance.",
        "set -Eeuo pipefail",
        "",
        "# Whatever fails below, the ECS agent (which starts after this script) must not: a host",
        "# without its DAG mount would run Airflow on an empty DAG folder.",
        "refuse_to_join() {",
        "  echo \"airflow-ecs: the user data failed at line $1 (exit $2); ecs.service is masked and this host will not join %s\" >&2"
        % settings["cluster_name"],
        "  systemctl mask ecs.service >&2 || true",
        "  exit \"$2\"",
        "}",
        "trap 'refuse_to_join \"$LINENO\" \"$?\"' ERR",
        "",
    ]
    lines += mount
    lines += [
        "mountpoint -q %s" % shlex.quote(path),
        "",
        "# Join the cluster, now that the DAGs are mounted, with the tier attribute the services place on.",
        "cat >> /etc/ecs/ecs.config <<'ECS_CONFIG'",
        "ECS_CLUSTER=%s" % settings["cluster_name"],
        'ECS_INSTANCE_ATTRIBUTES={"tier":"%s"}' % settings["tier"],
        "ECS_ENABLE_TASK_IAM_ROLE=true",
        "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true",
        "ECS_AWSVPC_BLOCK_IMDS=true",
        "ECS_CONTAINER_STOP_TIMEOUT=%ss" % settings["stop_timeout"],
        "ECS_ENABLE_CONTAINER_METADATA=true",
        "ECS_CONFIG",
    ]
    return "\n".join(lines) + "\n"
