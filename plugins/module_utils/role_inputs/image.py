# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The image role's rules: what the build context is rendered from (no AWS, no engine)."""

from __future__ import annotations

import re

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import image_build
from ansible_collections.airflow_ecs.deploy.plugins.module_utils import rules
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.images import image_errors

# ECR repository names: 2-256 characters, lower case, path segments.
_REPOSITORY_NAME = re.compile(r"^(?=.{2,256}\Z)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*\Z")
_REGISTRY = re.compile(r"^(https?://)?[A-Za-z0-9.-]+(:\d+)?\Z")
# The build context module's options and the inputs that set them.
MODULE_NAMES = {
    "airflow_version": "image_airflow_version",
    "pip_requirements": "image_pip_requirements",
    "os_packages": "image_os_packages",
    "constraints_file": "image_constraints_file",
    "ca_bundle": "image_ca_bundle",
    "plugins_dir": "image_plugins_dir",
    "dags_dir": "image_dags_dir",
    "wheelhouse": "image_wheelhouse",
}


def _repository_name(value):
    if not isinstance(value, str) or not _REPOSITORY_NAME.match(value):
        return "must be an ECR repository name (lower case letters, digits, '.', '_', '-', '/'; 2-256 characters)"
    return None


def _registry(value):
    if not isinstance(value, str) or not _REGISTRY.match(value):
        return "must be a registry host, with an optional port and http:// or https:// (for example http://127.0.0.1:5000)"
    return None


def errors(inputs):
    problems = rules.Problems(inputs)
    problems.check("image_environment", rules.environment_name)
    problems.check("image_repository_name", _repository_name)
    problems.check("image_registry", _registry, optional=True)
    if rules.as_bool(inputs.get("airflow_ecs_on_emulator")) and not inputs.get("image_registry"):
        problems.add(
            "image_registry is required on the emulator, whose ECR has no registry endpoint: point it at a local "
            "registry (make demo starts one: http://127.0.0.1:5001), or set airflow_ecs_image to run an image "
            "without building one."
        )
    if "image_base_image" in problems:
        for message in image_errors("image_base_image", problems["image_base_image"], inputs.get("image_airflow_version")):
            problems.add(message + ".")
    if "image_keep_images" in problems and not 1 <= int(problems["image_keep_images"]) <= 1000:
        problems.add("image_keep_images must be between 1 and 1000 (ECR keeps that many images); got %s." % problems["image_keep_images"])
    options = {name: inputs[input_name] for name, input_name in MODULE_NAMES.items() if input_name in inputs}
    problems.extend(image_build.input_errors(options), MODULE_NAMES)
    return problems.messages
