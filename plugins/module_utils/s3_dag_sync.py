# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning for the s3_dag_sync module: local files and a bucket listing in,
what to upload and what to delete out (no AWS calls)."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re

# The object metadata key the module stores each file's MD5 under
# (x-amz-meta-md5), for objects whose ETag is not their MD5 (SSE-KMS, multipart).
MD5_METADATA_KEY = "md5"

DEFAULT_EXCLUDES = ["__pycache__", "*.pyc", ".*"]

_PLAIN_MD5 = re.compile(r"^[0-9a-f]{32}$")


def normalize_prefix(prefix):
    """A key prefix with no leading slash and, unless empty, one trailing slash."""
    prefix = (prefix or "").strip("/")
    return prefix + "/" if prefix else ""


def is_excluded(relative_path, patterns):
    """Whether a path (with / separators) or any of its components matches a pattern."""
    parts = relative_path.split("/")
    for pattern in patterns or []:
        if fnmatch.fnmatchcase(relative_path, pattern):
            return True
        if any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return True
    return False


def file_md5(path, chunk_size=1024 * 1024):
    digest = hashlib.md5()  # nosec - an S3 ETag comparison, not a security use
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def local_files(root, prefix, excludes):
    """Map each S3 key to the local file's path and MD5, for every file under root."""
    files = {}
    for directory, subdirectories, names in os.walk(root):
        relative_directory = os.path.relpath(directory, root)
        relative_directory = "" if relative_directory == "." else relative_directory.replace(os.sep, "/") + "/"
        # Prune excluded directories so their files are never read.
        subdirectories[:] = sorted(d for d in subdirectories if not is_excluded(relative_directory + d, excludes))
        for name in sorted(names):
            relative_path = relative_directory + name
            if is_excluded(relative_path, excludes):
                continue
            path = os.path.join(directory, name)
            if not os.path.isfile(path):
                continue
            files[prefix + relative_path] = {"path": path, "md5": file_md5(path)}
    return files


def etag_md5(etag):
    """The MD5 an ETag stands for, or None when it is not a plain MD5 (multipart)."""
    value = (etag or "").strip('"').lower()
    return value if _PLAIN_MD5.match(value) else None


def remote_objects(listing):
    """Turn ListObjectsV2 contents into {key: {"etag": md5-or-None}}."""
    return {item["Key"]: {"etag": etag_md5(item.get("ETag"))} for item in listing or []}


def keys_to_inspect(local, remote):
    """Keys on both sides whose ETag does not prove them equal: their stored MD5
    metadata decides (under SSE-KMS the ETag is not the content's MD5)."""
    return sorted(key for key in local if key in remote and remote[key].get("etag") != local[key]["md5"])


def remote_md5(entry):
    """The best-known MD5 of a remote object: its metadata, else its ETag."""
    return entry.get("metadata_md5") or entry.get("etag")


def plan_sync(local, remote, delete=True):
    """Compare local files with remote objects.

    local: {key: {"md5": ...}}; remote: {key: {"etag": md5-or-None, "metadata_md5": optional}}.
    Returns {"upload": [...], "delete": [...], "unchanged": [...]}, each sorted.
    """
    upload = []
    unchanged = []
    for key in sorted(local):
        entry = remote.get(key)
        if entry is not None and local[key]["md5"] in (entry.get("etag"), entry.get("metadata_md5")):
            unchanged.append(key)
        else:
            upload.append(key)
    removed = sorted(key for key in remote if key not in local) if delete else []
    return {"upload": upload, "delete": removed, "unchanged": unchanged}


def render_listing(entries):
    """One line per key, "<key>  md5:<md5>", sorted: the diff view of one side."""
    lines = ["%s  md5:%s" % (key, md5 or "unknown") for key, md5 in sorted(entries.items())]
    return "\n".join(lines) + ("\n" if lines else "")


def sync_diff(local, remote, plan, location, source):
    """before/after texts that differ exactly in the planned uploads and deletions."""
    before = {key: remote_md5(entry) for key, entry in remote.items()}
    after = dict(before)
    for key in plan["delete"]:
        after.pop(key, None)
    for key in plan["upload"]:
        after[key] = local[key]["md5"]
    return {
        "before_header": location,
        "after_header": "%s (from %s)" % (location, source),
        "before": render_listing(before),
        "after": render_listing(after),
    }
