#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: image_build_context
short_description: Render the Airflow image's build context and the tag that names it
version_added: 0.2.0
description:
  - Renders the build context of an Airflow image on the control node (a Containerfile, Airflow's
    constraints, the team's pip requirements, and the plugins, DAGs, proxy CA and wheelhouse it takes in)
    and returns its tag, the Airflow release plus a hash over every file of the context.
  - The tag is the image's identity. An unchanged context gives the same tag, so a caller builds and pushes
    only when the registry has no image of that tag.
  - Reports C(changed) when the context differs from O(previous_inputs) (the inputs of the image last
    published for the environment); the diff names the inputs that differ. In check mode nothing is written.
  - Written because building needs one hash over a whole tree of inputs, and a template task per file
    cannot say which input changed. The build itself is left to containers.podman or community.docker.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  path:
    description: The directory to render the context into; its other contents are removed.
    type: path
    required: true
  base:
    description:
      - V(official) builds on the official apache/airflow image (Airflow is already installed).
      - V(python) builds on a plain Debian-based Python image and installs Airflow from the constraints,
        as the official image does, with the airflow user (50000:0), C(AIRFLOW_HOME=/opt/airflow) and dumb-init.
    type: str
    choices: [official, python]
    default: official
  base_image:
    description: The image to build on.
    type: str
    required: true
  airflow_version:
    description: The Airflow release; the constraints must pin C(apache-airflow) to it.
    type: str
    required: true
  constraints_file:
    description: Airflow's constraints file for the release and the base's Python.
    type: path
    required: true
  pip_requirements:
    description: Extra pip requirements, installed under the constraints. Airflow itself is refused.
    type: list
    elements: str
    default: []
  os_packages:
    description: Extra Debian packages installed with apt-get.
    type: list
    elements: str
    default: []
  plugins_dir:
    description: A directory copied to C(/opt/airflow/plugins).
    type: path
  dags_dir:
    description: A directory copied to C(/opt/airflow/dags) (the C(image) DAG storage mode).
    type: path
  ca_bundle:
    description: A CA bundle that pip and apt trust during the build (a proxy's), not kept in the image.
    type: path
  wheelhouse:
    description: A directory of wheels; pip then installs from it only (C(--no-index)).
    type: path
  previous_inputs:
    description: The RV(inputs) of the image last published; empty for none.
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Render the build context
  airflow_ecs.deploy.image_build_context:
    path: /var/tmp/airflow-image/prod
    base_image: apache/airflow:3.3.2-python3.11
    airflow_version: 3.3.2
    constraints_file: files/airflow/constraints-3.3.2-python3.11.txt
    pip_requirements: [apache-airflow-providers-slack]
  register: context
"""

RETURN = r"""
tag:
  description: The image tag, C(<airflow version>-<hash>).
  returned: always
  type: str
  sample: 3.3.2-4f9c2a1b7d3e8a60
inputs:
  description:
    - Each input that is set (an option name, or C(containerfile) for the collection's template) and a sha256
      of its content; a directory's covers the path and content of every file in it.
  returned: always
  type: dict
changed_inputs:
  description: The inputs that differ from O(previous_inputs); every input when there is none.
  returned: always
  type: list
  elements: str
containerfile:
  description: The rendered Containerfile.
  returned: always
  type: str
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import image_build


def _tree(directory, prefix):
    files = {}
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".pyc"):
                continue
            source = os.path.join(root, name)
            with open(source, "rb") as handle:
                files["%s/%s" % (prefix, os.path.relpath(source, directory))] = handle.read()
    return files


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


def context_files(params):
    """Every file of the build context, by its path in the context."""
    files = {"constraints.txt": _read(params["constraints_file"])}
    if params["pip_requirements"]:
        files["requirements.txt"] = image_build.requirements_file(params["pip_requirements"]).encode()
    if params["ca_bundle"]:
        files["ca-bundle.pem"] = _read(params["ca_bundle"])
    for option, prefix in (("plugins_dir", "plugins"), ("dags_dir", "dags"), ("wheelhouse", "wheelhouse")):
        if params[option]:
            files.update(_tree(params[option], prefix))
    spec = {
        "base": params["base"],
        "base_image": params["base_image"],
        "airflow_version": params["airflow_version"],
        "os_packages": params["os_packages"],
        "has_requirements": "requirements.txt" in files,
        "has_ca_bundle": "ca-bundle.pem" in files,
        "has_plugins": bool(params["plugins_dir"]),
        "has_dags": bool(params["dags_dir"]),
        "has_wheelhouse": bool(params["wheelhouse"]),
        "files_digest": image_build.inputs_digest({path: image_build.file_digest(data) for path, data in files.items()}),
    }
    files["Containerfile"] = image_build.containerfile(spec).encode()
    return files


def write_context(path, files):
    """Make path hold exactly files, rewriting only what differs."""
    os.makedirs(path, exist_ok=True)
    wanted = set(files)
    for root, dirs, names in os.walk(path, topdown=False):
        for name in names:
            full = os.path.join(root, name)
            if os.path.relpath(full, path) not in wanted:
                os.remove(full)
        for name in dirs:
            full = os.path.join(root, name)
            if not os.listdir(full):
                os.rmdir(full)
    for relative, data in files.items():
        target = os.path.join(path, relative)
        if os.path.isfile(target) and _read(target) == data:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            base=dict(type="str", choices=list(image_build.BASES), default="official"),
            base_image=dict(type="str", required=True),
            airflow_version=dict(type="str", required=True),
            constraints_file=dict(type="path", required=True),
            pip_requirements=dict(type="list", elements="str", default=[]),
            os_packages=dict(type="list", elements="str", default=[]),
            plugins_dir=dict(type="path"),
            dags_dir=dict(type="path"),
            ca_bundle=dict(type="path"),
            wheelhouse=dict(type="path"),
            previous_inputs=dict(type="dict", default={}),
        ),
        supports_check_mode=True,
    )
    params = module.params
    problems = image_build.input_errors(params)
    if problems:
        module.fail_json(msg=" ".join(problems))

    files = context_files(params)
    inputs = image_build.input_digests(params, files)
    tag = image_build.image_tag(params["airflow_version"], inputs)
    previous = params["previous_inputs"]
    changed_inputs = image_build.changed_inputs(previous, inputs)
    result = dict(
        changed=bool(changed_inputs),
        tag=tag,
        inputs=inputs,
        changed_inputs=changed_inputs,
        containerfile=files["Containerfile"].decode(),
        diff=dict(
            before={name: previous[name] for name in sorted(previous) if name in changed_inputs},
            after={name: inputs[name] for name in changed_inputs if name in inputs},
        ),
    )
    if not module.check_mode:
        write_context(params["path"], files)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
