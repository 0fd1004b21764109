# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Container image references: a revision must always run the same image."""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import official_image

_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?::\d+)?(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*\Z")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z")
_DIGEST = re.compile(r"^sha256:[a-f0-9]{64}\Z")
_TAG_VERSION = re.compile(r"^(\d+\.\d+\.\d+)")
_OFFICIAL = "apache/airflow"


def split_image(image):
    """(repository, tag or None, digest or None) of an image reference."""
    name, digest = image, None
    if "@" in image:
        name, digest = image.split("@", 1)
    repository, tag = name, None
    if ":" in name.rsplit("/", 1)[-1]:
        repository, tag = name.rsplit(":", 1)
    return repository, tag, digest


# <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>
_ECR_IMAGE = re.compile(r"^(?P<account>[0-9]{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?P<china>\.cn)?/")


def ecr_repository_arns(image):
    """[the ARN of the ECR repository the image is in], or [] for an image outside ECR."""
    if not isinstance(image, str):
        return []
    match = _ECR_IMAGE.match(image)
    if match is None:
        return []
    repository = split_image(image[match.end():])[0]
    partition = "aws-cn" if match["china"] else "aws"
    return ["arn:%s:ecr:%s:%s:repository/%s" % (partition, match["region"], match["account"], repository)]


def image_errors(field, image, airflow_version=None, example=official_image()):
    """Errors for an image input; airflow_version, when given, must match an official image's tag."""
    example = "e.g. %s" % example
    if not isinstance(image, str) or not image or any(char.isspace() for char in image):
        return ["%s is required: an image pinned to a version tag or digest (%s)" % (field, example)]
    repository, tag, digest = split_image(image)
    if not _REPOSITORY.match(repository) or (tag is not None and not _TAG.match(tag)):
        return ["%s is not a valid image reference (%s)" % (field, example)]
    if digest is not None and not _DIGEST.match(digest):
        return ["%s has an invalid digest: use @sha256:<64 hex digits>" % field]
    if digest is None and tag in (None, "latest"):
        return [
            "%s must be pinned to a version tag or digest (%s), not `latest` or no tag: a moving tag runs "
            "different images under one task definition revision, so revisions are not reproducible" % (field, example)
        ]
    return _version_errors(field, repository, tag, airflow_version)


def _version_errors(field, repository, tag, airflow_version):
    if not (repository == _OFFICIAL or repository.endswith("/" + _OFFICIAL)) or tag is None:
        return []
    match = _TAG_VERSION.match(tag)
    if not match or not isinstance(airflow_version, str):
        return []
    tag_version = match.group(1)
    if tag_version == airflow_version or tag_version.startswith(airflow_version + "."):
        return []
    return [
        "%s runs Airflow %s but airflow_version is %s: make them agree (airflow_version decides the "
        "commands, secrets and health checks)" % (field, tag_version, airflow_version)
    ]
