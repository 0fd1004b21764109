# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two build inputs of the emulator's image that a machine without Docker Hub lacks.

    python scripts/local_image_inputs.py [--state-dir DIR]

inventories/local builds the Airflow image with `image_base: python` from

* a Python base image, `localhost/airflow-ecs/python-base:3.11-bookworm`: a Debian bookworm
  root file system from mmdebstrap (Debian's mirror is reachable, Docker Hub is not) with the
  CPython that runs this script copied in at the same path. Debian 12's own Python is 3.11.2,
  and Airflow's constraints pin distributions that need 3.11.5 or newer (soupsieve 4.1.3);
* a wheelhouse, `<state dir>/wheelhouse/airflow-<release>-python3.11`: every wheel Airflow, its
  extras and the constraints need, downloaded by the host's pip (a build's pip cannot reach the
  index the host resolves from).

Both are made once and kept: the base while podman has it, the wheelhouse while its stamp names
the same constraints. Each is a few hundred MB and about a minute.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_IMAGE = "localhost/airflow-ecs/python-base:3.11-bookworm"
# The libraries the copied CPython links against come with Debian's python3.
DEBIAN_PACKAGES = "python3,python3-venv,ca-certificates"
DEBIAN_MIRROR = "http://deb.debian.org/debian"


def _load(relative: str):
    spec = importlib.util.spec_from_file_location(Path(relative).stem, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def airflow_version() -> str:
    return _load("plugins/module_utils/taskdef/release.py").AIRFLOW_VERSION


def _podman_has(image: str) -> bool:
    return subprocess.run(["podman", "image", "exists", image], check=False).returncode == 0


def ensure_base(image: str = BASE_IMAGE) -> str:
    if _podman_has(image):
        return f"{image}: present"
    if sys.version_info[:2] != (3, 11) or sys.version_info < (3, 11, 5):
        raise SystemExit(
            f"the base image needs CPython 3.11.5 or newer 3.11 to copy in (Airflow's constraints need it); "
            f"this is {sys.version.split()[0]}: run the script with such a Python"
        )
    for tool in ("mmdebstrap", "podman"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: bash scripts/debian_packages.sh image")
    prefix = Path(sys.base_prefix)
    with tempfile.TemporaryDirectory(prefix="airflow-ecs-base-") as work:
        rootfs = Path(work) / "rootfs"
        subprocess.run(["mmdebstrap", "--quiet", "--variant=apt", f"--include={DEBIAN_PACKAGES}", "--format=directory",
                        "bookworm", str(rootfs), DEBIAN_MIRROR], check=True)
        target = rootfs / prefix.relative_to("/")
        target.mkdir(parents=True)
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        # The interpreter keeps its path: its libpython is found through an absolute RPATH.
        for part in ("bin", "include", "lib"):
            shutil.copytree(prefix / part, target / part, symlinks=True,
                            ignore=shutil.ignore_patterns("site-packages", "test", "tests", "__pycache__", "idlelib",
                                                          "tkinter", "turtledemo"))
        (target / "lib" / version / "site-packages").mkdir(exist_ok=True)
        # The airflow user (50000) reaches the interpreter through every parent directory.
        for parent in [target, *target.parents]:
            if parent == rootfs:
                break
            parent.chmod(0o755)
        path = f"{prefix}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(["podman", "import", "--quiet", "--change", f"ENV PATH={path}", "--change", 'CMD ["/bin/bash"]',
                        "-", image], stdin=tar.stdout, check=True, stdout=subprocess.DEVNULL)
        tar.stdout.close()
        if tar.wait() != 0:
            raise SystemExit("tar of the base root file system failed")
    return f"{image}: built from Debian bookworm and {prefix}"


def wheelhouse_dir(state_dir: Path, version: str) -> Path:
    return state_dir / "wheelhouse" / f"airflow-{version}-python3.11"


def ensure_wheelhouse(state_dir: Path) -> str:
    version = airflow_version()
    extras = _load("plugins/module_utils/image_build.py").PYTHON_BASE_EXTRAS
    constraints = ROOT / "files" / "airflow" / f"constraints-{version}-python3.11.txt"
    requirements = [f"apache-airflow[{','.join(extras)}]=={version}", "apache-airflow-providers-fab[oauth]"]
    stamp_text = hashlib.sha256((constraints.read_text() + "\n".join(requirements)).encode()).hexdigest()
    directory = wheelhouse_dir(state_dir, version)
    stamp = directory.parent / f"{directory.name}.complete"
    if stamp.is_file() and stamp.read_text() == stamp_text:
        return f"{directory}: present"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                    "--only-binary=:all:", "--dest", str(directory), "-c", str(constraints), *requirements], check=True)
    stamp.write_text(stamp_text)
    return f"{directory}: {len(os.listdir(directory))} wheels downloaded"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".local")
    args = parser.parse_args()
    print(ensure_base())
    print(ensure_wheelhouse(args.state_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
