#!/usr/bin/env bash
# Run `ansible-test sanity` on a copy of the collection laid out as
# ansible_collections/airflow_ecs/deploy (ansible-test needs that path).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ROOT}/.venv"
PIP_VERSION=24.2   # the pip ansible-test 2.19 bootstraps into its venvs
CACHE="${HOME}/.ansible/test/cache"

bash "${ROOT}/scripts/debian_packages.sh" sanity
command -v shellcheck >/dev/null || { echo "shellcheck is needed by the shellcheck sanity test" >&2; exit 1; }

mkdir -p "${CACHE}"
if ! compgen -G "${CACHE}/pip-${PIP_VERSION}-*.whl" >/dev/null; then
  "${VENV}/bin/pip" download --quiet --no-deps --only-binary=:all: -d "${CACHE}" "pip==${PIP_VERSION}"
fi
cp "${ROOT}/scripts/get_pip_standin.py" "${CACHE}/get_pip_${PIP_VERSION//./_}.py"

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
DEST="${WORK}/ansible_collections/airflow_ecs/deploy"
mkdir -p "${DEST}"
# Tracked and new files (less those deleted in the work tree), without the self-link under collections/.
(cd "${ROOT}" && git ls-files -z --cached --others --exclude-standard \
  | grep -zv '^collections/' \
  | while IFS= read -r -d '' path; do if test -e "${path}"; then printf '%s\0' "${path}"; fi; done \
  | tar --null -T - -cf -) | tar -xf - -C "${DEST}"

# The collections we depend on, from the pinned ansible package, beside ours.
SITE="$("${VENV}/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
for dependency in amazon/aws community/aws; do
  mkdir -p "${WORK}/ansible_collections/${dependency%/*}"
  ln -s "${SITE}/ansible_collections/${dependency}" "${WORK}/ansible_collections/${dependency}"
done

cd "${DEST}"
PATH="${VENV}/bin:${PATH}" ansible-test sanity --venv --python 3.11 --color no "$@"
