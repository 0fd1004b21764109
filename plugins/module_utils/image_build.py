# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Airflow image's build context and the tag that names it (pure: no AWS, no engine).

The image role renders one build context per environment from its inputs: a Containerfile,
Airflow's constraints (which pin Airflow itself), the team's requirements, and the files it
bakes in (plugins, DAGs, a proxy CA, a wheelhouse). Every file of the context is an input:
the tag is the release plus a hash over them all, so an unchanged context is the same tag and
nothing is built or pushed, and a changed one names what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

# Distributions that are Airflow itself: the image's release decides them, never a requirement.
AIRFLOW_DISTRIBUTIONS = ("apache-airflow", "apache-airflow-core", "apache-airflow-task-sdk")
# The extras of Airflow a plain Python base installs: what the task definitions run
# (Celery on Redis, PostgreSQL, the amazon provider for logs and secrets, FAB for the login).
PYTHON_BASE_EXTRAS = ("amazon", "celery", "fab", "postgres", "redis")
BASES = ("official", "python")
BUILD_DIR = "/tmp/airflow-ecs-build"
TAG_HASH_LENGTH = 16

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_PIN = re.compile(_NAME.pattern + r"\s*==\s*([^\s;#]+)")
_DEBIAN_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+:~-]+)?\Z")


def canonical_name(name):
    """PEP 503's normalised form of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_errors(requirements):
    """What is wrong with the team's pip requirements (one string per requirement)."""
    problems = []
    for index, line in enumerate(requirements):
        text = str(line).strip()
        where = "pip_requirements[%d]" % index
        if not text or text.startswith(("-", "#")) or "://" in text or text.startswith((".", "/")):
            problems.append(
                "%s must name a distribution from the index (a name with an optional version "
                "range, for example 'apache-airflow-providers-slack>=9'); pip options, paths and "
                "URLs are not build inputs the tag can hash." % where
            )
            continue
        match = _NAME.match(text)
        if match is None:
            problems.append("%s is not a pip requirement." % where)
            continue
        if canonical_name(match.group(1)) in AIRFLOW_DISTRIBUTIONS:
            problems.append(
                "%s names %s: the image's Airflow release decides it (airflow_version); remove the "
                "requirement and change the release instead." % (where, canonical_name(match.group(1)))
            )
    return problems


def os_package_errors(packages):
    return [
        "os_packages[%d] must be a Debian package name, optionally with =version "
        "(for example 'libpq5' or 'git=1:2.39.5-0+deb12u1')." % index
        for index, package in enumerate(packages)
        if not _DEBIAN_PACKAGE.match(str(package))
    ]


def constraints_errors(constraints, airflow_version):
    """The constraints file must pin Airflow to the image's release: pip then refuses any
    requirement that would move it, in the same install."""
    pins = {}
    for line in constraints.splitlines():
        match = _PIN.match(line)
        if match:
            pins[canonical_name(match.group(1))] = match.group(2)
    if pins.get("apache-airflow") != airflow_version:
        return [
            "constraints_file must pin apache-airflow==%s (it pins %s): take the constraints "
            "of that release (files/airflow/constraints-<version>-python<python>.txt)."
            % (airflow_version, pins.get("apache-airflow", "nothing"))
        ]
    return []


def input_errors(options):
    """Every problem with the build inputs, each message starting with its option name.

    options: pip_requirements, os_packages, airflow_version, and the control node's paths
    constraints_file, ca_bundle, plugins_dir, dags_dir, wheelhouse (empty: not used).
    """
    problems = requirement_errors(options.get("pip_requirements") or [])
    problems += os_package_errors(options.get("os_packages") or [])
    for name in ("constraints_file", "ca_bundle", "plugins_dir", "dags_dir", "wheelhouse"):
        path = options.get(name)
        kind = "file" if name in ("constraints_file", "ca_bundle") else "directory"
        if path and not (os.path.isfile(path) if kind == "file" else os.path.isdir(path)):
            problems.append("%s: no %s at %s on the control node." % (name, kind, path))
    constraints = options.get("constraints_file")
    if constraints and os.path.isfile(constraints) and options.get("airflow_version"):
        with open(constraints) as handle:
            problems += constraints_errors(handle.read(), options["airflow_version"])
    return problems


def requirements_file(requirements):
    return "".join("%s\n" % str(line).strip() for line in requirements)


def containerfile(spec):
    """The Containerfile of the build context.

    spec: base ('official' or 'python'), base_image, airflow_version, os_packages,
    has_plugins, has_dags, has_ca_bundle, has_wheelhouse, files_digest. Build inputs are
    bind-mounted into the RUN steps (never copied into a layer) except plugins and DAGs, which
    the image ships.

    files_digest (a hash of the context's other files) goes into a label before the first RUN:
    an engine's layer cache keys a RUN step on its text, not on what it bind-mounts, so without
    it a changed requirement would reuse the layer built from the old one.
    """
    mount = "--mount=type=bind,source=.,target=%s" % BUILD_DIR
    pip_options = ["--no-cache-dir", "--constraint %s/constraints.txt" % BUILD_DIR]
    if spec.get("has_wheelhouse"):
        pip_options += ["--no-index", "--find-links %s/wheelhouse" % BUILD_DIR]
    environment = []
    if spec.get("has_ca_bundle"):
        environment = ["PIP_CERT=%s/ca-bundle.pem" % BUILD_DIR, "REQUESTS_CA_BUNDLE=%s/ca-bundle.pem" % BUILD_DIR]
    apt_options = " -o Acquire::https::CAInfo=%s/ca-bundle.pem" % BUILD_DIR if spec.get("has_ca_bundle") else ""

    lines = [
        "# Rendered by the airflow_ecs.deploy image role; every file of this context is hashed into the tag.",
        "FROM %s" % spec["base_image"],
    ]
    if spec.get("files_digest"):
        lines.append(_INPUTS_LABEL + spec["files_digest"])
    lines.append("USER root")
    packages = list(spec.get("os_packages") or [])
    if spec["base"] == "python":
        packages = sorted(set(packages) | {"curl", "dumb-init"})
    if packages:
        lines.append(
            "RUN %s apt-get%s update -qq && DEBIAN_FRONTEND=noninteractive apt-get%s install -y -qq "
            "--no-install-recommends %s && apt-get clean && rm -rf /var/lib/apt/lists/*"
            % (mount, apt_options, apt_options, " ".join(packages))
        )
    if spec["base"] == "python":
        # What the official image gives the task definitions: the airflow user (50000:0), its
        # home, AIRFLOW_HOME with dags/logs/plugins, Airflow on PATH, dumb-init as PID 1.
        lines += [
            "RUN useradd --uid 50000 --gid 0 --home-dir /home/airflow --create-home --shell /bin/bash airflow"
            " && mkdir -p /opt/airflow/dags /opt/airflow/logs /opt/airflow/plugins"
            " && chown -R 50000:0 /opt/airflow && python3 -m venv /home/airflow/.venv"
            " && chown -R 50000:0 /home/airflow/.venv",
            "ENV AIRFLOW_HOME=/opt/airflow PATH=/home/airflow/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "WORKDIR /opt/airflow",
        ]
    if spec.get("has_plugins"):
        lines.append("COPY --chown=50000:0 plugins/ /opt/airflow/plugins/")
    if spec.get("has_dags"):
        lines.append("COPY --chown=50000:0 dags/ /opt/airflow/dags/")
    lines.append("USER 50000")
    install = []
    if spec["base"] == "python":
        install.append('"apache-airflow[%s]==%s"' % (",".join(PYTHON_BASE_EXTRAS), spec["airflow_version"]))
        install.append('"apache-airflow-providers-fab[oauth]"')
    if spec.get("has_requirements"):
        install.append("-r %s/requirements.txt" % BUILD_DIR)
    if install:
        lines.append(
            "RUN %s %spip install %s %s"
            % (mount, "".join("%s " % item for item in environment), " ".join(pip_options), " ".join(install))
        )
    if spec["base"] == "python":
        lines.append('ENTRYPOINT ["/usr/bin/dumb-init", "--"]')
        lines.append('CMD ["airflow", "version"]')
    return "\n".join(lines) + "\n"


def file_digest(data):
    return hashlib.sha256(data).hexdigest()


# The options whose content goes into the context as files under these paths.
_FILE_INPUTS = {
    "constraints_file": ("constraints.txt",),
    "pip_requirements": ("requirements.txt",),
    "ca_bundle": ("ca-bundle.pem",),
    "plugins_dir": ("plugins/",),
    "dags_dir": ("dags/",),
    "wheelhouse": ("wheelhouse/",),
}
_VALUE_INPUTS = ("base", "base_image", "airflow_version", "os_packages")
_INPUTS_LABEL = "LABEL io.airflow-ecs.build-inputs=sha256:"


def input_digests(options, files):
    """A sha256 per input that is set: the values as given, the files by what the context holds
    of them (a directory by every path and content), the Containerfile by its text without the
    label of the other files' hash (their own digests name them), so a new template of the
    collection makes a new tag too."""
    digests = {}
    for name in _VALUE_INPUTS:
        if options.get(name):
            digests[name] = file_digest(json.dumps(options[name], sort_keys=True).encode())
    for name, prefixes in _FILE_INPUTS.items():
        owned = {path: file_digest(data) for path, data in files.items() if path.startswith(prefixes)}
        if owned:
            digests[name] = inputs_digest(owned)
    template = b"".join(line for line in files["Containerfile"].splitlines(True)
                        if not line.startswith(_INPUTS_LABEL.encode()))
    digests["containerfile"] = file_digest(template)
    return digests


def inputs_digest(inputs):
    """One hash over every input (name -> sha256 of its content)."""
    return file_digest(json.dumps(inputs, sort_keys=True, separators=(",", ":")).encode())


def image_tag(airflow_version, inputs):
    return "%s-%s" % (airflow_version, inputs_digest(inputs)[:TAG_HASH_LENGTH])


def changed_inputs(before, after):
    """The inputs (context paths) that differ between two builds, added and removed included."""
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
