"""files/dags: the example DAGs are valid Python (Airflow is not installed here, so no import)."""

from __future__ import annotations

import py_compile
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[3] / "files" / "dags"


@pytest.mark.parametrize("name", ["fan_out.py", "variable_and_connection.py", "deferrable_sensor.py"])
def test_example_dag_compiles(name, tmp_path):
    py_compile.compile(str(DAGS / name), cfile=str(tmp_path / (name + "c")), doraise=True)
