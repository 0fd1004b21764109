"""The option table (options.py) is the one declaration: DOCUMENTATION agrees with it, and the
argument spec, the defaults, the checks and the filter's conversions come from it."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.airflow_ecs.deploy.plugins.filter import task_definition_errors as errors_filter
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef import options as table
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.components import COMPONENTS
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import (
    NESTED,
    OPTION_NAMES,
    TOP_LEVEL,
    apply_defaults,
)
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.validate import DAG_STORAGE_CHECKS
from ansible_collections.airflow_ecs.deploy.plugins.modules import airflow_task_definition as module
from taskdef_inputs import base_spec

DOCUMENTED = yaml.safe_load(module.DOCUMENTATION)["options"]
# What a DOCUMENTATION entry and a table declaration both say.
COMPARED = ("type", "default", "choices", "required")


def _module_options(declarations):
    return {name: option for name, option in declarations.items() if option.get("module_option", True)}


def _said(entry):
    """The compared keys of a DOCUMENTATION entry or a declaration; required false and no default are the same."""
    said = {key: entry[key] for key in COMPARED if key in entry}
    if said.get("required") is False:
        del said["required"]
    return said


def _all_declarations():
    for name, option in table.OPTIONS.items():
        yield name, option
        for key, sub in option.get("suboptions", {}).items():
            yield "%s.%s" % (name, key), sub


def _at(tree, path, sub="suboptions"):
    """The entry of a dotted path in a table-shaped tree (DOCUMENTATION options) or in a filled spec (sub=None)."""
    if "." not in path:
        return tree[path]
    group, key = path.split(".", 1)
    return tree[group][sub][key] if sub else tree[group][key]


def test_documentation_lists_the_table_options_and_state():
    assert set(DOCUMENTED) == set(_module_options(table.OPTIONS)) | {"state"}


@pytest.mark.parametrize("name", list(_module_options(table.OPTIONS)))
def test_documentation_says_what_the_table_declares(name):
    declared, documented = table.OPTIONS[name], DOCUMENTED[name]
    assert _said(documented) == _said(declared), name
    assert set(documented.get("suboptions", {})) == set(declared.get("suboptions", {})), name
    for key, sub in declared.get("suboptions", {}).items():
        assert _said(documented["suboptions"][key]) == _said(sub), "%s.%s" % (name, key)


def test_computed_options_have_no_documented_default():
    for path, option in _all_declarations():
        if "computed" in option:
            assert "default" not in option, path
            assert "default" not in _at(DOCUMENTED, path), path


def test_state_is_documented_as_the_module_declares_it():
    assert _said(DOCUMENTED["state"]) == _said(module.argument_spec()["state"])


def test_the_module_argument_spec_is_the_table_and_state():
    spec = module.argument_spec()
    assert set(spec) == set(_module_options(table.OPTIONS)) | {"state"}
    assert "region" not in spec  # the module's AWS connection option
    assert spec["secrets"]["no_log"] is False
    for name, option in _module_options(table.OPTIONS).items():
        assert _said(spec[name]) == _said(option), name
        if "suboptions" in option:
            assert spec[name]["apply_defaults"] is True
            assert {key: _said(sub) for key, sub in spec[name]["options"].items()} == {
                key: _said(sub) for key, sub in option["suboptions"].items()
            }


def test_the_argument_spec_is_a_copy():
    spec = table.argument_spec()
    spec["secrets"]["default"]["x"] = 1
    spec["dag_storage"]["options"]["mode"]["choices"].append("x")
    assert table.OPTIONS["secrets"]["default"] == {}
    assert "x" not in table.OPTIONS["dag_storage"]["suboptions"]["mode"]["choices"]


def test_defaults_and_names_come_from_the_table():
    assert OPTION_NAMES == tuple(table.OPTIONS)
    assert set(TOP_LEVEL) | set(NESTED) == set(table.OPTIONS)
    for path, option in _all_declarations():
        if "suboptions" not in option:
            assert _at({**TOP_LEVEL, **NESTED}, path, sub=None) == option.get("default"), path


def test_every_declaration_is_well_formed():
    for path, option in _all_declarations():
        assert option["type"] in ("str", "int", "bool", "dict"), path
        assert set(option) <= set(table._ARGUMENT_SPEC_KEYS) | {"computed", "module_option", "suboptions"}, path
        assert not ("default" in option and "computed" in option), path
        assert not ("required" in option and ("default" in option or "computed" in option)), path
        if "choices" in option and "default" in option:
            assert option["default"] in option["choices"], path
        if "suboptions" in option:
            assert option["type"] == "dict" and option["default"] == {}, path


def test_computed_options_are_filled_in_and_the_others_are_not():
    spec = apply_defaults(base_spec("worker", task_role_arn=None, execution_api_server_url=None))
    for path, option in _all_declarations():
        if "suboptions" in option:
            continue
        value = _at(spec, path, sub=None)
        if "computed" in option or "default" in option:
            assert value is not None, path
        elif path not in base_spec("worker"):
            assert value is None, path


def test_the_checks_accept_exactly_the_declared_choices():
    assert list(DAG_STORAGE_CHECKS) == table.choices_of("dag_storage.mode")
    assert table.choices_of("component") == list(COMPONENTS)


def test_the_filter_converts_the_declared_numbers_and_booleans():
    assert errors_filter._INTS == {path for path, option in _all_declarations() if option["type"] == "int"}
    assert errors_filter._BOOLS == {path for path, option in _all_declarations() if option["type"] == "bool"}
    assert set(errors_filter._GROUPS) == {name for name, option in table.OPTIONS.items() if "suboptions" in option}
    assert "scaling.protection_minutes" in errors_filter._INTS and "statsd.enabled" in errors_filter._BOOLS
