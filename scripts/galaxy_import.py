# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the Galaxy tarball and import it with galaxy-importer, offline (`make galaxy`).

    python scripts/galaxy_import.py [OUTPUT_DIR]     (default .local/galaxy, git-ignored)

Runs the checks Galaxy runs on an upload (scripts/galaxy-importer.cfg: ansible-doc and
ansible-lint, no ansible-test, no container engine, no network) and fails when the importer
reports an error, when the tarball carries a development-only tree, or when ansible-lint
takes longer than Galaxy allows. Prints how long the importer and its ansible-lint took.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "galaxy-importer.cfg"
# Galaxy stops the importer's ansible-lint after this many seconds (and fails the import).
GALAXY_LINT_LIMIT = 180
# Top-level entries that only develop and test the collection: galaxy.yml's build_ignore keeps
# them out; with tests/, molecule/ and bench/ in it the importer's ansible-lint ran past the limit,
# and with ansible-lint's .ansible/ (left by `make lint`) it took three times as long.
DEVELOPMENT_ONLY = {
    ".ansible", ".ci", ".git", ".local", ".venv", "bench", "collections", "constraints.txt", "Makefile",
    "molecule", "pyproject.toml", "scripts", "tests",
}
LINT_START = "Linting collection via ansible-lint"
LINT_END = "...ansible-lint run complete"
SUCCESS = "Importer processing completed successfully"
ERROR = re.compile(r"^(ERROR|CRITICAL):")


def build(output):
    """ansible-galaxy collection build into `output`; the tarball's path."""
    subprocess.run(
        ["ansible-galaxy", "collection", "build", "--force", "--output-path", str(output)],
        cwd=ROOT, check=True,
    )
    [tarball] = output.glob("*.tar.gz")
    return tarball


def development_only_entries(tarball):
    with tarfile.open(tarball) as archive:
        tops = {name.split("/", 1)[0] for name in archive.getnames()}
    return sorted(tops & DEVELOPMENT_ONLY)


def run_importer(tarball, output):
    """Run the importer, echo its log; (exit code, log lines, lint seconds or None, total seconds)."""
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=str(CONFIG), PYTHONUNBUFFERED="1",
               GALAXY_IMPORTER_TMP_ROOT_DIR=str(output / "tmp"),
               GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=str(output / "ansible-tmp"))
    # Galaxy has no ansible.cfg of ours: ansible-lint reads the tarball's own.
    env.pop("ANSIBLE_CONFIG", None)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    (output / "tmp").mkdir()
    lines, lint_started, lint_seconds = [], None, None
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "galaxy_importer.main", str(tarball)],
        cwd=output, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    for line in process.stdout:
        line = line.rstrip("\n")
        print(line, flush=True)
        lines.append(line)
        if LINT_START in line:
            lint_started = time.monotonic()
        elif LINT_END in line and lint_started is not None:
            lint_seconds = time.monotonic() - lint_started
    return process.wait(), lines, lint_seconds, time.monotonic() - started


def main(argv):
    output = (ROOT / (argv[0] if argv else ".local/galaxy")).resolve()
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    tarball = build(output)
    problems = []
    leaked = development_only_entries(tarball)
    if leaked:
        problems.append("the tarball carries development-only entries %s: add them to galaxy.yml's build_ignore" % ", ".join(leaked))

    code, lines, lint_seconds, total = run_importer(tarball, output)
    errors = [line for line in lines if ERROR.match(line)]
    print("== galaxy-importer on %s (%d KiB): %.0f s in all" % (tarball.name, tarball.stat().st_size // 1024, total))
    if lint_seconds is None:
        problems.append("ansible-lint did not run (is it installed? run_ansible_lint in %s?)" % CONFIG.name)
    else:
        print("== ansible-lint in the importer: %.1f s (Galaxy allows %d s)" % (lint_seconds, GALAXY_LINT_LIMIT))
        if lint_seconds >= GALAXY_LINT_LIMIT:
            problems.append("ansible-lint took %.0f s, Galaxy stops it at %d s" % (lint_seconds, GALAXY_LINT_LIMIT))
    if code != 0:
        problems.append("galaxy-importer exited with %d" % code)
    if errors:
        problems.append("galaxy-importer reported %d error(s): %s" % (len(errors), "; ".join(errors)))
    if not any(SUCCESS in line for line in lines):
        problems.append("galaxy-importer did not report success")
    for problem in problems:
        print("FAILED: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
