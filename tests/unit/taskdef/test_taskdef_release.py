"""The Airflow release is pinned once (module_utils/taskdef/release.py): the module, the role and
the emulator's image inputs read it, and every mention that cannot read it says the same release."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.airflow_ecs.deploy.plugins.filter import task_definition_errors as errors_filter
from ansible_collections.airflow_ecs.deploy.plugins.lookup import airflow_release
from ansible_collections.airflow_ecs.deploy.plugins.lookup.airflow_release import LookupModule
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import apply_defaults
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.options import OPTIONS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.release import AIRFLOW_VERSION, official_image
from ansible_collections.airflow_ecs.deploy.plugins.modules import airflow_task_definition as module

ROOT = Path(__file__).resolve().parents[3]
ROLE = ROOT / "roles" / "airflow_services"
_IMAGE_RELEASE = re.compile(r"apache/airflow:(\d+\.\d+\.\d+)")
_CONSTRAINTS_RELEASE = re.compile(r"constraints-(\d+\.\d+\.\d+)-python")
_VERSION = re.compile(r"\b\d+\.\d+\.\d+\b")


def test_the_release_is_a_version():
    assert re.fullmatch(r"3\.\d+\.\d+", AIRFLOW_VERSION)
    assert official_image() == "apache/airflow:%s-python3.11" % AIRFLOW_VERSION


def test_the_module_defaults_to_it():
    assert OPTIONS["airflow_version"]["default"] == AIRFLOW_VERSION
    assert module.argument_spec()["airflow_version"]["default"] == AIRFLOW_VERSION
    assert apply_defaults({})["airflow_version"] == AIRFLOW_VERSION
    assert yaml.safe_load(module.DOCUMENTATION)["options"]["airflow_version"]["default"] == AIRFLOW_VERSION


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("module DOCUMENTATION", module.DOCUMENTATION),
        ("module EXAMPLES", module.EXAMPLES),
        ("filter EXAMPLES", errors_filter.EXAMPLES),
        ("filter RETURN", errors_filter.RETURN),
    ],
)
def test_the_plugin_docs_show_the_pinned_image(where, text):
    assert set(_IMAGE_RELEASE.findall(text)) <= {AIRFLOW_VERSION}, where


def test_the_lookup_returns_it():
    assert LookupModule().run([], variables={}) == [AIRFLOW_VERSION]
    docs = airflow_release.DOCUMENTATION + airflow_release.EXAMPLES + airflow_release.RETURN
    assert yaml.safe_load(airflow_release.DOCUMENTATION)["name"] == "airflow_release"
    assert _VERSION.findall(re.sub(r"version_added: .*", "", docs)) == []  # it names no release of its own


def test_the_role_defaults_read_it_and_derive_the_image():
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    assert defaults["airflow_services_airflow_version"] == "{{ lookup('airflow_ecs.deploy.airflow_release') }}"
    assert defaults["airflow_services_image"] == "apache/airflow:{{ airflow_services_airflow_version }}-python3.11"


def test_the_role_inputs_name_no_release_of_their_own():
    specs = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text())["argument_specs"]
    for entry_point in ("validate", "main"):
        for name in ("airflow_services_airflow_version", "airflow_services_image"):
            # A default, where declared, is the readable form of the computed one, never a release.
            declared = specs[entry_point]["options"][name]
            assert _VERSION.findall(str(declared)) == [], (entry_point, name)
    assert _IMAGE_RELEASE.findall((ROLE / "README.md").read_text()) == []


def test_the_local_image_inputs_read_it(tmp_path):
    # scripts/local_image_inputs.py downloads the wheelhouse of the pinned release for the
    # emulator's image; the Makefile names no release of its own.
    spec = importlib.util.spec_from_file_location("local_image_inputs", ROOT / "scripts" / "local_image_inputs.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.airflow_version() == AIRFLOW_VERSION
    assert script.wheelhouse_dir(tmp_path, AIRFLOW_VERSION).name == "airflow-%s-python3.11" % AIRFLOW_VERSION
    assert not re.search(r"\d+\.\d+\.\d+", (ROOT / "Makefile").read_text())


def test_the_constraints_file_is_the_releases():
    constraints = ROOT / "files" / "airflow" / ("constraints-%s-python3.11.txt" % AIRFLOW_VERSION)
    assert constraints.is_file(), "moving the pin needs the constraints file of the new release"
    assert [path.name for path in constraints.parent.glob("constraints-*.txt")] == [constraints.name]
    header = constraints.read_text().splitlines()[:4]
    assert header[0].startswith("# Airflow %s on Python 3.11" % AIRFLOW_VERSION)
    assert "==%s'" % AIRFLOW_VERSION in header[3]


@pytest.mark.parametrize("path", ["README.md", "docs/e2e.md"])
def test_the_docs_name_the_pinned_constraints_file(path):
    assert set(_CONSTRAINTS_RELEASE.findall((ROOT / path).read_text())) <= {AIRFLOW_VERSION}, path
    assert set(_IMAGE_RELEASE.findall((ROOT / path).read_text())) <= {AIRFLOW_VERSION}, path
