"""The image's build context and tag (plugins/module_utils/image_build.py)."""

from __future__ import annotations

from ansible_collections.airflow_ecs.deploy.plugins.module_utils import image_build

OFFICIAL = {"base": "official", "base_image": "apache/airflow:3.3.2-python3.11", "airflow_version": "3.3.2"}


def _digests(options=None, **files):
    options = dict(OFFICIAL, **(options or {}))
    context = {"Containerfile": image_build.containerfile(dict(options, has_requirements="requirements.txt" in files)).encode(),
               "constraints.txt": b"apache-airflow==3.3.2\n"}
    context.update({name.replace("__", "/"): data for name, data in files.items()})
    return image_build.input_digests(options, context)


def test_an_official_base_installs_requirements_under_the_constraints_from_a_mount():
    text = image_build.containerfile(dict(OFFICIAL, has_requirements=True, os_packages=["libpq5"]))
    lines = text.splitlines()
    assert lines[1] == "FROM apache/airflow:3.3.2-python3.11"
    assert "install -y -qq --no-install-recommends libpq5" in text
    pip = next(line for line in lines if "pip install" in line)
    assert pip.startswith("RUN --mount=type=bind,source=.,target=/tmp/airflow-ecs-build pip install")
    assert "--constraint /tmp/airflow-ecs-build/constraints.txt -r /tmp/airflow-ecs-build/requirements.txt" in pip
    assert "apache-airflow[" not in text  # the official image has Airflow already
    assert lines[-2:] == ["USER 50000", pip]
    assert "COPY" not in text  # nothing of the build inputs lands in a layer


def test_without_requirements_or_packages_nothing_runs():
    text = image_build.containerfile(dict(OFFICIAL, has_plugins=True))
    assert "RUN" not in text
    assert "COPY --chown=50000:0 plugins/ /opt/airflow/plugins/" in text


def test_a_python_base_installs_airflow_as_the_official_image_has_it():
    text = image_build.containerfile(dict(OFFICIAL, base="python", base_image="localhost/debian-python:bookworm"))
    assert "useradd --uid 50000 --gid 0 --home-dir /home/airflow" in text
    assert "--no-install-recommends curl dumb-init" in text
    assert '"apache-airflow[amazon,celery,fab,postgres,redis]==3.3.2" "apache-airflow-providers-fab[oauth]"' in text
    assert "ENV AIRFLOW_HOME=/opt/airflow PATH=/home/airflow/.venv/bin:" in text
    assert 'ENTRYPOINT ["/usr/bin/dumb-init", "--"]' in text


def test_a_wheelhouse_and_a_ca_bundle_reach_pip_and_apt_through_the_mount():
    text = image_build.containerfile(dict(OFFICIAL, has_requirements=True, has_wheelhouse=True, has_ca_bundle=True,
                                          os_packages=["git"]))
    assert "--no-index --find-links /tmp/airflow-ecs-build/wheelhouse" in text
    assert "PIP_CERT=/tmp/airflow-ecs-build/ca-bundle.pem" in text
    assert "apt-get -o Acquire::https::CAInfo=/tmp/airflow-ecs-build/ca-bundle.pem update" in text


def test_the_tag_is_the_release_and_a_hash_that_moves_with_any_input():
    base = _digests(plugins__a_py=b"A = 1\n")
    assert image_build.image_tag("3.3.2", base) == image_build.image_tag("3.3.2", _digests(plugins__a_py=b"A = 1\n"))
    assert image_build.image_tag("3.3.2", base).startswith("3.3.2-")
    assert len(image_build.image_tag("3.3.2", base)) == len("3.3.2-") + 16
    changes = {
        "plugins_dir": _digests(plugins__a_py=b"A = 2\n"),
        "base_image": _digests({"base_image": "apache/airflow:3.3.2-python3.12"}, plugins__a_py=b"A = 1\n"),
    }
    for name, changed in changes.items():
        assert image_build.image_tag("3.3.2", changed) != image_build.image_tag("3.3.2", base)
        assert name in image_build.changed_inputs(base, changed)


def test_a_renamed_plugin_file_is_a_change():
    assert image_build.changed_inputs(_digests(plugins__a_py=b"A"), _digests(plugins__b_py=b"A")) == ["plugins_dir"]


def test_changed_inputs_names_added_and_removed_inputs():
    before, after = {"base": "1", "wheelhouse": "2"}, {"base": "1", "pip_requirements": "3"}
    assert image_build.changed_inputs(before, after) == ["pip_requirements", "wheelhouse"]
    assert image_build.changed_inputs({}, after) == ["base", "pip_requirements"]


def test_constraints_must_pin_the_release():
    assert image_build.constraints_errors("apache-airflow==3.3.2\nsix==1.17.0\n", "3.3.2") == []
    assert "it pins 3.3.1" in image_build.constraints_errors("Apache_Airflow == 3.3.1\n", "3.3.2")[0]
    assert "it pins nothing" in image_build.constraints_errors("six==1.17.0\n", "3.3.2")[0]


def test_requirements_file_has_one_line_per_requirement():
    assert image_build.requirements_file([" pandas ", "slack-sdk>=3"]) == "pandas\nslack-sdk>=3\n"


def test_the_hash_of_the_mounted_files_is_labelled_before_every_run_step():
    # A layer cache keys RUN on its text: the label makes a changed requirement a new text.
    first = image_build.containerfile(dict(OFFICIAL, has_requirements=True, files_digest="1" * 64)).splitlines()
    second = image_build.containerfile(dict(OFFICIAL, has_requirements=True, files_digest="2" * 64)).splitlines()
    label = "LABEL io.airflow-ecs.build-inputs=sha256:" + "1" * 64
    assert first.index(label) == 2 and first.index(label) < min(i for i, line in enumerate(first) if line.startswith("RUN"))
    assert first != second


def test_a_changed_file_input_is_named_alone_though_the_label_moves():
    def digests(requirements):
        files = {"constraints.txt": b"apache-airflow==3.3.2\n", "requirements.txt": requirements}
        label = image_build.inputs_digest({path: image_build.file_digest(data) for path, data in files.items()})
        files["Containerfile"] = image_build.containerfile(dict(OFFICIAL, has_requirements=True, files_digest=label)).encode()
        return image_build.input_digests(OFFICIAL, files)

    assert image_build.changed_inputs(digests(b"pandas\n"), digests(b"polars\n")) == ["pip_requirements"]
