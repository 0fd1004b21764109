# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local stand-in for the get-pip script that `ansible-test --venv` downloads.

ansible-test bootstraps pip into each of its virtual environments by running a
get-pip script it fetches from a host our machines cannot reach. scripts/sanity.sh
copies this file to the cache path ansible-test looks at first, next to a pip
wheel taken from PyPI, and this script installs pip from that wheel.
"""

import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    wheels = sorted(glob.glob(os.path.join(HERE, "pip-*.whl")))
    if not wheels:
        sys.exit(f"no pip wheel next to {__file__}; run scripts/sanity.sh again")
    sys.path.insert(0, wheels[-1])
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    # --no-setuptools and --no-wheel are options of get-pip itself, not of pip.
    args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
    return pip_main(["install", "--upgrade", "--force-reinstall", "--find-links", HERE] + args)


if __name__ == "__main__":
    sys.exit(main())
